import type { FastifyInstance, FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { TSchema } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { answerNationalSupplement } from "../../../services/integration/answerNationalSupplement.ts";
import { confirmNationalPayment } from "../../../services/integration/confirmNationalPayment.ts";
import {
  NationalMessageReceipt,
  NationalPaymentMessage,
  NationalRatingMessage,
  NationalSupplementMessage,
  NationalWithdrawalMessage,
} from "../../../services/integration/nationalMessageSchemas.ts";
import { rateFromNationalPortal } from "../../../services/integration/rateFromNationalPortal.ts";
import { requestNationalWithdrawal } from "../../../services/integration/requestNationalWithdrawal.ts";
import { ErrorResponse } from "../../schemas/common.ts";

const responses = {
  200: NationalMessageReceipt,
  201: NationalMessageReceipt,
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  503: ErrorResponse,
};

const authNote =
  "Xác thực như khi nhận hồ sơ: X-Api-Key và X-Signature (HMAC-SHA256 dạng hex của nội dung). Gửi lại cùng MaThongDiep trả về kết quả lần đầu (200, replayed = true), không ghi nhận lần nữa.";

const answer = (reply: FastifyReply, receipt: NationalMessageReceipt) =>
  reply.status(receipt.replayed ? 200 : 201).send(receipt);

/**
 * The messages DVCQG sends about a dossier it forwarded (issue #13, R-LAW-4), registered inside the national-portal
 * plugin so they share its API key and HMAC checks on the raw body. Each is recorded once per `MaThongDiep` and goes
 * through the same rules as the act on our own portal or at the counter.
 */
export function registerNationalMessageRoutes(
  app: FastifyInstance,
  options: { db: Kysely<Database>; clock: () => Date },
): void {
  const route = <B extends TSchema>(
    path: string,
    summary: string,
    body: B,
    handle: (message: never, now: Date) => Promise<NationalMessageReceipt>,
  ) =>
    app.post(
      `/national-portal/messages/${path}`,
      { schema: { tags: ["integration"], summary, description: authNote, body, response: responses } },
      async (request, reply) => answer(reply, await handle(request.body as never, options.clock())),
    );

  route(
    "supplement",
    "Người nộp bổ sung hồ sơ trên Cổng DVCQG",
    NationalSupplementMessage,
    (message: NationalSupplementMessage, now) => answerNationalSupplement(options.db, { message, now }),
  );
  route(
    "withdrawal",
    "Người nộp đề nghị rút hồ sơ trên Cổng DVCQG (trạng thái 7)",
    NationalWithdrawalMessage,
    (message: NationalWithdrawalMessage, now) => requestNationalWithdrawal(options.db, { message, now }),
  );
  route(
    "payment",
    "Xác nhận đã nộp phí, lệ phí trên nền tảng thanh toán của Cổng DVCQG",
    NationalPaymentMessage,
    (message: NationalPaymentMessage, now) => confirmNationalPayment(options.db, { message, now }),
  );
  route(
    "rating",
    "Đánh giá mức độ hài lòng gửi từ Cổng DVCQG",
    NationalRatingMessage,
    (message: NationalRatingMessage, now) => rateFromNationalPortal(options.db, { message, now }),
  );
}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { PaymentPlatformError } from "../../../integrations/payment/paymentPlatform.ts";
import { applicantRoles } from "../../../services/accounts/actor.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { owedFees } from "../../../services/payments/owedFees.ts";
import type { PaymentPorts } from "../../../services/payments/paymentPorts.ts";
import { listDossierReceipts } from "../../../services/payments/receipts.ts";
import { startOnlinePayment } from "../../../services/payments/startOnlinePayment.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { DossierIdParams } from "../../schemas/dossier.ts";
import { FeeBreakdown, ReceiptSummary, receiptSummaryOf } from "./paymentSchemas.ts";

export interface CitizenPaymentRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  publicUrl: string;
  payments: PaymentPorts | undefined;
}

const StartedPayment = Type.Object({
  paymentRequestId: Type.String({ format: "uuid" }),
  amount: Type.Integer({ description: "Số tiền (đồng)" }),
  currency: Type.Literal("VND"),
  redirectUrl: Type.String({ description: "Trang thanh toán của Nền tảng thanh toán" }),
  vietQr: Type.String({ description: "Nội dung mã VietQR (EMVCo)" }),
});

const Fees = Type.Object({
  owed: Type.Union([FeeBreakdown, Type.Null()]),
  receipts: Type.Array(ReceiptSummary),
});

/**
 * The applicant's fees (R-FEE-1, R-FEE-6): what is owed now with its breakdown and the receipts already issued;
 * starting an online payment (201 `{ paymentRequestId, amount, currency, redirectUrl, vietQr }`, 409 when nothing is
 * owed). Only the owner of the dossier; anyone else is told it does not exist.
 */
export const citizenPaymentRoutes: FastifyPluginAsyncTypebox<CitizenPaymentRouteOptions> = async (
  app,
  options,
) => {
  const guard = requireRole(applicantRoles);

  app.get(
    "/citizen/dossiers/:id/fees",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Phí, lệ phí của hồ sơ: khoản phải nộp và biên lai",
        params: DossierIdParams,
        response: { 200: Fees, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const actor = actorFrom(request);
      const record = await findDossier(options.db, request.params.id);
      if (!record || record.row.owner_user_id !== actor.userId) throw dossierNotFound();
      const owed = await owedFees(options.db, record);
      const receipts = await listDossierReceipts(options.db, record.row.id);
      return {
        owed: owed ? { purpose: owed.purpose, total: owed.total, lines: owed.lines.map(lineOf) } : null,
        receipts: receipts.map(receiptSummaryOf),
      };
    },
  );

  app.post(
    "/citizen/dossiers/:id/payments",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Thanh toán trực tuyến phí, lệ phí của hồ sơ",
        description:
          "Tạo yêu cầu thanh toán trên Nền tảng thanh toán; chuyển người nộp đến redirectUrl hoặc hiển thị mã VietQR. Hồ sơ chỉ được ghi nhận đã thanh toán khi Nền tảng gửi thông báo kết quả có chữ ký.",
        params: DossierIdParams,
        response: {
          201: StartedPayment,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          502: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const language = request.headers["accept-language"]?.startsWith("en") ? "en" : "vi";
      // Issue #20: only the dossier's applicant learns whether online payment is configured (404 to anyone else).
      const record = await findDossier(options.db, request.params.id);
      if (!record || record.row.owner_user_id !== actorFrom(request).userId) throw dossierNotFound();
      if (!options.payments)
        return reply.status(503).send({
          error: {
            code: "PAYMENT_NOT_CONFIGURED",
            message:
              language === "en"
                ? "Online payment is not configured on this system"
                : "Hệ thống chưa được cấu hình thanh toán trực tuyến",
          },
        });
      try {
        const started = await startOnlinePayment(
          options.db,
          {
            platform: options.payments.platform,
            publicUrl: options.publicUrl,
            bankBin: options.payments.bankBin,
          },
          { dossierId: request.params.id, actor: actorFrom(request), now: options.clock() },
        );
        return reply.status(201).send(started);
      } catch (error) {
        if (!(error instanceof PaymentPlatformError)) throw error;
        request.log.warn({ err: error }, "payment platform failed");
        return reply.status(502).send({
          error: {
            code: "PAYMENT_PLATFORM_UNAVAILABLE",
            message:
              language === "en"
                ? "The payment platform is not answering; please try again in a few minutes"
                : "Nền tảng thanh toán đang không phản hồi, vui lòng thử lại sau ít phút",
          },
        });
      }
    },
  );
};

function lineOf(line: {
  code: string | null;
  name: string;
  amount: number;
  exemptReason?: string;
  basis?: string;
}) {
  return {
    code: line.code,
    name: line.name,
    amount: line.amount,
    ...(line.exemptReason ? { exemptReason: line.exemptReason } : {}),
    ...(line.basis ? { basis: line.basis } : {}),
  };
}

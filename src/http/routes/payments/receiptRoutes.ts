import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import type { FileStorage } from "../../../integrations/storage/fileStorage.ts";
import { assertCanSee } from "../../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import {
  findReceipt,
  findReceiptByCode,
  listDossierReceipts,
  receiptNotFound,
  renderReceiptPdf,
} from "../../../services/payments/receipts.ts";
import { printLogo } from "../../../services/provinceIdentity/provinceImages.ts";
import { actorFrom, requireActor } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { DossierIdParams } from "../../schemas/dossier.ts";
import { ReceiptSummary, receiptSummaryOf } from "./paymentSchemas.ts";

export interface ReceiptRouteOptions {
  db: Kysely<Database>;
  publicUrl: string;
  rateLimitPerMinute: number;
  /** The file store of the province's logo printed on the receipt (issue #19); none: no logo. */
  storage?: FileStorage;
}

const ReceiptParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  receiptId: Type.String({ format: "uuid" }),
});

const PublicReceipt = Type.Object({
  valid: Type.Boolean({ description: "false khi biên lai đã bị hủy và thay thế" }),
  agencyName: Type.String(),
  series: Type.String(),
  number: Type.String(),
  dossierCode: Type.String(),
  amount: Type.Integer(),
  amountInWords: Type.String(),
  issuedAt: Type.String({ format: "date-time" }),
});

/**
 * E-receipts (R-FEE-3): a dossier's receipts and their PDFs for whoever may see the dossier (its owner, the officers
 * of its agencies); the public check of a receipt by the code its QR holds (facts only: no payer, rate-limited).
 */
export const receiptRoutes: FastifyPluginAsyncTypebox<ReceiptRouteOptions> = async (app, options) => {
  const visibleDossier = async (dossierId: string, request: Parameters<typeof actorFrom>[0]) => {
    const record = await findDossier(options.db, dossierId);
    if (!record) throw dossierNotFound();
    assertCanSee(actorFrom(request), record.row);
    return record;
  };

  app.get(
    "/dossiers/:id/receipts",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen"],
        summary: "Biên lai điện tử của hồ sơ",
        params: DossierIdParams,
        response: { 200: Type.Array(ReceiptSummary), 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      await visibleDossier(request.params.id, request);
      return (await listDossierReceipts(options.db, request.params.id)).map(receiptSummaryOf);
    },
  );

  app.get(
    "/dossiers/:id/receipts/:receiptId/bien-lai.pdf",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen"],
        summary: "Tải biên lai điện tử (PDF)",
        params: ReceiptParams,
      },
    },
    async (request, reply) => {
      await visibleDossier(request.params.id, request);
      const receipt = await findReceipt(options.db, request.params.receiptId);
      if (!receipt || receipt.dossierId !== request.params.id) throw receiptNotFound();
      const logo = options.storage ? await printLogo(options.db, options.storage) : null;
      const pdf = await renderReceiptPdf(receipt, options.publicUrl, logo);
      return reply
        .header("content-type", "application/pdf")
        .header(
          "content-disposition",
          `attachment; filename="bien-lai-${receipt.series}-${receipt.number}.pdf"`,
        )
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    "/public/receipts/:code",
    {
      config: { rateLimit: { max: options.rateLimitPerMinute, timeWindow: "1 minute" } },
      schema: {
        tags: ["lookup"],
        summary: "Kiểm tra biên lai điện tử theo mã tra cứu",
        params: Type.Object({ code: Type.String({ minLength: 5, maxLength: 40 }) }),
        response: { 200: PublicReceipt, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      const receipt = await findReceiptByCode(options.db, request.params.code.trim().toUpperCase());
      if (!receipt) throw receiptNotFound();
      return {
        valid: !receipt.cancelled,
        agencyName: receipt.agencyName,
        series: receipt.series,
        number: receipt.number,
        dossierCode: receipt.dossierCode,
        amount: receipt.amount,
        amountInWords: receipt.amountInWords,
        issuedAt: receipt.issuedAt.toISOString(),
      };
    },
  );
};

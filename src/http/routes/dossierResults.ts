import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { verifyUrlOf } from "../../domain/results/verifyUrl.ts";
import { dossierVerificationSlip, listDossierResults } from "../../services/results/dossierResults.ts";
import { actorFrom, requireActor } from "../plugins/auth.ts";
import { ErrorResponse } from "../schemas/common.ts";
import { attachmentDisposition } from "./dossierFiles.ts";
import type { DossierRouteContext } from "./dossierRouteContext.ts";

export interface DossierResultRouteContext extends DossierRouteContext {
  publicUrl: string;
}

const DossierResults = Type.Array(
  Type.Object(
    {
      code: Type.String({ description: "Mã xác thực kết quả" }),
      fileId: Type.String({ format: "uuid" }),
      fileName: Type.String(),
      fileSha256: Type.String(),
      issuedAt: Type.String({ format: "date-time" }),
      verifyUrl: Type.String({ description: "Địa chỉ mà mã QR của kết quả chứa (kèm mã ký số)" }),
    },
    { additionalProperties: false },
  ),
);

/**
 * `GET /api/dossiers/:id/results`: the verifiable results of a dossier with their verification codes and QR addresses
 * (R-RES-1), for its applicant's page and the office's; whoever may not see the dossier is told it does not exist.
 */
export const dossierResultRoutes: FastifyPluginAsyncTypebox<DossierResultRouteContext> = async (
  app,
  context,
) => {
  app.get(
    "/dossiers/:id/results",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen", "office"],
        summary: "Kết quả điện tử của hồ sơ và mã xác thực",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: DossierResults, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const results = await listDossierResults(context.db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
      });
      return results.map((result) => ({
        code: result.code,
        fileId: result.fileId,
        fileName: result.fileName,
        fileSha256: result.fileSha256,
        issuedAt: result.issuedAt.toISOString(),
        verifyUrl: verifyUrlOf(context.publicUrl, result.code, result.token),
      }));
    },
  );

  app.get(
    "/dossiers/:id/results/:code/phieu-xac-thuc.pdf",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen", "office"],
        summary: "Phiếu xác thực kết quả điện tử (mã xác thực, mã QR, mã băm của tệp) dạng PDF",
        params: Type.Object({
          id: Type.String({ format: "uuid" }),
          code: Type.String({ minLength: 1, maxLength: 40 }),
        }),
        response: {
          200: Type.Unsafe<Buffer>({ type: "string", format: "binary" }),
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const slip = await dossierVerificationSlip(context.db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        code: request.params.code,
        publicUrl: context.publicUrl,
      });
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", attachmentDisposition(slip.fileName).replace(/^attachment/, "inline"))
        .header("cache-control", "private, no-cache")
        .send(Buffer.from(slip.content));
    },
  );
};

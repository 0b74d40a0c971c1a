import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { Role } from "../../../db/schema.ts";
import { trackingRegisterExcel } from "../../../services/forms/registerExcel.ts";
import {
  listDossierForms,
  type RenderedForm,
  renderDossierForm,
} from "../../../services/forms/renderDossierForm.ts";
import { trackingRegister } from "../../../services/forms/trackingRegister.ts";
import { SigningServiceError } from "../../../services/signing/officerSignature.ts";
import { signIssuedForm } from "../../../services/signing/signIssuedForm.ts";
import type { SigningPorts } from "../../../services/signing/signingPorts.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { AgencyCode, ErrorResponse } from "../../schemas/common.ts";
import { attachmentDisposition } from "../dossierFiles.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";

export interface FormRouteContext extends DossierRouteContext {
  /** The portal's public address: the reception slip's QR code encodes the lookup URL under it (R-CODE-6). */
  publicUrl: string;
  /** Officers' signatures (issue #16): without them forms are issued unsigned. */
  signing?: SigningPorts | undefined;
}

const OFFICERS: Role[] = ["counter_officer", "specialist", "unit_head", "agency_leader"];

export const FormName = Type.Union(
  [
    Type.Literal("reception-slip"),
    Type.Literal("supplement-request"),
    Type.Literal("refusal-notice"),
    Type.Literal("control-sheet"),
    Type.Literal("apology-letter"),
    Type.Literal("stop-notice"),
  ],
  { description: "Biểu mẫu (R-FORM-1…7)" },
);
export const FormParams = Type.Object({ id: Type.String({ format: "uuid" }), form: FormName });
export const OfferedForms = Type.Array(
  Type.Object({ form: FormName, title: Type.String(), fileName: Type.String() }),
);
export const FormErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
};
export const PdfResponse = Type.Unsafe<Buffer>({ type: "string", format: "binary" });

/** Sends a rendered form to be shown in the browser (inline), with its UTF-8 file name. */
export function sendForm(reply: FastifyReply, form: RenderedForm) {
  return reply
    .header("content-type", "application/pdf")
    .header("content-disposition", attachmentDisposition(form.fileName).replace(/^attachment/, "inline"))
    .header("etag", `"${form.sha256}"`)
    .header("cache-control", "private, no-cache")
    .send(Buffer.from(form.content));
}

/**
 * The forms of a dossier for officers (issue #7): which forms it has data for, and each as a PDF to print. Any
 * officer who may see the dossier gets every form; whether they reach it is decided per dossier (404 outside).
 */
export const officeFormRoutes: FastifyPluginAsyncTypebox<FormRouteContext> = async (app, context) => {
  const guard = requireRole(OFFICERS);

  app.get(
    "/office/dossiers/:id/forms",
    {
      preValidation: guard,
      schema: {
        tags: ["office"],
        summary: "Các biểu mẫu in được của hồ sơ (chỉ những biểu mẫu đã có dữ liệu)",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: OfferedForms, ...FormErrors },
      },
    },
    async (request) =>
      listDossierForms(context.db, { actor: actorFrom(request), dossierId: request.params.id }),
  );

  app.get(
    "/office/dossiers/:id/forms/:form.pdf",
    {
      preValidation: guard,
      schema: {
        tags: ["office"],
        summary: "Biểu mẫu của hồ sơ dạng PDF (lưu vào hồ sơ lần đầu, kèm sha256)",
        params: FormParams,
        response: { 200: PdfResponse, ...FormErrors, 409: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      const actor = actorFrom(request);
      const now = context.clock();
      const { signing } = context;
      try {
        return sendForm(
          reply,
          await renderDossierForm(context.db, context.storage, {
            actor,
            dossierId: request.params.id,
            form: request.params.form,
            publicUrl: context.publicUrl,
            now,
            // Issue #16: a form that carries an officer's signature is signed by the officer who issues it.
            sign: signing
              ? (content, agencyId) =>
                  signIssuedForm(context.db, signing, {
                    actor,
                    form: request.params.form,
                    agencyId,
                    content,
                    now,
                  })
              : undefined,
          }),
        );
      } catch (error) {
        if (!(error instanceof SigningServiceError)) throw error;
        request.log.warn({ err: error.cause }, "signing service unavailable for a form");
        return reply.status(503).send({
          error: {
            code: "SIGNING_UNAVAILABLE",
            message:
              request.language === "en"
                ? "The signing service is not answering, please retry in a few minutes"
                : "Dịch vụ ký số đang không phản hồi, vui lòng thử lại sau ít phút",
          },
        });
      }
    },
  );

  const Day = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD (giờ Việt Nam)" });
  const RegisterQuery = Type.Object(
    {
      agencyCode: AgencyCode,
      sectorCode: Type.String({ minLength: 1, maxLength: 40 }),
      from: Day,
      to: Day,
    },
    { additionalProperties: false },
  );
  app.get(
    "/office/register.pdf",
    {
      preValidation: guard,
      schema: {
        tags: ["office"],
        summary: "Sổ theo dõi hồ sơ của cơ quan theo lĩnh vực và khoảng thời gian (R-FORM-6), dạng PDF",
        querystring: RegisterQuery,
        response: { 200: PdfResponse, ...FormErrors },
      },
    },
    async (request, reply) => {
      const register = await trackingRegister(context.db, { actor: actorFrom(request), ...request.query });
      return reply
        .header("content-type", "application/pdf")
        .header(
          "content-disposition",
          attachmentDisposition(register.fileName).replace(/^attachment/, "inline"),
        )
        .header("cache-control", "private, no-cache")
        .send(Buffer.from(register.content));
    },
  );

  // The same register as an Excel workbook (R-FORM-6): same checks, rows and columns as the PDF.
  app.get(
    "/office/register.xlsx",
    {
      preValidation: guard,
      schema: {
        tags: ["office"],
        summary: "Sổ theo dõi hồ sơ theo lĩnh vực và khoảng thời gian (R-FORM-6), dạng Excel",
        querystring: RegisterQuery,
        response: { 200: PdfResponse, ...FormErrors },
      },
    },
    async (request, reply) => {
      const register = await trackingRegisterExcel(context.db, {
        actor: actorFrom(request),
        ...request.query,
      });
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", attachmentDisposition(register.fileName))
        .header("cache-control", "private, no-cache")
        .send(Buffer.from(register.content));
    },
  );
};

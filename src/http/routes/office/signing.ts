import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Role } from "../../../db/schema.ts";
import { EXEMPTION_REASONS } from "../../../domain/digitisation/exemptions.ts";
import { DOCUMENT_TYPES } from "../../../domain/digitisation/metadata.ts";
import type { PdfSignatureCheck } from "../../../integrations/signing/verifyPdfSignatures.ts";
import {
  describeDigitisation,
  fileSignatures,
  uploadSignatures,
} from "../../../services/digitisation/describeDigitisation.ts";
import { dossierFor } from "../../../services/digitisation/digitisationAccess.ts";
import { digitiseComponent, RECEPTION_ROLES } from "../../../services/digitisation/digitiseComponent.ts";
import { exemptComponent } from "../../../services/digitisation/exemptComponent.ts";
import { APPROVER_ROLES, signResult } from "../../../services/digitisation/signResult.ts";
import { assertCanSee } from "../../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { SigningServiceError } from "../../../services/signing/officerSignature.ts";
import type { SigningPorts } from "../../../services/signing/signingPorts.ts";
import { actorFrom, requireActor, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";

const Uuid = Type.String({ format: "uuid" });
const LocalDate = Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$" });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: "^$|\\S" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

const SignatureCheck = Type.Object({
  state: Type.Union([
    Type.Literal("valid"),
    Type.Literal("broken"),
    Type.Literal("unknownIssuer"),
    Type.Literal("revoked"),
    Type.Literal("expired"),
  ]),
  signerName: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  signedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  certificateSerial: Type.Union([Type.String(), Type.Null()]),
  issuerName: Type.Union([Type.String(), Type.Null()]),
});
const Signatures = Type.Object({ signatures: Type.Array(SignatureCheck) });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const DigitisationRecord = Type.Object({
  id: Uuid,
  fileId: Type.Union([Uuid, Type.Null()]),
  kind: Type.Union([Type.Literal("component"), Type.Literal("result")]),
  componentCode: Type.String(),
  documentType: Type.String(),
  issuer: Type.String(),
  documentNumber: NullableString,
  issueDate: NullableString,
  validUntil: NullableString,
  pages: Type.Integer(),
  dpi: Type.Union([Type.Integer(), Type.Null()]),
  pdfA: Type.Boolean(),
  exemptReason: NullableString,
  exemptNote: NullableString,
  signerName: NullableString,
  signedAt: NullableString,
  recordedAt: Type.String(),
});

const DigitiseBody = Type.Object(
  {
    documentType: Type.Union(DOCUMENT_TYPES.map((type) => Type.Literal(type))),
    issuer: Text(300),
    documentNumber: Nullable(Text(100)),
    issueDate: Nullable(LocalDate),
    validUntil: Nullable(LocalDate),
    pages: Type.Integer({ minimum: 1, maximum: 2000 }),
    /** `shortLived`: ordinary administrative papers kept briefly, 200 dpi enough (R-DIG-2). */
    retention: Type.Optional(Type.Union([Type.Literal("standard"), Type.Literal("shortLived")])),
    pdfARequired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const ExemptBody = Type.Object(
  {
    fileId: Type.Optional(Uuid),
    componentPosition: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
    reason: Type.Union(EXEMPTION_REASONS.map((reason) => Type.Literal(reason))),
    note: Nullable(Text(1000)),
  },
  { additionalProperties: false },
);
const SignResultBody = Type.Object({ uploadId: Uuid }, { additionalProperties: false });

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  503: ErrorResponse,
};

/** Who digitises at reception (R-RECV-7) and who signs results (R-RES-1); the services check the dossier's scope. */
const RECEPTION: Role[] = ["counter_officer"];
const APPROVERS: Role[] = ["agency_leader", "unit_head"];
// Issue #20: the agency administrator manages accounts and settings, not dossiers: the office refuses it a dossier,
// and so its digitisation (access under a dossier follows access to the dossier).
const OFFICERS: Role[] = ["counter_officer", "specialist", "unit_head", "agency_leader"];

const viewOf = (check: PdfSignatureCheck) => ({ ...check, signedAt: check.signedAt?.toISOString() ?? null });

const unavailable = {
  vi: "Dịch vụ ký số đang không phản hồi, vui lòng thử lại sau ít phút",
  en: "The signing service is not answering, please retry in a few minutes",
};
const notConfigured = {
  vi: "Chưa cấu hình dịch vụ ký số",
  en: "No signing service is configured",
};

/**
 * Officers' digital signatures and digitisation (issue #16; R-RECV-7, R-DIG-1/2, R-RES-1): digitise and sign a
 * component at reception, record an exemption, sign a result before approving it, read a dossier's digitisation,
 * and verify the signatures of a dossier's file (on display) or of one's own upload (on upload). Without a signing
 * port (`signing` unset) the signing routes answer 503.
 */
export const signingRoutes: FastifyPluginAsyncTypebox<
  DossierRouteContext & { signing?: SigningPorts | undefined }
> = async (app, context) => {
  const withSigning = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    work: (signing: SigningPorts) => Promise<T>,
    authorize?: () => Promise<unknown>,
  ): Promise<T | FastifyReply> => {
    const language = request.language ?? "vi";
    // Issue #20 (the authorization matrix): who may not act on the dossier is refused (404/403) before being told
    // whether a signing service is configured.
    if (authorize) await authorize();
    if (!context.signing)
      return reply
        .status(503)
        .send({ error: { code: "SIGNING_NOT_CONFIGURED", message: notConfigured[language] } });
    try {
      return await work(context.signing);
    } catch (error) {
      if (!(error instanceof SigningServiceError)) throw error;
      request.log.warn({ err: error.cause }, "signing service unavailable");
      return reply
        .status(503)
        .send({ error: { code: "SIGNING_UNAVAILABLE", message: unavailable[language] } });
    }
  };

  app.post(
    "/office/dossiers/:id/files/:fileId/digitisation",
    {
      preValidation: requireRole(RECEPTION),
      schema: {
        tags: ["office"],
        summary: "Số hóa và ký số một thành phần hồ sơ tại Bộ phận Một cửa",
        params: Type.Object({ id: Uuid, fileId: Uuid }),
        body: DigitiseBody,
        response: { 201: Type.Object({ id: Uuid }), ...errors },
      },
    },
    async (request, reply) =>
      withSigning(
        request,
        reply,
        async (signing) => {
          const { body } = request;
          const created = await digitiseComponent(context.db, context.storage, signing, {
            dossierId: request.params.id,
            fileId: request.params.fileId,
            actor: actorFrom(request),
            now: context.clock(),
            metadata: {
              documentType: body.documentType,
              issuer: body.issuer.trim(),
              documentNumber: body.documentNumber?.trim() ?? null,
              issueDate: body.issueDate ?? null,
              validUntil: body.validUntil ?? null,
              pages: body.pages,
            },
            retention: body.retention ?? "standard",
            pdfARequired: body.pdfARequired ?? false,
          });
          return reply.status(201).send(created);
        },
        () => dossierFor(context.db, actorFrom(request), request.params.id, RECEPTION_ROLES, "receiving"),
      ),
  );

  app.post(
    "/office/dossiers/:id/digitisation-exemptions",
    {
      preValidation: requireRole(RECEPTION),
      schema: {
        tags: ["office"],
        summary: "Ghi nhận thành phần hồ sơ được miễn số hóa, kèm lý do",
        params: Type.Object({ id: Uuid }),
        body: ExemptBody,
        response: { 201: Type.Object({ id: Uuid }), ...errors },
      },
    },
    async (request, reply) => {
      const created = await exemptComponent(context.db, {
        dossierId: request.params.id,
        fileId: request.body.fileId,
        componentPosition: request.body.componentPosition,
        reason: request.body.reason,
        note: request.body.note?.trim() ?? null,
        actor: actorFrom(request),
        now: context.clock(),
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    "/office/dossiers/:id/result-signature",
    {
      preValidation: requireRole(APPROVERS),
      schema: {
        tags: ["office"],
        summary: "Lãnh đạo ký số kết quả giải quyết trước khi phê duyệt",
        params: Type.Object({ id: Uuid }),
        body: SignResultBody,
        response: {
          201: Type.Object({ uploadId: Uuid, fileName: Type.String(), signature: SignatureCheck }),
          ...errors,
        },
      },
    },
    async (request, reply) =>
      withSigning(
        request,
        reply,
        async (signing) => {
          const signed = await signResult(context.db, context.storage, signing, {
            dossierId: request.params.id,
            uploadId: request.body.uploadId,
            actor: actorFrom(request),
            now: context.clock(),
          });
          return reply.status(201).send({ ...signed, signature: viewOf(signed.signature) });
        },
        () => dossierFor(context.db, actorFrom(request), request.params.id, APPROVER_ROLES, "deciding"),
      ),
  );

  app.get(
    "/office/dossiers/:id/digitisation",
    {
      preValidation: requireRole(OFFICERS),
      schema: {
        tags: ["office"],
        summary: "Tình trạng số hóa các thành phần và kết quả của hồ sơ",
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            files: Type.Array(
              Type.Object({
                fileId: Uuid,
                fileName: Type.String(),
                purpose: Type.String(),
                componentCode: Type.Union([Type.String(), Type.Null()]),
                state: Type.Union([
                  Type.Literal("digitised"),
                  Type.Literal("exempt"),
                  Type.Literal("pending"),
                ]),
              }),
            ),
            records: Type.Array(DigitisationRecord),
          }),
          ...errors,
        },
      },
    },
    async (request) => describeDigitisation(context.db, actorFrom(request), request.params.id),
  );

  app.get(
    "/dossiers/:id/files/:fileId/signatures",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen", "office"],
        summary: "Kiểm tra chữ ký số của một tệp trong hồ sơ",
        params: Type.Object({ id: Uuid, fileId: Uuid }),
        response: { 200: Signatures, ...errors },
      },
    },
    async (request, reply) =>
      withSigning(
        request,
        reply,
        async (signing) => ({
          signatures: (
            await fileSignatures(context.db, context.storage, signing, {
              actor: actorFrom(request),
              dossierId: request.params.id,
              fileId: request.params.fileId,
            })
          ).map(viewOf),
        }),
        async () => {
          const record = await findDossier(context.db, request.params.id);
          if (!record) throw dossierNotFound();
          assertCanSee(actorFrom(request), record.row);
        },
      ),
  );

  app.get(
    "/uploads/:id/signatures",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen", "office"],
        summary: "Kiểm tra chữ ký số của tệp vừa tải lên",
        params: Type.Object({ id: Uuid }),
        response: { 200: Signatures, ...errors },
      },
    },
    async (request, reply) =>
      withSigning(request, reply, async (signing) => ({
        signatures: (
          await uploadSignatures(context.db, context.storage, signing, {
            actor: actorFrom(request),
            uploadId: request.params.id,
          })
        ).map(viewOf),
      })),
  );
};

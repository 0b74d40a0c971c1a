import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { listDossierForms, renderDossierForm } from "../../../services/forms/renderDossierForm.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import {
  FormErrors,
  FormParams,
  type FormRouteContext,
  OfferedForms,
  PdfResponse,
  sendForm,
} from "../office/forms.ts";

/**
 * The applicant's forms (issue #7): the slip, supplement request, refusal, apology and stop notice of their own
 * dossier. The internal control sheet, a form without data and someone else's dossier all answer 404, the same as
 * an unknown dossier.
 */
export const citizenFormRoutes: FastifyPluginAsyncTypebox<FormRouteContext> = async (app, context) => {
  const guard = requireRole(["citizen", "organisation_representative"]);

  app.get(
    "/citizen/dossiers/:id/forms",
    {
      preValidation: guard,
      schema: {
        tags: ["citizen"],
        summary: "Các biểu mẫu của hồ sơ mà người nộp tải được",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: OfferedForms, ...FormErrors },
      },
    },
    async (request) =>
      listDossierForms(context.db, { actor: actorFrom(request), dossierId: request.params.id }),
  );

  app.get(
    "/citizen/dossiers/:id/forms/:form.pdf",
    {
      preValidation: guard,
      schema: {
        tags: ["citizen"],
        summary: "Tải biểu mẫu của hồ sơ dạng PDF",
        params: FormParams,
        response: { 200: PdfResponse, ...FormErrors },
      },
    },
    async (request, reply) =>
      sendForm(
        reply,
        await renderDossierForm(context.db, context.storage, {
          actor: actorFrom(request),
          dossierId: request.params.id,
          form: request.params.form,
          publicUrl: context.publicUrl,
          now: context.clock(),
        }),
      ),
  );
};

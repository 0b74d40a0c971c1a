import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { openKioskSession, rateAtKiosk } from "../../../services/evaluation/kiosk.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { evaluationErrors, RatingBody } from "../evaluationSchemas.ts";

export interface KioskRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const KioskSessionResponse = Type.Object({
  sessionId: Type.String({ format: "uuid" }),
  expiresAt: Type.String({ format: "date-time" }),
  dossier: Type.Object({ code: Type.String(), procedureName: Type.String(), agencyName: Type.String() }),
});

/**
 * Rating at the counter (R-EVAL-1): the counter officer opens the kiosk screen for a dossier code, then the applicant
 * rates on that screen; the rating is posted in the officer's session, to the session it opened.
 */
export const kioskRoutes: FastifyPluginAsyncTypebox<KioskRouteOptions> = async (app, options) => {
  const guard = requireRole(["counter_officer"]);

  app.post(
    "/office/kiosk/sessions",
    {
      preValidation: guard,
      schema: {
        tags: ["office"],
        summary: "Mở màn hình đánh giá tại quầy cho một hồ sơ",
        body: Type.Object(
          { dossierCode: Type.String({ minLength: 1, maxLength: 60 }) },
          { additionalProperties: false },
        ),
        response: { 201: KioskSessionResponse, ...evaluationErrors },
      },
    },
    async (request, reply) => {
      const session = await openKioskSession(options.db, {
        actor: actorFrom(request),
        dossierCode: request.body.dossierCode,
        now: options.clock(),
      });
      return reply.code(201).send(session);
    },
  );

  app.post(
    "/office/kiosk/sessions/:id/rating",
    {
      preValidation: guard,
      schema: {
        tags: ["office"],
        summary: "Người nộp đánh giá trên màn hình tại quầy",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        body: RatingBody,
        response: { 201: Type.Object({ rated: Type.Literal(true) }), ...evaluationErrors },
      },
    },
    async (request, reply) => {
      const result = await rateAtKiosk(options.db, {
        actor: actorFrom(request),
        sessionId: request.params.id,
        rating: request.body,
        now: options.clock(),
      });
      return reply.code(201).send(result);
    },
  );
};

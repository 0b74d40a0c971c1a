import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { getOwnRating, rateOwnDossier } from "../../../services/evaluation/rateOwnDossier.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { evaluationErrors, OwnRatingResponse, RatingBody } from "../evaluationSchemas.ts";

export interface RatingRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const Params = Type.Object({ id: Type.String({ format: "uuid" }) });

/**
 * The applicant's rating of their own dossier (R-EVAL-1, R-EVAL-2): read it, or give it once after the result.
 * Someone else's dossier answers 404 like an unknown one; a second rating or one before the result 409.
 */
export const citizenRatingRoutes: FastifyPluginAsyncTypebox<RatingRouteOptions> = async (app, options) => {
  const guard = requireRole(["citizen", "organisation_representative"]);

  app.get(
    "/citizen/dossiers/:id/rating",
    {
      preValidation: guard,
      schema: {
        tags: ["citizen"],
        summary: "Đánh giá của người nộp cho hồ sơ của mình",
        params: Params,
        response: { 200: OwnRatingResponse, ...evaluationErrors },
      },
    },
    async (request) => getOwnRating(options.db, { actor: actorFrom(request), dossierId: request.params.id }),
  );

  app.post(
    "/citizen/dossiers/:id/rating",
    {
      preValidation: guard,
      schema: {
        tags: ["citizen"],
        summary: "Đánh giá việc giải quyết hồ sơ (một lần, sau khi có kết quả)",
        params: Params,
        body: RatingBody,
        response: { 201: OwnRatingResponse, ...evaluationErrors },
      },
    },
    async (request, reply) => {
      const result = await rateOwnDossier(options.db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        rating: request.body,
        now: options.clock(),
      });
      return reply.code(201).send(result);
    },
  );
};

import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { actorForSession } from "../../services/organisation/actingFor.ts";

/**
 * The applicant routes run as the organisation while the session acts for one (issue #14, R-ACC-1: "when
 * authorized, the authorizer's account is the dossier's account"): dossiers, their files, results, receipts,
 * payments, ratings and uploads. The choice is checked again on every such request, so a mandate that expired or
 * was revoked meanwhile is refused at once (403 with the reason). Account and session routes stay the person's own.
 */
const ORGANISATION_PATHS = ["/api/citizen/dossiers", "/api/dossiers/", "/api/uploads"];

export function registerActingFor(
  app: FastifyInstance,
  options: { db: Kysely<Database>; clock: () => Date },
): void {
  app.addHook("onRequest", async (request) => {
    const { actor, session } = request;
    if (!actor || !session || actor.kind !== "citizen") return;
    const path = request.url.split("?", 1)[0] ?? "";
    if (!ORGANISATION_PATHS.some((prefix) => path.startsWith(prefix))) return;
    const organisationActor = await actorForSession(
      options.db,
      session.sessionId,
      actor.userId,
      options.clock(),
      session.actingOrganisationId,
    );
    if (organisationActor) request.actor = organisationActor;
  });
}

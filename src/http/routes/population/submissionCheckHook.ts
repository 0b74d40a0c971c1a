import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { PopulationDatabase } from "../../../integrations/population/populationDatabase.ts";
import { checkSubmittedDossier } from "../../../services/population/checkSubmittedDossier.ts";

const SUBMIT_ROUTE = "/api/citizen/dossiers";

/**
 * After an online submission succeeds (201), the values its form claims from the population database are checked
 * before the answer leaves (issue #14, R-SUB-1), so the officer who opens the dossier sees what was verified. A hook,
 * not a line in the submission route: the submission's own transaction stays untouched, and a database that is down
 * or slow (bounded by POPULATION_DB_TIMEOUT_MS) only records the fields as unverified — it never fails the submission.
 */
export function registerPopulationSubmissionCheck(
  app: FastifyInstance,
  options: { db: Kysely<Database>; clock: () => Date; population: PopulationDatabase | undefined },
): void {
  const population = options.population;
  if (!population) return;
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.method !== "POST" || request.routeOptions.url !== SUBMIT_ROUTE || reply.statusCode !== 201)
      return payload;
    const actor = request.actor;
    if (!actor || typeof payload !== "string") return payload;
    try {
      const { id } = JSON.parse(payload) as { id?: unknown };
      if (typeof id === "string")
        await checkSubmittedDossier(options.db, population, { dossierId: id, actor, now: options.clock() });
    } catch (error) {
      // Never the applicant's problem: the dossier is submitted; the officer sees the fields as not checked.
      request.log.warn({ err: error }, "population check after submission failed");
    }
    return payload;
  });
}

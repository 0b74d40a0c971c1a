import type { Kysely } from "kysely";
import type { PopulationOutcome, PopulationPurpose } from "../../db/populationTables.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";

export interface AccessEntry {
  at: Date;
  /** Who asked: the person themself, or an officer (name) of an agency. */
  self: boolean;
  askedBy: string;
  agency: string | null;
  dossierCode: string | null;
  purpose: PopulationPurpose;
  purposeNote: string | null;
  outcome: PopulationOutcome;
}

/**
 * Who looked at my data in the population database through OneStop (issue #14; 004_… Đ20, the data subject's right
 * to know who processed their data): newest first, only the signed-in person's own ID number — nobody else's.
 */
export async function citizenAccessLog(
  db: Kysely<Database>,
  input: { actor: Actor; limit: number; offset: number },
): Promise<{ total: number; items: AccessEntry[] }> {
  const user = await db
    .selectFrom("users")
    .select("identification_number")
    .where("id", "=", input.actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.identification_number) return { total: 0, items: [] };
  const base = db
    .selectFrom("population_access_log as l")
    .where("l.citizen_id_number", "=", user.identification_number);
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin("users as u", "u.id", "l.actor_user_id")
    .leftJoin("agencies as a", "a.id", "l.agency_id")
    .leftJoin("dossiers as d", "d.id", "l.dossier_id")
    .select([
      "l.at",
      "l.actor_user_id",
      "u.full_name",
      "a.name as agency_name",
      "d.code as dossier_code",
      "l.purpose",
      "l.purpose_note",
      "l.outcome",
    ])
    .orderBy("l.at", "desc")
    .orderBy("l.id")
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return {
    total: Number(total),
    items: rows.map((row) => ({
      at: row.at,
      self: row.actor_user_id === input.actor.userId,
      askedBy: row.full_name,
      agency: row.agency_name,
      dossierCode: row.dossier_code,
      purpose: row.purpose,
      purposeNote: row.purpose_note,
      outcome: row.outcome,
    })),
  };
}

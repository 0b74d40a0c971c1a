import { type Insertable, type Kysely, NoResultError, type QueryNode, sql, type Transaction } from "kysely";
import { bindSlots, compiledOnce, slot, slotted } from "../../db/compiledOnce.ts";
import type { OutboxTable } from "../../db/dossierTables.ts";
import type { Database } from "../../db/schema.ts";
import { buildDossierCode } from "../../domain/codes/dossierCode.ts";
import { provinceLocalDate } from "../../domain/codes/provinceDate.ts";

/**
 * The next dossier code of an agency for the day of `at` (R-CODE-1). The counter row is incremented in the caller's
 * transaction: it stays locked until that transaction ends, so concurrent receptions in one agency get consecutive
 * numbers, and a transaction that rolls back takes its number back with it (no gaps, no duplicates).
 */
export async function nextDossierCode(
  trx: Transaction<Database>,
  agency: { id: string; code: string },
  at: Date,
): Promise<string> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this agency and day.
  const query = compiledOnce("nextDossierCode", trx, (db) =>
    db
      .insertInto("dossier_code_counters")
      .values({ agency_id: slot("agencyId"), day: slot("day"), last_sequence: 1 })
      .onConflict((oc) =>
        oc
          .columns(["agency_id", "day"])
          .doUpdateSet({ last_sequence: sql<number>`dossier_code_counters.last_sequence + 1` }),
      )
      .returning("last_sequence"),
  );
  const counter = (
    await trx.executeQuery(bindSlots(query, { agencyId: agency.id, day: provinceLocalDate(at) }))
  ).rows[0];
  if (!counter) throw new NoResultError(query.query as QueryNode);
  const { last_sequence } = counter;
  return buildDossierCode({ agencyId: agency.code, receivedAt: at, sequence: last_sequence });
}

/**
 * The code a new dossier is written with until its real one is taken (issue #21, R-CODE-1): unique (the column is),
 * never one of ours (it does not parse as a code) and never shown, since the real code replaces it before commit.
 */
export const pendingDossierCode = (dossierId: string): string => `~pending~${dossierId}`;

/**
 * Takes the agency's next number and gives it to a dossier written with `pendingDossierCode` (issue #21, R-CODE-1):
 * the counter's increment, then one statement writing the code into the dossier and the outbox messages of its
 * events (`outbox`, left unwritten until now since they carry the code). Called as the last writes of the
 * reception's transaction, so the per-agency, per-day counter row is held for one round trip and the commit instead
 * of the whole transaction; the codes stay consecutive and gap-free, since the row is still held until commit and a
 * rollback gives the number back.
 */
export async function assignDossierCode(
  trx: Transaction<Database>,
  dossier: { id: string; agency: { id: string; code: string }; at: Date },
  outbox: (code: string) => Insertable<OutboxTable>[],
): Promise<string> {
  const code = await nextDossierCode(trx, dossier.agency, dossier.at);
  const messages = outbox(code);
  // Issue #21: built and compiled once per process for each shape (how many messages, which columns), run with
  // these values.
  const bound: Record<string, unknown> = { code, id: dossier.id };
  const setCode = (db: Kysely<Database>) =>
    db
      .updateTable("dossiers")
      .set({ code: slot("code") })
      .where("id", "=", slot("id"));
  const messageSlots = messages.map((message, index) => slotted(`m${index}.`, message, bound));
  const query =
    messages.length === 0
      ? compiledOnce("assignDossierCode", trx, setCode)
      : compiledOnce(`assignDossierCode:${messageSlots.map((one) => one.shape).join("|")}`, trx, (db) =>
          db
            .with("dossier", (db) => setCode(db as unknown as Kysely<Database>).returning("id"))
            .insertInto("outbox")
            .values(messageSlots.map((one) => one.slots)),
        );
  await trx.executeQuery(bindSlots(query, bound));
  return code;
}

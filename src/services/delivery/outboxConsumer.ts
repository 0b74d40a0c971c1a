import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

/** Outbox ids behind the newest handled one that are still looked at (far more than transactions in flight). */
const TAIL_MARGIN = 10_000;

/**
 * The next dossier-event outbox rows a consumer (notifications, the DVCQG sync, …) has not handled yet, oldest first
 * (DESIGN §3). Each consumer records what it handled in outbox_consumptions in the same transaction as what it
 * produced, so any number of workers may read the same rows and each event is handled once per consumer.
 */
export async function unhandledOutboxIds(
  db: Kysely<Database>,
  consumer: string,
  batchSize: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom("outbox as o")
    .select("o.id")
    .where("o.topic", "=", "dossier.event")
    // Only the outbox's tail: rows far behind the newest one handled were handled long ago. The margin covers rows
    // committed out of id order by concurrent transactions; the max is one lookup on the primary key.
    .where(
      "o.id",
      ">",
      sql<number>`coalesce((select max(outbox_id) from outbox_consumptions where consumer = ${consumer}), 0) - ${TAIL_MARGIN}`,
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("outbox_consumptions as c")
            .select("c.outbox_id")
            .whereRef("c.outbox_id", "=", "o.id")
            .where("c.consumer", "=", consumer),
        ),
      ),
    )
    .orderBy("o.id")
    .limit(batchSize)
    .execute();
  return rows.map((row) => Number(row.id));
}

import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { type PublicStatus, STATUS_LABELS } from "../../../domain/dossier/status.ts";
import type { Actor } from "../../accounts/actor.ts";
import { actingProcedureIds } from "../../organisation/actingFor.ts";

export interface OwnDossierQuery {
  status?: number | undefined;
  page: number;
  pageSize: number;
}

/** The applicant's own dossiers, newest first; nobody else's ever appear (issue #4 §1). */
export async function listOwnDossiers(db: Kysely<Database>, actor: Actor, query: OwnDossierQuery) {
  let base = db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("agencies as a", "a.id", "d.agency_id")
    .where("d.owner_user_id", "=", actor.userId);
  if (query.status !== undefined) base = base.where("d.status", "=", query.status);
  // Issue #14 (R-ACC-1): a person authorised for some procedures lists only the organisation's dossiers of those.
  const reach = actor.actingFor ? actingProcedureIds(actor.actingFor) : "all";
  if (reach !== "all")
    base = reach.length > 0 ? base.where("d.procedure_id", "in", reach) : base.where(sql<boolean>`false`);
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    base
      .select([
        "d.id",
        "d.code",
        "d.status",
        "d.submitted_at",
        "d.received_at",
        "d.due_at",
        "d.returned_at",
        "p.code as procedure_code",
        "p.name as procedure_name",
        "a.name as agency_name",
      ])
      .orderBy("d.submitted_at", "desc")
      .orderBy("d.code", "desc")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map((row) => ({
      id: row.id,
      code: row.code,
      status: row.status,
      statusLabel: STATUS_LABELS[row.status as PublicStatus],
      procedure: { code: row.procedure_code, name: row.procedure_name },
      receivingAgency: row.agency_name,
      submittedAt: row.submitted_at.toISOString(),
      receivedAt: row.received_at?.toISOString() ?? null,
      dueAt: row.due_at?.toISOString() ?? null,
      returnedAt: row.returned_at?.toISOString() ?? null,
    })),
  };
}

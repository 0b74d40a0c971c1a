import type { Kysely } from "kysely";
import type { Database } from "../../../src/db/schema.ts";
import type { DossierState } from "../../../src/domain/dossier/dossierState.ts";
import { encodeState } from "../../../src/services/dossiers/stateCodec.ts";

/**
 * Dossiers written directly for statistics tests: a state as the rules would have left it, the projection columns the
 * store keeps from it, and the events of its terminal statuses (what the projector reads). Nothing here decides
 * timeliness: the projector under test does.
 */
export interface FixtureDossier {
  code: string;
  agencyCode: string;
  channel?: "counter" | "online" | "postal";
  /** Acceptance (NgayTiepNhan); absent: still waiting for reception (status 1). */
  receivedAt?: Date;
  dueAt?: Date;
  receptionDueAt?: Date;
  processedAt?: Date;
  returnedAt?: Date;
  stoppedAt?: Date;
  supplements?: { requestedAt: Date; completedAt?: Date }[];
  unitCode?: string;
  assigneeUsername?: string;
}

export async function insertFixtureDossier(db: Kysely<Database>, d: FixtureDossier): Promise<string> {
  const offering = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .select(["o.id", "o.procedure_id", "o.agency_id"])
    .where("a.code", "=", d.agencyCode)
    .orderBy("o.id")
    .executeTakeFirstOrThrow();
  const status = !d.receivedAt ? 1 : d.returnedAt ? 10 : d.processedAt ? 9 : d.stoppedAt ? 8 : 4;
  const channel = d.channel ?? "online";
  const submittedAt = new Date(
    (d.receivedAt ?? d.receptionDueAt ?? new Date("2026-10-01T01:00:00Z")).getTime() - 3_600_000,
  );
  const state = {
    status,
    channel,
    applicantId: "applicant",
    submittedAt,
    ...(d.receptionDueAt ? { receptionDueAt: d.receptionDueAt } : {}),
    ...(d.receivedAt ? { receivedAt: d.receivedAt } : {}),
    ...(d.dueAt ? { dueAt: d.dueAt, originalDueAt: d.dueAt } : {}),
    extensionUsed: false,
    supplementRequests: (d.supplements ?? []).map((s) => ({
      stage: "appraisal" as const,
      requestedAt: s.requestedAt,
      requestedBy: { role: "specialist" as const, id: "x" },
      reason: "thiếu giấy tờ",
      items: ["giấy tờ"],
      ...(s.completedAt ? { completedAt: s.completedAt } : {}),
    })),
    decisionIssued: d.processedAt !== undefined,
    ...(d.stoppedAt ? { stopReason: "withdrawal" as const } : {}),
    lastChangedAt: d.returnedAt ?? d.processedAt ?? d.stoppedAt ?? d.receivedAt ?? submittedAt,
  } as DossierState;
  const unit = d.unitCode
    ? await db
        .selectFrom("units")
        .select("id")
        .where("agency_id", "=", offering.agency_id)
        .where("code", "=", d.unitCode)
        .executeTakeFirstOrThrow()
    : undefined;
  const assignee = d.assigneeUsername
    ? await db
        .selectFrom("users")
        .select("id")
        .where("username", "=", d.assigneeUsername)
        .executeTakeFirstOrThrow()
    : undefined;
  const row = await db
    .insertInto("dossiers")
    .values({
      code: d.code,
      procedure_id: offering.procedure_id,
      offering_id: offering.id,
      agency_id: offering.agency_id,
      deciding_agency_id: offering.agency_id,
      channel,
      applicant_kind: "person",
      applicant_name: `Người nộp ${d.code}`,
      legal_time_amount: 5,
      legal_time_unit: "wd",
      form_data: "{}",
      status,
      current_unit_id: unit?.id ?? null,
      current_assignee_id: assignee?.id ?? null,
      submitted_at: submittedAt,
      reception_due_at: d.receptionDueAt ?? null,
      received_at: d.receivedAt ?? null,
      due_at: d.dueAt ?? null,
      state: encodeState(state),
      version: 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  let sequence = 1;
  for (const [toStatus, at] of [
    [9, d.processedAt],
    [10, d.returnedAt],
    [8, d.stoppedAt],
  ] as const)
    if (at)
      await db
        .insertInto("dossier_events")
        .values({
          dossier_id: row.id,
          sequence: sequence++,
          agency_id: offering.agency_id,
          type: "fixture",
          at,
          actor_role: "specialist",
          to_status: toStatus,
          payload: "{}",
        })
        .execute();
  return row.id;
}

/** A done workflow step of an officer, late or not (the per-officer figures and the late list read these). */
export async function insertFixtureTask(
  db: Kysely<Database>,
  input: { dossierId: string; agencyCode: string; username: string; dueAt: Date; completedAt?: Date },
): Promise<void> {
  const agency = await db
    .selectFrom("agencies")
    .select("id")
    .where("code", "=", input.agencyCode)
    .executeTakeFirstOrThrow();
  const user = await db
    .selectFrom("users")
    .select("id")
    .where("username", "=", input.username)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("tasks")
    .values({
      dossier_id: input.dossierId,
      agency_id: agency.id,
      step: "appraisal",
      role: "specialist",
      assignee_id: user.id,
      status: input.completedAt ? "done" : "open",
      created_at: new Date(input.dueAt.getTime() - 5 * 86_400_000),
      due_at: input.dueAt,
      completed_at: input.completedAt ?? null,
    })
    .execute();
}

export const TRUNG_TAM = "000.20.01.H99";
export const TAI_CHINH = "000.00.13.H99";

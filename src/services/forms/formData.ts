import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { legalTimeText } from "../../domain/catalog/timeLimit.ts";
import type { DossierRow } from "../dossiers/dossierStore.ts";
import { handoverTiming } from "../dossiers/processing/workflowTasks.ts";
import { lookupUrlOf } from "../lookup/lookupDossier.ts";
import { lookupTokenFor } from "../lookup/lookupToken.ts";
import type { RegisterEntry } from "../register/enterInRegister.ts";
import type { HeadingLogo } from "./pdf/formDocument.ts";

export interface FormParty {
  name: string;
  organisationName: string | null;
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface FormEvent {
  sequence: number;
  type: string;
  at: Date;
  actorName: string | null;
  payload: Record<string, unknown>;
}

export interface HandoverRow {
  giver: string;
  receiver: string;
  at: Date;
  /** Result of that leg (R-FORM-4): early / on time / late; null when the leg had no deadline. */
  timing: "early" | "onTime" | "late" | null;
  note: string | null;
}

/** Everything the forms print about one dossier, loaded once (R-FORM-1…7). */
export interface DossierFormData {
  dossierId: string;
  dossierCode: string;
  lookupUrl: string;
  agency: {
    id: string;
    code: string;
    name: string;
    address: string | null;
    phone: string | null;
    /** The governing body (cơ quan chủ quản), e.g. the province's committee above a department. */
    parentName?: string | null;
  };
  decidingAgency: { code: string; name: string };
  /** Where the applicant was helped (R-XFER-3); the receiving agency when nobody else helped. */
  assistedAgency: { code: string; name: string };
  /** Received outside the office (R-RECV-5): mobile or on site; null at the counter. */
  receptionPlace: "mobile" | "on_site" | null;
  /** The one-stop counter of the receiving agency (Bộ phận Một cửa / Trung tâm Phục vụ hành chính công). */
  counterUnit: { code: string; name: string } | null;
  /** The place in the dateline, e.g. "Phường Trung Tâm". */
  place: string;
  channel: string;
  applicant: FormParty;
  submitter: Record<string, unknown> | null;
  procedure: { code: string; name: string };
  summary: string;
  components: { position: number; name: string; originals: number; copies: number; files: number }[];
  legalTime: string;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  originalDueAt: Date | null;
  events: FormEvent[];
  handovers: HandoverRow[];
  /** The province's logo on the heading (issue #19); set by the renderer, which reads the file store. */
  logo?: HeadingLogo | null;
  /** The dossier's entry in the Sổ theo dõi hồ sơ (R-FORM-6), printed on the reception slip. */
  registerEntry?: RegisterEntry | null;
}

const STEP_ROLE_TEXT: Record<string, string> = {
  unit_head: "Lãnh đạo phòng",
  specialist: "Chuyên viên",
  agency_leader: "Lãnh đạo cơ quan",
  counter_officer: "Bộ phận Một cửa",
};

/** "Ủy ban nhân dân phường Trung Tâm" → "Phường Trung Tâm": the place an agency dates its documents from. */
export function placeOf(agencyName: string): string {
  const place = agencyName.replace(/^(Ủy|Uỷ) ban nhân dân\s+/i, "").trim() || agencyName;
  return place.charAt(0).toUpperCase() + place.slice(1);
}

/** Loads the data of a dossier's forms: the row, its agencies, counter, procedure, components, events and tasks. */
export async function loadFormData(
  db: Kysely<Database>,
  row: DossierRow,
  publicUrl: string,
): Promise<DossierFormData> {
  const [agencies, procedure, counterUnit, components, events, tasks] = await Promise.all([
    db
      .selectFrom("agencies")
      .select(["id", "code", "name", "address", "phone"])
      // The governing body printed above an agency that issues without a counter unit (Nghị định 30/2020/NĐ-CP).
      .select((eb) =>
        eb
          .selectFrom("agencies as parent")
          .select("parent.name")
          .whereRef("parent.id", "=", "agencies.parent_id")
          .as("parent_name"),
      )
      .where("id", "in", [row.agency_id, row.deciding_agency_id, row.assisted_at_agency_id ?? row.agency_id])
      .execute(),
    db
      .selectFrom("procedures")
      .select(["code", "name"])
      .where("id", "=", row.procedure_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("units")
      .select(["code", "name"])
      .where("agency_id", "=", row.agency_id)
      .where("kind", "=", "counter")
      .orderBy("code")
      .executeTakeFirst(),
    db
      .selectFrom("procedure_components as c")
      .innerJoin("dossier_files as f", "f.component_id", "c.id")
      .select((eb) => [
        "c.position",
        "c.name",
        "c.original_count",
        "c.copy_count",
        eb.fn.countAll<number>().as("files"),
      ])
      .where("f.dossier_id", "=", row.id)
      .groupBy(["c.id", "c.position", "c.name", "c.original_count", "c.copy_count"])
      .orderBy("c.position")
      .execute(),
    db
      .selectFrom("dossier_events as e")
      .leftJoin("users as u", "u.id", "e.actor_user_id")
      .select(["e.sequence", "e.type", "e.at", "e.payload", "u.full_name"])
      .where("e.dossier_id", "=", row.id)
      .orderBy("e.sequence")
      .execute(),
    db
      .selectFrom("tasks as t")
      .leftJoin("units as u", "u.id", "t.unit_id")
      .leftJoin("users as a", "a.id", "t.assignee_id")
      .leftJoin("users as h", "h.id", "t.handed_over_by")
      .select([
        "t.role",
        "t.status",
        "t.created_at",
        "t.due_at",
        "t.completed_at",
        "t.outcome",
        "u.name as unit_name",
        "a.full_name as assignee_name",
        "h.full_name as handed_over_by_name",
      ])
      .where("t.dossier_id", "=", row.id)
      .orderBy("t.created_at")
      .orderBy("t.completed_at")
      .execute(),
  ]);
  const agency = agencies.find((a) => a.id === row.agency_id)!;
  const deciding = agencies.find((a) => a.id === row.deciding_agency_id) ?? agency;
  const formEvents: FormEvent[] = events.map((event) => ({
    sequence: event.sequence,
    type: event.type,
    at: event.at,
    actorName: event.full_name,
    payload: (typeof event.payload === "string" ? JSON.parse(event.payload) : event.payload) ?? {},
  }));
  const holderOf = (task: (typeof tasks)[number]) =>
    [task.unit_name, task.assignee_name ?? STEP_ROLE_TEXT[task.role] ?? task.role]
      .filter(Boolean)
      .join(" – ");
  // R-FORM-4: the first leg is the counter's transfer to the first task's holder; each closed task is then a leg
  // from its holder to the next task's holder, timed against that task's deadline (R-PROC-5).
  const handovers: HandoverRow[] = [];
  const transferred = formEvents.find((event) => event.type === "transferred");
  const counterName = counterUnit?.name ?? agency.name;
  if (transferred) {
    const onTime = transferred.payload.paperTransferOnTime;
    handovers.push({
      giver: [counterName, transferred.actorName].filter(Boolean).join(" – "),
      receiver: tasks[0] ? holderOf(tasks[0]) : deciding.name,
      at: transferred.at,
      timing: onTime === true ? "onTime" : onTime === false ? "late" : null,
      note: transferred.payload.paper === true ? "Chuyển hồ sơ giấy" : "Chuyển hồ sơ điện tử",
    });
  }
  tasks.forEach((task, index) => {
    if (task.status !== "done" || !task.completed_at) return;
    const next = tasks[index + 1];
    handovers.push({
      giver: [task.unit_name, task.handed_over_by_name ?? task.assignee_name].filter(Boolean).join(" – "),
      receiver: next ? holderOf(next) : counterName,
      at: task.completed_at,
      timing: handoverTiming(task.due_at, task.completed_at),
      note: task.outcome ? (OUTCOME_TEXT[task.outcome] ?? task.outcome) : null,
    });
  });
  return {
    dossierId: row.id,
    dossierCode: row.code,
    // The QR printed on the applicant's papers carries the lookup token: whoever holds the slip sees the full name
    // (issue #20), a bare code only a masked one.
    lookupUrl: lookupUrlOf(publicUrl, row.code, await lookupTokenFor(db, row.code)),
    agency: {
      id: agency.id,
      code: agency.code,
      name: agency.name,
      address: agency.address,
      phone: agency.phone,
      parentName: agency.parent_name,
    },
    decidingAgency: { code: deciding.code, name: deciding.name },
    assistedAgency: (({ code, name }) => ({ code, name }))(
      agencies.find((a) => a.id === row.assisted_at_agency_id) ?? agency,
    ),
    receptionPlace: row.reception_place,
    counterUnit: counterUnit ?? null,
    place: placeOf(agency.name),
    channel: row.channel,
    applicant: {
      name: row.applicant_name,
      organisationName: row.organisation_name,
      idNumber: row.applicant_id_number ?? row.organisation_tax_code,
      address: row.applicant_address,
      phone: row.applicant_phone,
      email: row.applicant_email,
    },
    submitter: row.submitter as Record<string, unknown> | null,
    procedure,
    summary: row.summary,
    components: components.map((c) => ({
      position: c.position,
      name: c.name,
      originals: c.original_count,
      copies: c.copy_count,
      files: Number(c.files),
    })),
    // R-CAL-6, R-RECV-4: a same-day or immediate procedure reads as such, not as its nominal working day.
    legalTime: legalTimeText({
      amount: Number(row.legal_time_amount),
      unit: row.legal_time_unit,
      kind: row.legal_time_kind,
    }).vi,
    submittedAt: row.submitted_at,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    originalDueAt: row.original_due_at,
    events: formEvents,
    handovers,
  };
}

const OUTCOME_TEXT: Record<string, string> = {
  assigned: "Phân công xử lý",
  reassigned: "Phân công lại",
  forwarded: "Trình phê duyệt",
  sentBack: "Trả lại để xử lý lại",
  approved: "Phê duyệt kết quả",
  refused: "Từ chối giải quyết",
};

/** The newest event of one of `types`, if any. */
export function lastEventOf(
  data: Pick<DossierFormData, "events">,
  types: readonly string[],
): FormEvent | undefined {
  for (let i = data.events.length - 1; i >= 0; i--)
    if (types.includes(data.events[i]!.type)) return data.events[i];
  return undefined;
}

/** A payload instant (JSON keeps dates as ISO strings). */
export function payloadDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
  return null;
}

export function payloadTexts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

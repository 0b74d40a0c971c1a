import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import { type RegisterDetail, renderTrackingRegister } from "./documents/trackingRegister.ts";
import { placeOf } from "./formData.ts";

const OFFICERS: Role[] = ["counter_officer", "specialist", "unit_head", "agency_leader"];
/** A register page set stays printable: a period longer than this is split by the officer. */
const MAX_DAYS = 366;

export interface TrackingRegisterInput {
  actor: Actor;
  agencyCode: string;
  sectorCode: string;
  /** Province-local calendar days, `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
}

/** Midnight starting a province-local day (Asia/Ho_Chi_Minh, UTC+07:00). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+07:00`);

/**
 * The Sổ theo dõi hồ sơ (R-FORM-6) of an agency for one sector and period, as a PDF: every dossier the agency
 * received in the period whose procedure belongs to the sector, in order of reception.
 *
 * Outcomes: the PDF bytes and file name; 404 NOT_FOUND (no such agency or sector); 403 FORBIDDEN (no officer role in
 * that agency); 400 VALIDATION_FAILED (the period ends before it starts or is longer than 366 days).
 */
export async function trackingRegister(
  db: Kysely<Database>,
  input: TrackingRegisterInput,
): Promise<{ fileName: string; content: Uint8Array }> {
  const { detail, fileStem } = await loadTrackingRegister(db, input);
  return { fileName: `${fileStem}.pdf`, content: await renderTrackingRegister(detail) };
}

/**
 * The register's data for the PDF and the Excel workbook alike (same checks, same rows), and the file name stem
 * `so-theo-doi-<sector>-<from>-<to>`.
 */
export async function loadTrackingRegister(
  db: Kysely<Database>,
  input: TrackingRegisterInput,
): Promise<{ detail: RegisterDetail; fileStem: string }> {
  const agency = await db
    .selectFrom("agencies")
    .select(["id", "name"])
    .where("code", "=", input.agencyCode)
    .executeTakeFirst();
  const sector = await db
    .selectFrom("sectors")
    .select(["id", "code", "name"])
    .where("code", "=", input.sectorCode)
    .executeTakeFirst();
  if (!agency || !sector)
    throw new NotFoundError({ vi: "Không tìm thấy cơ quan hoặc lĩnh vực", en: "No such agency or sector" });
  if (!hasRole(input.actor, OFFICERS, { agencyId: agency.id })) throw new ForbiddenError();
  const from = dayStart(input.from);
  const end = new Date(dayStart(input.to).getTime() + 86_400_000);
  if (!(end > from) || end.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    throw new ValidationError([
      {
        field: "to",
        message: {
          vi: "Khoảng thời gian không hợp lệ (từ ngày trước đến ngày, tối đa 366 ngày)",
          en: "Invalid period (from before to, 366 days at most)",
        },
      },
    ]);
  const [unit, rows] = await Promise.all([
    db
      .selectFrom("units")
      .select("name")
      .where("agency_id", "=", agency.id)
      .where("kind", "=", "counter")
      .orderBy("code")
      .executeTakeFirst(),
    db
      .selectFrom("dossiers as d")
      .innerJoin("procedures as p", "p.id", "d.procedure_id")
      .innerJoin("fields as f", "f.id", "p.field_id")
      .innerJoin("agencies as lead", "lead.id", "d.deciding_agency_id")
      .leftJoin("dossier_events as r", (join) =>
        join.onRef("r.dossier_id", "=", "d.id").on("r.type", "=", "resultReturned"),
      )
      .select([
        "d.code",
        "p.name as procedure_name",
        "d.applicant_name",
        "d.organisation_name",
        "d.applicant_address",
        "d.applicant_phone",
        "lead.name as lead_name",
        "d.received_at",
        "d.due_at",
        "d.returned_at",
        "r.payload as returned_payload",
      ])
      .where("d.agency_id", "=", agency.id)
      .where("f.sector_id", "=", sector.id)
      .where("d.received_at", ">=", from)
      .where("d.received_at", "<", end)
      .orderBy("d.received_at")
      .orderBy("d.code")
      .execute(),
  ]);
  const detail: RegisterDetail = {
    agencyName: agency.name,
    unitName: unit?.name ?? null,
    place: placeOf(agency.name),
    sector: { code: sector.code, name: sector.name },
    from,
    to: dayStart(input.to),
    at: new Date(end.getTime() - 60_000),
    lines: rows.map((row) => {
      const payload = (
        typeof row.returned_payload === "string" ? JSON.parse(row.returned_payload) : row.returned_payload
      ) as Record<string, unknown> | null;
      return {
        code: row.code,
        procedureName: row.procedure_name,
        applicant: row.organisation_name
          ? `${row.organisation_name} (${row.applicant_name})`
          : row.applicant_name,
        contact: [row.applicant_address, row.applicant_phone].filter(Boolean).join(" – "),
        leadAgency: row.lead_name,
        receivedAt: row.received_at!,
        dueAt: row.due_at,
        returnedAt: row.returned_at,
        returnChannel: typeof payload?.channel === "string" ? payload.channel : null,
      };
    }),
  };
  return { detail, fileStem: `so-theo-doi-${sector.code}-${input.from}-${input.to}` };
}

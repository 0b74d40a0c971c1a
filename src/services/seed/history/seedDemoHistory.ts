import type { Insertable, Kysely } from "kysely";
import type { DossierEventsTable, DossiersTable } from "../../../db/dossierTables.ts";
import type { EvaluationRatingsTable } from "../../../db/evaluationTables.ts";
import type { Database } from "../../../db/schema.ts";
import { inTransaction } from "../../../db/transaction.ts";
import type { WorkingCalendar } from "../../../domain/calendar/types.ts";
import { instantAt, toLocalDate } from "../../../domain/calendar/workingCalendar.ts";
import { buildDossierCode } from "../../../domain/codes/dossierCode.ts";
import { provinceLocalDate } from "../../../domain/codes/provinceDate.ts";
import { APPLICANT_INDEX_IDS } from "../../../domain/evaluation/indices.ts";
import { loadWorkingCalendar } from "../../calendar/loadCalendar.ts";
import { dossierProjection, eventRowOf } from "../../dossiers/dossierStore.ts";
import { enterUnregisteredReceptions } from "../../register/enterInRegister.ts";
import { projectTimeliness } from "../../statistics/projectTimeliness.ts";
import { type PlannedLife, planDossierLife, type Random, seededRandom } from "./planDossierLife.ts";

export interface DemoHistoryOptions {
  now: Date;
  /** How far back the history reaches (default six months). */
  months?: number;
  /** Dossiers per offering and working day, on average (default 0.2: about 25 a day in the demo province). */
  perOfferingPerDay?: number;
  seed?: number;
}

export interface DemoHistoryReport {
  dossiers: number;
  events: number;
  ratings: number;
}

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"];
const MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quốc", "Thanh", "Hữu", "Bảo"];
const GIVEN = [
  "An",
  "Bình",
  "Chi",
  "Dũng",
  "Giang",
  "Hà",
  "Hùng",
  "Lan",
  "Long",
  "Mai",
  "Nam",
  "Phương",
  "Quân",
  "Tâm",
  "Trang",
  "Yến",
];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

interface OfferingRow {
  offering_id: string;
  procedure_id: string;
  procedure_name: string;
  deciding_agency_id: string;
  receiving_agency_id: string;
  receiving_agency_code: string;
  channels: ("counter" | "online" | "postal")[];
  amount: number | null;
  unit: "wh" | "wd" | "d" | null;
  kind: "same_day" | "immediate" | null;
}

/**
 * About six months of finished dossiers for the demo province (issue #19), so that dashboards, the 766 page, the
 * reports, the late list and the evaluation pages show real figures on a first `npm start`. Every dossier lives its
 * life through the real rules (`planDossierLife`) on its agency's calendar; codes follow R-CODE-1 with the agency's
 * day counters advanced to match, so later codes stay consecutive. No outbox rows are written: history is never
 * notified nor pushed to DVCQG (the caller marks it synchronised). About a third of the returned dossiers carry the
 * applicant's rating on the counter's kiosk (R-EVAL-2).
 */
export async function seedDemoHistory(
  db: Kysely<Database>,
  options: DemoHistoryOptions,
): Promise<DemoHistoryReport> {
  const random = seededRandom(options.seed ?? 20_261_202);
  const months = options.months ?? 6;
  const rate = options.perOfferingPerDay ?? 0.2;
  const offerings = (await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .innerJoin("agencies as r", (join) =>
      join.on((eb) => eb("r.id", "=", eb.fn.coalesce("a.received_at_agency_id", "a.id"))),
    )
    .select((eb) => [
      "o.id as offering_id",
      "o.procedure_id",
      "p.name as procedure_name",
      "o.agency_id as deciding_agency_id",
      "r.id as receiving_agency_id",
      "r.code as receiving_agency_code",
      "o.channels",
      eb.fn.coalesce("o.time_limit_amount", "p.time_limit_amount").as("amount"),
      eb.fn.coalesce("o.time_limit_unit", "p.time_limit_unit").as("unit"),
      eb
        .case()
        .when("o.time_limit_amount", "is", null)
        .then(eb.ref("p.time_limit_kind"))
        .else(null)
        .end()
        .as("kind"),
    ])
    .where("o.enabled", "=", true)
    .where("p.withdrawn_at", "is", null)
    .orderBy("o.id")
    .execute()) as OfferingRow[];
  const grants = await db
    .selectFrom("role_grants")
    .select(["user_id", "role", "agency_id"])
    .where("role", "in", ["counter_officer", "specialist", "agency_leader"])
    .orderBy("user_id")
    .execute();
  const officerOf = (agencyId: string, role: string) =>
    grants.find((grant) => grant.agency_id === agencyId && grant.role === role)?.user_id;

  const calendars = new Map<string, WorkingCalendar>();
  const calendarOf = async (agencyId: string) => {
    let calendar = calendars.get(agencyId);
    if (!calendar) {
      calendar = await loadWorkingCalendar(db, { id: agencyId });
      calendars.set(agencyId, calendar);
    }
    return calendar;
  };

  const start = new Date(options.now);
  start.setUTCMonth(start.getUTCMonth() - months);
  const lives: { offering: OfferingRow; life: PlannedLife; submittedAt: Date }[] = [];
  let applicants = 0;
  for (let day = toLocalDate(start); day < toLocalDate(options.now); day = nextDate(day)) {
    for (const offering of offerings) {
      if (offering.amount === null || offering.unit === null) continue;
      const calendar = await calendarOf(offering.receiving_agency_id);
      if (!calendar.isWorkingDay(day)) continue;
      const cast = {
        counterOfficerId: officerOf(offering.receiving_agency_id, "counter_officer") ?? null,
        specialistId: officerOf(offering.deciding_agency_id, "specialist") ?? null,
        leaderId: officerOf(offering.deciding_agency_id, "agency_leader") ?? null,
      };
      // Poisson-like arrivals: each of four slots of the day brings a dossier with a quarter of the rate.
      for (let slot = 0; slot < 4; slot++) {
        if (random() >= rate / 4) continue;
        const submittedAt = calendar.addWorkingHours(instantAt(day, "07:30"), slot * 2 + random() * 2);
        if (toLocalDate(submittedAt) !== day) continue;
        applicants += 1;
        const life = planDossierLife({
          submittedAt,
          now: options.now,
          legalTime: { amount: offering.amount, unit: offering.unit, kind: offering.kind },
          calendar,
          cast: { applicantId: `demo-history:${applicants}`, ...cast },
          channels: offering.channels,
          random,
        });
        if (life) lives.push({ offering, life, submittedAt });
      }
    }
  }
  lives.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());

  // R-CODE-1: the agency's number of the day, in submission order, after the numbers that day already gave (history
  // written into a database that holds dossiers of those days must not reuse their codes); the counters end where
  // the codes did.
  const counters = new Map<string, number>();
  const [firstLife] = lives;
  if (firstLife) {
    const taken = await db
      .selectFrom("dossier_code_counters")
      .select(["agency_id", "day", "last_sequence"])
      .where("day", ">=", provinceLocalDate(firstLife.submittedAt))
      .execute();
    for (const row of taken) counters.set(`${row.agency_id}|${row.day}`, row.last_sequence);
  }
  const dossiers: Insertable<DossiersTable>[] = [];
  for (const { offering, life, submittedAt } of lives) {
    const key = `${offering.receiving_agency_id}|${provinceLocalDate(submittedAt)}`;
    const sequence = (counters.get(key) ?? 0) + 1;
    counters.set(key, sequence);
    const name = `${pick(random, FAMILY)} ${pick(random, MIDDLE)} ${pick(random, GIVEN)}`;
    dossiers.push({
      code: buildDossierCode({ agencyId: offering.receiving_agency_code, receivedAt: submittedAt, sequence }),
      procedure_id: offering.procedure_id,
      offering_id: offering.offering_id,
      assisted_at_agency_id: null,
      agency_id: offering.receiving_agency_id,
      deciding_agency_id: offering.deciding_agency_id,
      channel: life.channel,
      national_code: null,
      owner_user_id: null,
      applicant_kind: "person",
      applicant_name: name,
      applicant_id_number: `0${String(Math.floor(random() * 1e11)).padStart(11, "0")}`,
      organisation_name: null,
      organisation_tax_code: null,
      applicant_address: null,
      applicant_phone: null,
      applicant_email: null,
      submitter: null,
      summary: offering.procedure_name,
      form_data: JSON.stringify({}),
      legal_time_amount: offering.amount!,
      legal_time_unit: offering.unit!,
      legal_time_kind: offering.kind,
      submitted_at: submittedAt,
      ...dossierProjection(life.state),
      version: life.steps.length,
    });
  }

  let events = 0;
  let ratings = 0;
  await inTransaction(db, async (trx) => {
    for (let from = 0; from < dossiers.length; from += 200) {
      const batch = dossiers.slice(from, from + 200);
      const inserted = await trx
        .insertInto("dossiers")
        .values(batch)
        .returning(["id", "agency_id", "status"])
        .execute();
      const eventRows: Insertable<DossierEventsTable>[] = [];
      const ratingRows: Insertable<EvaluationRatingsTable>[] = [];
      inserted.forEach((row, index) => {
        const { life, offering } = lives[from + index]!;
        life.steps.forEach(({ event, author }, step) => {
          eventRows.push(eventRowOf(row, step + 1, event, author));
        });
        const counterOfficer = life.steps.at(-1)!.author.userId;
        if (row.status === 10 && counterOfficer !== null && random() < 0.35) {
          const points = Object.fromEntries(
            APPLICANT_INDEX_IDS.map((id) => {
              const draw = random();
              return [String(id), draw < 0.8 ? 2 : draw < 0.96 ? 1 : 0];
            }),
          );
          const draw = random();
          ratingRows.push({
            dossier_id: row.id,
            agency_id: offering.deciding_agency_id,
            procedure_id: offering.procedure_id,
            points: JSON.stringify(points),
            satisfaction: draw < 0.82 ? "satisfied" : draw < 0.95 ? "neutral" : "dissatisfied",
            // Rated on the counter's kiosk when the result was handed over (history has no citizen accounts).
            channel: "kiosk",
            rated_by_user_id: null,
            kiosk_officer_id: counterOfficer,
            rated_at: new Date(life.state.lastChangedAt.getTime() + 3_600_000),
          });
        }
      });
      for (let at = 0; at < eventRows.length; at += 500)
        await trx
          .insertInto("dossier_events")
          .values(eventRows.slice(at, at + 500))
          .execute();
      if (ratingRows.length > 0) await trx.insertInto("evaluation_ratings").values(ratingRows).execute();
      events += eventRows.length;
      ratings += ratingRows.length;
    }
    const counterRows = [...counters].map(([key, last]) => {
      const [agencyId, day] = key.split("|") as [string, string];
      return { agency_id: agencyId, day, last_sequence: last };
    });
    for (let at = 0; at < counterRows.length; at += 500)
      await trx
        .insertInto("dossier_code_counters")
        .values(counterRows.slice(at, at + 500))
        .onConflict((oc) =>
          oc
            .columns(["agency_id", "day"])
            .doUpdateSet((eb) => ({ last_sequence: eb.ref("excluded.last_sequence") })),
        )
        .execute();
  });
  // The history's receptions in the Sổ theo dõi hồ sơ (R-FORM-6), numbered in order of reception.
  await enterUnregisteredReceptions(db);
  // R-KPI-4 verdicts, by the same projection every dossier change goes through.
  while ((await projectTimeliness(db, { now: options.now, batchSize: 1_000 })) > 0);
  return { dossiers: dossiers.length, events, ratings };
}

function nextDate(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

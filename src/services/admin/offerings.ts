import type { Kysely } from "kysely";
import type { Channel, Database, OnlineLevel, TimeUnit } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { parseFormSchema } from "../../domain/eform/parseFormSchema.ts";
import type { Actor } from "../accounts/actor.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { createAjv } from "../validation/ajv.ts";
import type { FieldError } from "../validation/messages.ts";
import { type AdminScope, inScope } from "./adminScope.ts";
import { recordAdminChange } from "./auditLog.ts";

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}

export interface AdminOfferingSummary {
  id: string;
  agency: { id: string; code: string; name: string };
  procedure: { code: string; name: string; legalTime: TimeLimit | null; legalTimeText: string };
  enabled: boolean;
  onlineLevel: OnlineLevel;
  channels: Channel[];
  timeLimit: TimeLimit | null;
  hasForm: boolean;
}

export interface AdminOffering extends AdminOfferingSummary {
  formSchema: Record<string, unknown> | null;
  fees: { name: string; amountVnd: number; description: string }[];
  components: { name: string; originalCount: number; copyCount: number; required: boolean }[];
}

const unknownOffering = { vi: "Không tìm thấy thủ tục của cơ quan", en: "No such procedure offering" };

const limitOf = (amount: number | string | null, unit: TimeUnit | null): TimeLimit | null =>
  amount === null || unit === null ? null : { amount: Number(amount), unit };

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select([
      "o.id",
      "o.procedure_id",
      "o.enabled",
      "o.online_level",
      "o.channels",
      "o.time_limit_amount",
      "o.time_limit_unit",
      "o.form_schema",
      "a.id as agency_id",
      "a.code as agency_code",
      "a.name as agency_name",
      "p.code as procedure_code",
      "p.name as procedure_name",
      "p.time_limit_amount as legal_amount",
      "p.time_limit_unit as legal_unit",
      "p.time_limit_text",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function summary(row: Row): AdminOfferingSummary {
  return {
    id: row.id,
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
    procedure: {
      code: row.procedure_code,
      name: row.procedure_name,
      legalTime: limitOf(row.legal_amount, row.legal_unit),
      legalTimeText: row.time_limit_text,
    },
    enabled: row.enabled,
    onlineLevel: row.online_level,
    channels: row.channels,
    timeLimit: limitOf(row.time_limit_amount, row.time_limit_unit),
    hasForm: row.form_schema !== null,
  };
}

/** The procedures offered by the agencies in scope (one agency when asked), by agency then procedure code. */
export async function listAdminOfferings(
  db: Kysely<Database>,
  scope: AdminScope,
  filter: { agencyId?: string | undefined; q?: string | undefined },
): Promise<AdminOfferingSummary[]> {
  if (filter.agencyId && !inScope(scope, filter.agencyId)) return [];
  if (!scope.all && scope.agencyIds.length === 0) return [];
  let query = baseQuery(db).orderBy("a.name").orderBy("p.code");
  if (filter.agencyId) query = query.where("o.agency_id", "=", filter.agencyId);
  else if (!scope.all) query = query.where("o.agency_id", "in", scope.agencyIds);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb("p.code", "like", like), eb(eb.fn("lower", ["p.name"]), "like", like)]),
    );
  }
  return (await query.limit(1000).execute()).map(summary);
}

async function loadOffering(db: Kysely<Database>, scope: AdminScope, id: string): Promise<Row> {
  const row = await baseQuery(db).where("o.id", "=", id).executeTakeFirst();
  if (!row || !inScope(scope, row.agency_id)) throw new NotFoundError(unknownOffering);
  return row;
}

/** One offering with its e-form, and the procedure's fees and components (set by the national catalog). */
export async function getAdminOffering(
  db: Kysely<Database>,
  scope: AdminScope,
  id: string,
): Promise<AdminOffering> {
  const row = await loadOffering(db, scope, id);
  const [fees, components] = await Promise.all([
    db
      .selectFrom("procedure_fees")
      .select(["name", "amount_vnd", "description"])
      .where("procedure_id", "=", row.procedure_id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("procedure_components")
      .select(["name", "original_count", "copy_count", "required"])
      .where("procedure_id", "=", row.procedure_id)
      .orderBy("position")
      .execute(),
  ]);
  return {
    ...summary(row),
    formSchema: row.form_schema,
    fees: fees.map((f) => ({ name: f.name, amountVnd: Number(f.amount_vnd), description: f.description })),
    components: components.map((c) => ({
      name: c.name,
      originalCount: c.original_count,
      copyCount: c.copy_count,
      required: c.required,
    })),
  };
}

export interface OfferingUpdate {
  enabled: boolean;
  onlineLevel: OnlineLevel;
  channels: Channel[];
  timeLimit: TimeLimit | null;
}

/** Working hours of a limit, to compare limits of different units (1 wd = 8 wh, R-CAL-5); calendar days apart. */
const hoursOf = (limit: TimeLimit): number => (limit.unit === "wd" ? limit.amount * 8 : limit.amount);

function offeringErrors(update: OfferingUpdate, legal: TimeLimit | null): FieldError[] {
  const errors: FieldError[] = [];
  const online = update.channels.includes("online");
  // R-CAT-2: a full or partial online service is one that can be submitted online; "none" has no online channel.
  if (update.onlineLevel !== "none" && !online)
    errors.push({
      field: "channels",
      message: {
        vi: "Dịch vụ công trực tuyến toàn trình hoặc một phần phải có cách thức nộp trực tuyến",
        en: "A full or partial online service must have the online channel",
      },
    });
  if (update.onlineLevel === "none" && online)
    errors.push({
      field: "onlineLevel",
      message: {
        vi: "Có cách thức nộp trực tuyến thì mức độ phải là toàn trình hoặc một phần",
        en: "With the online channel the level must be full or partial",
      },
    });
  if (new Set(update.channels).size !== update.channels.length)
    errors.push({
      field: "channels",
      message: { vi: "Cách thức nộp bị trùng", en: "A channel is listed twice" },
    });
  // The legal time of the national catalog is the maximum: an agency may promise less, never more (R-CAT-1).
  if (
    update.timeLimit &&
    legal &&
    (update.timeLimit.unit === "d") === (legal.unit === "d") &&
    hoursOf(update.timeLimit) > hoursOf(legal)
  )
    errors.push({
      field: "timeLimit.amount",
      message: {
        vi: "Thời hạn giải quyết không được dài hơn thời hạn theo quy định của thủ tục",
        en: "The time limit must not exceed the procedure's legal time",
      },
    });
  return errors;
}

/** Updates an offering: enabled, online level, channels and the time limit the agency promises. */
export async function updateOffering(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  id: string,
  update: OfferingUpdate,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await loadOffering(trx, scope, id);
    const errors = offeringErrors(update, limitOf(row.legal_amount, row.legal_unit));
    if (errors.length > 0) throw new ValidationError(errors);
    await trx
      .updateTable("procedure_offerings")
      .set({
        enabled: update.enabled,
        online_level: update.onlineLevel,
        channels: update.channels,
        time_limit_amount: update.timeLimit?.amount ?? null,
        time_limit_unit: update.timeLimit?.unit ?? null,
        updated_at: now,
      })
      .where("id", "=", id)
      .execute();
    const before = summary(row);
    await recordAdminChange(trx, actor, now, {
      agencyId: row.agency_id,
      action: "offering.update",
      entity: "offering",
      entityId: id,
      summary: `${row.procedure_code} ${row.agency_code}`,
      before: {
        enabled: before.enabled,
        onlineLevel: before.onlineLevel,
        channels: before.channels,
        timeLimit: before.timeLimit,
      },
      after: update,
    });
  });
}

const schemaCompiler = createAjv();

/**
 * Publishes the offering's e-form (R-SUB-1), or removes it (null: the portal's common declaration applies). The
 * schema must read back into the editor's field list (only what the renderer and editor support) and compile in
 * the server's validator; otherwise every problem is returned as a field error on `schema.<path>`.
 */
export async function saveOfferingForm(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  id: string,
  schema: Record<string, unknown> | null,
  now: Date,
): Promise<void> {
  // Issue #20 (the authorization matrix): an administrator outside the offering's agency is told it does not exist
  // (404) before the form is checked.
  await loadOffering(db, scope, id);
  if (schema !== null) {
    const parsed = parseFormSchema(schema);
    if (!parsed.ok)
      throw new ValidationError(
        parsed.problems.map((p) => ({
          field: p.path ? `schema.${p.path.replace(/^\./, "")}` : "schema",
          message: p.message,
        })),
        { vi: "Biểu mẫu điện tử không hợp lệ", en: "The e-form is not valid" },
      );
    try {
      schemaCompiler.compile(schema);
    } catch (error) {
      throw new ValidationError([
        {
          field: "schema",
          message: {
            vi: `Lược đồ JSON không biên dịch được: ${(error as Error).message}`,
            en: `The JSON Schema does not compile: ${(error as Error).message}`,
          },
        },
      ]);
    }
  }
  await inTransaction(db, async (trx) => {
    const row = await loadOffering(trx, scope, id);
    await trx
      .updateTable("procedure_offerings")
      .set({ form_schema: schema === null ? null : JSON.stringify(schema), updated_at: now })
      .where("id", "=", id)
      .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: row.agency_id,
      action: schema === null ? "eform.remove" : "eform.save",
      entity: "offering",
      entityId: id,
      summary: `${row.procedure_code} ${row.agency_code}`,
      before: row.form_schema,
      after: schema,
    });
  });
}

/**
 * The address pickers' lists (issue #6). The repository has no national list of provinces and communes, so the
 * pickers offer the demo province and its commune-level agencies, named without "Ủy ban nhân dân".
 */
export async function addressOptions(
  db: Kysely<Database>,
): Promise<{ province: string; communes: string[] }> {
  const rows = await db
    .selectFrom("agencies")
    .select(["name", "level"])
    .where("level", "in", ["province", "commune"])
    .orderBy("name")
    .execute();
  const plain = (name: string) => {
    const bare = name.replace(/^Ủy ban nhân dân\s+/iu, "").trim();
    return bare.charAt(0).toLocaleUpperCase("vi") + bare.slice(1);
  };
  return {
    province: plain(rows.find((r) => r.level === "province")?.name ?? "Tỉnh"),
    communes: rows
      .filter((r) => r.level === "commune")
      .map((r) => plain(r.name))
      // Sorted here, not by the database: PGlite and PostgreSQL collate "Đ" differently.
      .sort((a, b) => a.localeCompare(b, "vi")),
  };
}

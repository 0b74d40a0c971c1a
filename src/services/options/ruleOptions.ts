import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import {
  changedRuleOptions,
  DEFAULT_RULE_OPTIONS,
  parseRuleOptionValues,
  type ResolvedRuleOptions,
  type RuleOptions,
  type RuleOptionValues,
  resolveRuleOptions,
} from "../../domain/options/ruleOptions.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireInScope, requireSystemAdmin } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { NotFoundError, ValidationError } from "../errors.ts";

/** The `settings` key holding the province's rule options (issue #12 §6). */
export const PROVINCE_RULE_OPTIONS_KEY = "rule_options";

const unknownOffering = { vi: "Không tìm thấy thủ tục của cơ quan", en: "No such procedure offering" };

/**
 * A stored object read back leniently: a value an older release wrote and this one no longer accepts is ignored (the
 * next scope's value applies), never a reason to stop processing dossiers.
 */
function storedValues(value: unknown): RuleOptionValues {
  if (typeof value !== "object" || value === null) return {};
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const parsed = parseRuleOptionValues({ [key]: item });
    if (parsed.ok) Object.assign(kept, parsed.values);
  }
  return kept as RuleOptionValues;
}

export async function provinceRuleOptionValues(db: Kysely<Database>): Promise<RuleOptionValues> {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", PROVINCE_RULE_OPTIONS_KEY)
    .executeTakeFirst();
  return storedValues(row?.value);
}

async function offeringRuleOptionValues(db: Kysely<Database>, offeringId: string): Promise<RuleOptionValues> {
  const row = await db
    .selectFrom("offering_rule_options")
    .select("options")
    .where("offering_id", "=", offeringId)
    .executeTakeFirst();
  return storedValues(row?.options);
}

/** The options in force for a dossier of this offering (offering ?? province ?? default). */
export async function effectiveRuleOptions(
  db: Kysely<Database>,
  offeringId: string,
): Promise<ResolvedRuleOptions> {
  const [province, offering] = await Promise.all([
    provinceRuleOptionValues(db),
    offeringRuleOptionValues(db, offeringId),
  ]);
  return resolveRuleOptions(province, offering);
}

/**
 * The options in force from the two stored values as read (the province's `settings` value and the offering's
 * `offering_rule_options.options`, each undefined/null when not set), for callers that read them in their own
 * statement (issue #21).
 */
export function ruleOptionsOfStored(province: unknown, offering: unknown): ResolvedRuleOptions {
  return resolveRuleOptions(storedValues(province), storedValues(offering));
}

/** Effective options of many offerings from one read of each table (the abandonment job). */
export async function effectiveRuleOptionsOf(
  db: Kysely<Database>,
  offeringIds: readonly string[],
): Promise<(offeringId: string) => RuleOptions> {
  const province = await provinceRuleOptionValues(db);
  const rows =
    offeringIds.length === 0
      ? []
      : await db
          .selectFrom("offering_rule_options")
          .select(["offering_id", "options"])
          .where("offering_id", "in", [...new Set(offeringIds)])
          .execute();
  const byOffering = new Map(rows.map((row) => [row.offering_id, storedValues(row.options)]));
  return (offeringId) => resolveRuleOptions(province, byOffering.get(offeringId)).options;
}

export interface ProvinceRuleOptionsView {
  /** What the province sets (null: the default applies). */
  values: Record<keyof RuleOptions, unknown>;
  defaults: RuleOptions;
  effective: RuleOptions;
}

const withNulls = (values: RuleOptionValues) =>
  Object.fromEntries(
    (Object.keys(DEFAULT_RULE_OPTIONS) as (keyof RuleOptions)[]).map((name) => [name, values[name] ?? null]),
  ) as Record<keyof RuleOptions, unknown>;

export async function getProvinceRuleOptions(db: Kysely<Database>): Promise<ProvinceRuleOptionsView> {
  const values = await provinceRuleOptionValues(db);
  return {
    values: withNulls(values),
    defaults: { ...DEFAULT_RULE_OPTIONS },
    effective: resolveRuleOptions(values, undefined).options,
  };
}

function parseOrThrow(input: unknown): RuleOptionValues {
  const parsed = parseRuleOptionValues(input);
  if (!parsed.ok)
    throw new ValidationError(
      parsed.problems.map((problem) => ({ field: problem.field, message: problem.message })),
    );
  return parsed.values;
}

/**
 * The province's rule options (system administrator only, R-ACC-2): the values given replace the stored ones; a
 * null or missing option falls back to the documented default. Audited with before/after in the same transaction.
 */
export async function updateProvinceRuleOptions(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  input: unknown,
  now: Date,
): Promise<ProvinceRuleOptionsView> {
  requireSystemAdmin(scope);
  const values = parseOrThrow(input);
  await inTransaction(db, async (trx) => {
    const before = await lockedProvinceValues(trx);
    await trx
      .insertInto("settings")
      .values({ key: PROVINCE_RULE_OPTIONS_KEY, value: JSON.stringify(values), updated_at: now })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(values), updated_at: now }))
      .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: null,
      action: "ruleOptions.province",
      entity: "ruleOptions",
      entityId: "province",
      summary: changedRuleOptions(before, values).join(", "),
      before,
      after: values,
    });
  });
  return getProvinceRuleOptions(db);
}

async function lockedProvinceValues(trx: Transaction<Database>): Promise<RuleOptionValues> {
  const row = await trx
    .selectFrom("settings")
    .select("value")
    .where("key", "=", PROVINCE_RULE_OPTIONS_KEY)
    .forUpdate()
    .executeTakeFirst();
  return storedValues(row?.value);
}

export interface OfferingRuleOptionsView {
  offering: { id: string; agency: { id: string; name: string }; procedure: { code: string; name: string } };
  /** What this offering overrides (null: the province's value applies). */
  values: Record<keyof RuleOptions, unknown>;
  /** The province's value of each option, or its default: what applies without an override. */
  inherited: RuleOptions;
  effective: RuleOptions;
  sources: ResolvedRuleOptions["sources"];
}

async function loadOffering(db: Kysely<Database>, scope: AdminScope, offeringId: string) {
  const row = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select([
      "o.id",
      "a.id as agency_id",
      "a.name as agency_name",
      "a.code as agency_code",
      "p.code",
      "p.name",
    ])
    .where("o.id", "=", offeringId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(unknownOffering);
  // An offering outside the administrator's agencies is answered as unknown (adminScope).
  requireInScope(scope, row.agency_id, unknownOffering);
  return row;
}

export async function getOfferingRuleOptions(
  db: Kysely<Database>,
  scope: AdminScope,
  offeringId: string,
): Promise<OfferingRuleOptionsView> {
  const row = await loadOffering(db, scope, offeringId);
  const [province, values] = await Promise.all([
    provinceRuleOptionValues(db),
    offeringRuleOptionValues(db, offeringId),
  ]);
  const resolved = resolveRuleOptions(province, values);
  return {
    offering: {
      id: row.id,
      agency: { id: row.agency_id, name: row.agency_name },
      procedure: { code: row.code, name: row.name },
    },
    values: withNulls(values),
    inherited: resolveRuleOptions(province, undefined).options,
    effective: resolved.options,
    sources: resolved.sources,
  };
}

/**
 * One offering's overrides (its agency's administrator, or the system administrator): the values given replace the
 * stored ones; nothing set removes the override. Audited with before/after in the same transaction.
 */
export async function updateOfferingRuleOptions(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  offeringId: string,
  input: unknown,
  now: Date,
): Promise<OfferingRuleOptionsView> {
  const values = parseOrThrow(input);
  await inTransaction(db, async (trx) => {
    const row = await loadOffering(trx, scope, offeringId);
    const current = await trx
      .selectFrom("offering_rule_options")
      .select("options")
      .where("offering_id", "=", offeringId)
      .forUpdate()
      .executeTakeFirst();
    const before = storedValues(current?.options);
    if (Object.keys(values).length === 0)
      await trx.deleteFrom("offering_rule_options").where("offering_id", "=", offeringId).execute();
    else
      await trx
        .insertInto("offering_rule_options")
        .values({ offering_id: offeringId, options: JSON.stringify(values), updated_at: now })
        .onConflict((oc) =>
          oc.column("offering_id").doUpdateSet({ options: JSON.stringify(values), updated_at: now }),
        )
        .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: row.agency_id,
      action: "ruleOptions.offering",
      entity: "offering",
      entityId: offeringId,
      summary: `${row.code} ${row.agency_code}: ${changedRuleOptions(before, values).join(", ")}`,
      before,
      after: values,
    });
  });
  return getOfferingRuleOptions(db, scope, offeringId);
}

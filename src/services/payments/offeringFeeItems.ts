import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import {
  type FeeExemption,
  type FeeRule,
  parseFeeExemptions,
  parseFeeRule,
} from "../../domain/fees/feeRule.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireInScope, requireSystemAdmin } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError, LocalizedText } from "../validation/messages.ts";
import { type FeeItemEntry, feeItemsFor } from "./feeCatalog.ts";

const unknownOffering = { vi: "Không tìm thấy thủ tục của cơ quan", en: "No such procedure offering" };
const unknownItem = { vi: "Không tìm thấy khoản phí, lệ phí", en: "No such fee item" };

export interface FeeItemInput {
  code: string;
  name: string;
  rule: unknown;
  exemptions?: unknown;
  due: "submission" | "processing";
  /** A province-wide item (system administrator) instead of the offering's agency's local item. */
  provinceWide?: boolean;
}

export interface OfferingFeesView {
  offering: { id: string; agency: { id: string; name: string }; procedure: { code: string; name: string } };
  /** The national catalog's items (fixed amounts). */
  catalog: { code: string | null; name: string; amount: number; description: string }[];
  /** The declared rules in force here: province-wide and this agency's local items. */
  items: {
    id: string;
    scope: "province" | "agency";
    code: string;
    name: string;
    rule: FeeRule;
    exemptions: FeeExemption[];
    due: "submission" | "processing";
  }[];
  /** What an applicant is charged from (catalog replaced by the province's, then the agency's rules; R-FEE-1). */
  effective: FeeItemEntry[];
}

/** The fees domain's problems (English) in Vietnamese too: the admin console shows them per field. */
function localized(problem: string): LocalizedText {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^rule must be an object$/, () => "Cách tính phải là một đối tượng"],
    [/^kind must be/, () => "Cách tính phải là: cố định, theo đơn vị hoặc theo bảng"],
    [/^amount must be/, () => "Số tiền phải là số nguyên đồng, không âm"],
    [/^field must name/, () => "Phải chọn một trường của tờ khai"],
    [/^tiers must list/, () => "Phải có ít nhất một bậc giá"],
    [/^tier (\d+): amount/, (m) => `Bậc ${m[1]}: số tiền phải là số nguyên đồng, không âm`],
    [/^tier (\d+): upTo/, (m) => `Bậc ${m[1]}: "đến" phải là số nguyên lớn hơn bậc trước`],
    [/^the last tier/, () => 'Bậc cuối không được có "đến"'],
    [/^max must be/, () => "Mức tối đa phải là số nguyên đồng, không âm"],
    [/^table must map/, () => "Bảng phải có ít nhất một giá trị"],
    [/^table "(.*)": amount/, (m) => `Bảng, giá trị "${m[1]}": số tiền phải là số nguyên đồng, không âm`],
    [/^otherwise must be/, () => "Số tiền cho giá trị khác phải là số nguyên đồng, không âm"],
    [/^exemptions must be a list$/, () => "Miễn phí phải là một danh sách"],
    [/^exemption (\d+):/, (m) => `Miễn phí ${m[1]}: cần trường, danh sách giá trị và lý do`],
  ];
  const en = problem.replaceAll("đồng", "VND");
  for (const [pattern, vi] of rules) {
    const match = problem.match(pattern);
    if (match) return { vi: vi(match), en };
  }
  return { vi: "Giá trị không hợp lệ", en };
}

/** Checks one item with the fees domain (rules are data: fixed / per unit / lookup / exemptions; R-FEE-1). */
function parseItem(input: FeeItemInput) {
  const errors: FieldError[] = [];
  const code = String(input.code ?? "").trim();
  const name = String(input.name ?? "").trim();
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code))
    errors.push({
      field: "code",
      message: {
        vi: "Mã khoản phải gồm 1–40 chữ cái không dấu, chữ số, dấu chấm, gạch",
        en: "The item code must be 1–40 letters, digits, dots or dashes",
      },
    });
  if (name.length === 0 || name.length > 300)
    errors.push({
      field: "name",
      message: {
        vi: "Tên khoản phí phải có, tối đa 300 ký tự",
        en: "The item name is required, at most 300 characters",
      },
    });
  const rule = parseFeeRule(input.rule);
  if (!rule.ok)
    for (const problem of rule.problems) errors.push({ field: "rule", message: localized(problem) });
  const exemptions = parseFeeExemptions(input.exemptions);
  if (!exemptions.ok)
    for (const problem of exemptions.problems)
      errors.push({ field: "exemptions", message: localized(problem) });
  if (errors.length > 0 || !rule.ok || !exemptions.ok) throw new ValidationError(errors);
  return { code, name, rule: rule.value, exemptions: exemptions.value, due: input.due };
}

async function loadOffering(db: Kysely<Database>, scope: AdminScope, offeringId: string) {
  const row = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select([
      "o.id",
      "o.procedure_id",
      "a.id as agency_id",
      "a.name as agency_name",
      "a.code as agency_code",
      "p.code",
      "p.name",
    ])
    .where("o.id", "=", offeringId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(unknownOffering);
  // Another agency's offering is answered as unknown (adminScope).
  requireInScope(scope, row.agency_id, unknownOffering);
  return row;
}

const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

export async function getOfferingFees(
  db: Kysely<Database>,
  scope: AdminScope,
  offeringId: string,
): Promise<OfferingFeesView> {
  const offering = await loadOffering(db, scope, offeringId);
  const [catalog, declared, effective] = await Promise.all([
    db
      .selectFrom("procedure_fees")
      .select(["code", "name", "amount_vnd", "description"])
      .where("procedure_id", "=", offering.procedure_id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("fee_items")
      .selectAll()
      .where("procedure_id", "=", offering.procedure_id)
      .where((eb) => eb.or([eb("agency_id", "is", null), eb("agency_id", "=", offering.agency_id)]))
      .orderBy("code")
      .execute(),
    feeItemsFor(db, offering.procedure_id, offering.agency_id),
  ]);
  return {
    offering: {
      id: offering.id,
      agency: { id: offering.agency_id, name: offering.agency_name },
      procedure: { code: offering.code, name: offering.name },
    },
    catalog: catalog.map((fee) => ({
      code: fee.code,
      name: fee.name,
      amount: Number(fee.amount_vnd),
      description: fee.description,
    })),
    items: declared.map((item) => ({
      id: item.id,
      scope: item.agency_id ? "agency" : "province",
      code: item.code,
      name: item.name,
      rule: json(item.rule) as FeeRule,
      exemptions: (json(item.exemptions) ?? []) as FeeExemption[],
      due: item.due,
    })),
    effective,
  };
}

const codeTaken = () =>
  new ValidationError([
    {
      field: "code",
      message: {
        vi: "Đã có khoản phí cùng mã ở phạm vi này",
        en: "An item with this code already exists in this scope",
      },
    },
  ]);

/** Adds a local item (the offering's agency) or, for the system administrator, a province-wide one. Audited. */
export async function addOfferingFeeItem(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  offeringId: string,
  input: FeeItemInput,
  now: Date,
): Promise<{ id: string }> {
  const offering = await loadOffering(db, scope, offeringId);
  if (input.provinceWide) requireSystemAdmin(scope);
  const item = parseItem(input);
  const agencyId = input.provinceWide ? null : offering.agency_id;
  return inTransaction(db, async (trx) => {
    const clash = await trx
      .selectFrom("fee_items")
      .select("id")
      .where("procedure_id", "=", offering.procedure_id)
      .where("code", "=", item.code)
      .where((eb) => (agencyId ? eb("agency_id", "=", agencyId) : eb("agency_id", "is", null)))
      .executeTakeFirst();
    if (clash) throw codeTaken();
    const created = await trx
      .insertInto("fee_items")
      .values({
        procedure_id: offering.procedure_id,
        agency_id: agencyId,
        code: item.code,
        name: item.name,
        rule: JSON.stringify(item.rule),
        exemptions: JSON.stringify(item.exemptions),
        due: item.due,
        updated_by: actor.userId,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAdminChange(trx, actor, now, {
      agencyId: offering.agency_id,
      action: "fees.add",
      entity: "feeItem",
      entityId: created.id,
      summary: `${offering.code} ${agencyId ? offering.agency_code : "toàn tỉnh"}: thêm khoản ${item.code} ${item.name}`,
      before: null,
      after: { ...item, agencyId },
    });
    return created;
  });
}

/** The stored item, if it is one of this offering's (its procedure; province-wide or its agency's). */
async function loadItem(
  db: Kysely<Database>,
  offering: { procedure_id: string; agency_id: string },
  itemId: string,
) {
  const row = await db
    .selectFrom("fee_items")
    .selectAll()
    .where("id", "=", itemId)
    .where("procedure_id", "=", offering.procedure_id)
    .where((eb) => eb.or([eb("agency_id", "is", null), eb("agency_id", "=", offering.agency_id)]))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError(unknownItem);
  return row;
}

export async function updateOfferingFeeItem(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  offeringId: string,
  itemId: string,
  input: FeeItemInput,
  now: Date,
): Promise<void> {
  const offering = await loadOffering(db, scope, offeringId);
  await inTransaction(db, async (trx) => {
    const before = await loadItem(trx, offering, itemId);
    // A province-wide item is the system administrator's (R-FEE-1: the province's rule for every agency).
    if (before.agency_id === null) requireSystemAdmin(scope);
    const item = parseItem(input);
    if (item.code !== before.code) {
      const clash = await trx
        .selectFrom("fee_items")
        .select("id")
        .where("procedure_id", "=", before.procedure_id)
        .where("code", "=", item.code)
        .where((eb) =>
          before.agency_id ? eb("agency_id", "=", before.agency_id) : eb("agency_id", "is", null),
        )
        .executeTakeFirst();
      if (clash) throw codeTaken();
    }
    await trx
      .updateTable("fee_items")
      .set({
        code: item.code,
        name: item.name,
        rule: JSON.stringify(item.rule),
        exemptions: JSON.stringify(item.exemptions),
        due: item.due,
        updated_by: actor.userId,
        updated_at: now,
      })
      .where("id", "=", itemId)
      .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: offering.agency_id,
      action: "fees.update",
      entity: "feeItem",
      entityId: itemId,
      summary: `${offering.code} ${before.agency_id ? offering.agency_code : "toàn tỉnh"}: sửa khoản ${item.code} ${item.name}`,
      before: {
        code: before.code,
        name: before.name,
        rule: json(before.rule),
        exemptions: json(before.exemptions),
        due: before.due,
      },
      after: item,
    });
  });
}

export async function deleteOfferingFeeItem(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  offeringId: string,
  itemId: string,
  now: Date,
): Promise<void> {
  const offering = await loadOffering(db, scope, offeringId);
  await inTransaction(db, async (trx) => {
    const before = await loadItem(trx, offering, itemId);
    if (before.agency_id === null) requireSystemAdmin(scope);
    await trx.deleteFrom("fee_items").where("id", "=", itemId).execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: offering.agency_id,
      action: "fees.delete",
      entity: "feeItem",
      entityId: itemId,
      summary: `${offering.code} ${before.agency_id ? offering.agency_code : "toàn tỉnh"}: bỏ khoản ${before.code} ${before.name}`,
      before: {
        code: before.code,
        name: before.name,
        rule: json(before.rule),
        exemptions: json(before.exemptions),
        due: before.due,
      },
      after: null,
    });
  });
}

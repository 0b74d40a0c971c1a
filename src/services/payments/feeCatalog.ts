import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type FeeItemDefinition, parseFeeExemptions, parseFeeRule } from "../../domain/fees/feeRule.ts";

export interface FeeItemEntry extends FeeItemDefinition {
  code: string;
  /** When it is owed: with the submission, or when processing asks for it (status 6, R-FEE-4). */
  due: "submission" | "processing";
  /** Where the rule comes from: the national catalog, the province's rule, the agency's local item. */
  source: "catalog" | "province" | "agency";
  description: string;
}

/**
 * The fee items of a procedure at an agency (R-FEE-1): the catalog's items (a fixed amount), each replaced by the
 * province's declared rule of the same code, then by the agency's local item (the amounts the law leaves to the
 * province, set in the admin console); local items with new codes are added. A stored rule that no longer reads is
 * skipped rather than guessed.
 */
export async function feeItemsFor(
  db: Kysely<Database>,
  procedureId: string,
  agencyId: string | null,
): Promise<FeeItemEntry[]> {
  const [catalog, declared] = await Promise.all([
    db
      .selectFrom("procedure_fees")
      .select(["position", "code", "name", "amount_vnd", "description"])
      .where("procedure_id", "=", procedureId)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("fee_items")
      .select(["agency_id", "code", "name", "rule", "exemptions", "due"])
      .where("procedure_id", "=", procedureId)
      .where((eb) =>
        agencyId
          ? eb.or([eb("agency_id", "is", null), eb("agency_id", "=", agencyId)])
          : eb("agency_id", "is", null),
      )
      .execute(),
  ]);
  const entries = new Map<string, FeeItemEntry>();
  for (const fee of catalog) {
    const code = fee.code ?? `#${fee.position + 1}`;
    entries.set(code, {
      code,
      name: fee.name,
      rule: { kind: "fixed", amount: fee.amount_vnd },
      exemptions: [],
      due: "processing",
      source: "catalog",
      description: fee.description,
    });
  }
  // Province-wide rules first, the agency's own last: the most local one wins.
  const ordered = [...declared].sort((a, b) => Number(a.agency_id !== null) - Number(b.agency_id !== null));
  for (const item of ordered) {
    const rule = parseFeeRule(typeof item.rule === "string" ? JSON.parse(item.rule) : item.rule);
    const exemptions = parseFeeExemptions(
      typeof item.exemptions === "string" ? JSON.parse(item.exemptions) : item.exemptions,
    );
    if (!rule.ok || !exemptions.ok) continue;
    entries.set(item.code, {
      code: item.code,
      name: item.name,
      rule: rule.value,
      exemptions: exemptions.value,
      due: item.due,
      source: item.agency_id ? "agency" : "province",
      description: entries.get(item.code)?.description ?? "",
    });
  }
  return [...entries.values()];
}

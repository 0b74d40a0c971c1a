import type { ColumnType } from "kysely";

/** Kysely types of the rule options' table (migration 0014_rule_options). */
export interface OfferingRuleOptionsTable {
  offering_id: string;
  /** Only the options this offering overrides (src/domain/options/ruleOptions.ts). */
  options: ColumnType<Record<string, unknown>, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RuleOptionTables {
  offering_rule_options: OfferingRuleOptionsTable;
}

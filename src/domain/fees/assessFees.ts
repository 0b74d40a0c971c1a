import { CHANNEL_FIELD, type FeeExemption, type FeeItemDefinition, type FeeRule } from "./feeRule.ts";

/** What the applicant's dossier tells the fee rules: the e-form's data and the submission channel. */
export interface FeeFacts {
  form: Record<string, unknown>;
  channel: "counter" | "online" | "postal";
}

export interface FeeLine {
  code: string | null;
  name: string;
  /** Amount in đồng; 0 when exempt. */
  amount: number;
  /** Why nothing is owed for this item, when an exemption applies. */
  exemptReason?: string;
  /** How the amount came about ("3 × 2.000 đ"), for the breakdown the applicant sees before paying. */
  basis: string;
}

export interface FeeAssessment {
  lines: FeeLine[];
  /** Sum of the lines, in đồng. */
  total: number;
}

export type FeeProblem =
  | { reason: "fieldMissing"; field: string; item: string }
  | { reason: "notACount"; field: string; item: string }
  | { reason: "valueNotPriced"; field: string; item: string; value: string };

export type AssessOutcome = { ok: true; assessment: FeeAssessment } | { ok: false; problem: FeeProblem };

/** A form field by dotted path ("applicant.pages"); the channel by `$channel`. */
export function factValue(facts: FeeFacts, field: string): unknown {
  if (field === CHANNEL_FIELD) return facts.channel;
  let value: unknown = facts.form;
  for (const part of field.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const dong = (amount: number) => `${amount.toLocaleString("vi-VN")} đ`;

function matchingExemption(exemptions: FeeExemption[], facts: FeeFacts): FeeExemption | undefined {
  return exemptions.find((exemption) => {
    const value = factValue(facts, exemption.field);
    return exemption.in.some((allowed) => allowed === value || String(allowed) === String(value ?? "\u0000"));
  });
}

/** Units × tiers, capped: 5 pages at 2.000 đ for the first 2 and 1.000 đ after = 7.000 đ. */
export function perUnitAmount(rule: Extract<FeeRule, { kind: "perUnit" }>, units: number): number {
  let total = 0;
  let counted = 0;
  for (const tier of rule.tiers) {
    const limit = tier.upTo ?? Number.POSITIVE_INFINITY;
    const inTier = Math.max(0, Math.min(units, limit) - counted);
    total += inTier * tier.amount;
    counted += inTier;
    if (counted >= units) break;
  }
  return rule.max === undefined ? total : Math.min(total, rule.max);
}

type LineOutcome = { ok: true; amount: number; basis: string } | { ok: false; problem: FeeProblem };

function ruleAmount(item: FeeItemDefinition, facts: FeeFacts): LineOutcome {
  const rule = item.rule;
  if (rule.kind === "fixed") return { ok: true, amount: rule.amount, basis: dong(rule.amount) };
  const value = factValue(facts, rule.field);
  if (value === undefined || value === null || value === "")
    return { ok: false, problem: { reason: "fieldMissing", field: rule.field, item: item.name } };
  if (rule.kind === "perUnit") {
    const units = typeof value === "string" ? Number(value) : value;
    if (typeof units !== "number" || !Number.isInteger(units) || units < 0 || units > 1_000_000)
      return { ok: false, problem: { reason: "notACount", field: rule.field, item: item.name } };
    const amount = perUnitAmount(rule, units);
    return {
      ok: true,
      amount,
      basis: `${units} × ${rule.tiers.map((tier) => dong(tier.amount)).join(" / ")}`,
    };
  }
  const key = String(value);
  const priced = Object.hasOwn(rule.table, key) ? rule.table[key] : rule.otherwise;
  if (priced === undefined)
    return {
      ok: false,
      problem: { reason: "valueNotPriced", field: rule.field, item: item.name, value: key },
    };
  return { ok: true, amount: priced, basis: dong(priced) };
}

/**
 * What a dossier owes: one line per fee item of its procedure (R-FEE-1), each exempt when the law exempts the subject,
 * and the total. A rule that needs a form field the dossier lacks is a problem to show, never a guess.
 */
export function assessFees(items: readonly FeeItemDefinition[], facts: FeeFacts): AssessOutcome {
  const lines: FeeLine[] = [];
  for (const item of items) {
    const exemption = matchingExemption(item.exemptions, facts);
    if (exemption) {
      lines.push({
        code: item.code,
        name: item.name,
        amount: 0,
        exemptReason: exemption.reason,
        basis: "0 đ",
      });
      continue;
    }
    const outcome = ruleAmount(item, facts);
    if (!outcome.ok) return outcome;
    lines.push({ code: item.code, name: item.name, amount: outcome.amount, basis: outcome.basis });
  }
  return { ok: true, assessment: { lines, total: lines.reduce((sum, line) => sum + line.amount, 0) } };
}

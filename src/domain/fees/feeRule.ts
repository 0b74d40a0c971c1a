/**
 * How one fee item's amount is worked out (R-FEE-1, R-FEE-4). A rule is data from the catalog or from an agency's
 * local setting, so it is a small declared format read by this pure code — never code from data: a fixed amount, an
 * amount per unit of a numeric form field with tiers and a cap (the certification fee per page), or a lookup of a
 * form field's value in a table. Exemptions name the subjects the law exempts, by a form field's value or by the
 * submission channel (fees waived online).
 */
export type FeeRule =
  | { kind: "fixed"; amount: number }
  | {
      kind: "perUnit";
      /** The numeric form field counting the units (pages, copies…). */
      field: string;
      /** Price per unit up to `upTo` units (inclusive, counted from the first), the last tier without `upTo`. */
      tiers: { upTo?: number; amount: number }[];
      /** The most one dossier pays for the item. */
      max?: number;
    }
  | {
      kind: "lookup";
      field: string;
      /** Amount for each value of the field (as text: "true", "2", "nha_o"). */
      table: Record<string, number>;
      /** Amount for a value not in the table; absent = the value is refused. */
      otherwise?: number;
    };

/** A subject the law exempts: a form field (or the channel, `$channel`) holds one of the values. */
export interface FeeExemption {
  field: string;
  in: (string | number | boolean)[];
  /** Why, shown to the applicant ("Miễn cho hộ nghèo"). */
  reason: string;
}

export interface FeeItemDefinition {
  code: string | null;
  name: string;
  rule: FeeRule;
  exemptions: FeeExemption[];
}

export const CHANNEL_FIELD = "$channel";
const MAX_VND = 10_000_000_000;

export type RuleCheck<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const isAmount = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_VND;
const isFieldName = (value: unknown): value is string =>
  typeof value === "string" && /^\$?[A-Za-z_][A-Za-z0-9_.]{0,63}$/.test(value);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads a rule stored as JSON; every problem is listed (English, for the admin console's field errors). */
export function parseFeeRule(raw: unknown): RuleCheck<FeeRule> {
  if (!isRecord(raw)) return { ok: false, problems: ["rule must be an object"] };
  const problems: string[] = [];
  switch (raw.kind) {
    case "fixed":
      if (!isAmount(raw.amount)) problems.push("amount must be a whole number of đồng");
      return problems.length
        ? { ok: false, problems }
        : { ok: true, value: { kind: "fixed", amount: raw.amount as number } };
    case "perUnit": {
      if (!isFieldName(raw.field)) problems.push("field must name a form field");
      const tiers = Array.isArray(raw.tiers) ? raw.tiers : [];
      if (tiers.length === 0) problems.push("tiers must list at least one tier");
      let previous = 0;
      tiers.forEach((tier: unknown, index) => {
        if (!isRecord(tier) || !isAmount(tier.amount)) {
          problems.push(`tier ${index + 1}: amount must be a whole number of đồng`);
          return;
        }
        const last = index === tiers.length - 1;
        if (last && tier.upTo !== undefined) problems.push("the last tier must not have upTo");
        if (!last) {
          if (!Number.isInteger(tier.upTo) || (tier.upTo as number) <= previous)
            problems.push(`tier ${index + 1}: upTo must be a whole number above the previous tier's`);
          else previous = tier.upTo as number;
        }
      });
      if (raw.max !== undefined && !isAmount(raw.max)) problems.push("max must be a whole number of đồng");
      if (problems.length) return { ok: false, problems };
      return {
        ok: true,
        value: {
          kind: "perUnit",
          field: raw.field as string,
          tiers: (tiers as { upTo?: number; amount: number }[]).map((tier) =>
            tier.upTo === undefined ? { amount: tier.amount } : { upTo: tier.upTo, amount: tier.amount },
          ),
          ...(raw.max === undefined ? {} : { max: raw.max as number }),
        },
      };
    }
    case "lookup": {
      if (!isFieldName(raw.field)) problems.push("field must name a form field");
      const table = isRecord(raw.table) ? raw.table : undefined;
      if (!table || Object.keys(table).length === 0) problems.push("table must map at least one value");
      else
        for (const [key, amount] of Object.entries(table))
          if (!isAmount(amount)) problems.push(`table "${key}": amount must be a whole number of đồng`);
      if (raw.otherwise !== undefined && !isAmount(raw.otherwise))
        problems.push("otherwise must be a whole number of đồng");
      if (problems.length) return { ok: false, problems };
      return {
        ok: true,
        value: {
          kind: "lookup",
          field: raw.field as string,
          table: { ...(table as Record<string, number>) },
          ...(raw.otherwise === undefined ? {} : { otherwise: raw.otherwise as number }),
        },
      };
    }
    default:
      return { ok: false, problems: ["kind must be fixed, perUnit or lookup"] };
  }
}

/** Reads the exemptions stored as JSON (an absent list is none). */
export function parseFeeExemptions(raw: unknown): RuleCheck<FeeExemption[]> {
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  if (!Array.isArray(raw)) return { ok: false, problems: ["exemptions must be a list"] };
  const problems: string[] = [];
  const value: FeeExemption[] = [];
  raw.forEach((item: unknown, index) => {
    const valid =
      isRecord(item) &&
      isFieldName(item.field) &&
      Array.isArray(item.in) &&
      item.in.length > 0 &&
      item.in.every((v) => ["string", "number", "boolean"].includes(typeof v)) &&
      typeof item.reason === "string" &&
      item.reason.trim() !== "";
    if (!valid) problems.push(`exemption ${index + 1}: needs field, a non-empty "in" list and a reason`);
    else
      value.push({
        field: item.field as string,
        in: [...(item.in as FeeExemption["in"])],
        reason: item.reason as string,
      });
  });
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

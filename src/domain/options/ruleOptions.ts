import type { DeadlinePolicy } from "../deadlines/deadlinePolicy.ts";
import type { DossierRuleOptions } from "../dossier/dossierRuleOptions.ts";
import type { LocalizedMessage } from "../refusal.ts";

/**
 * The rule options a province sets and a procedure offering may override (REGULATIONS §0 [M] and §24: "choose the
 * safest reading, make it configurable"). Each value is data, never code; the defaults are the regulation's.
 */
export interface RuleOptions {
  /** How long after reception the competent agency may ask for a supplement (R-SUPP-1: 3 working days). */
  supplementWindowWorkingDays: number;
  /** A complete supplement restarts the processing time (R-SUPP-1, default) or moves it by the wait (R-SUPP-3). */
  supplementClock: "restart" | "pauseAndExtend";
  /** Working days without an answer to a supplement request before the dossier is stopped (R-SUPP-4 [M]: 15). */
  abandonmentWorkingDays: number;
  /** Public status of a reasoned refusal after appraisal: 8 (R-STATUS-5 [M], default) or 9 then 10 (§24.6). */
  refusalAfterAppraisalStatus: 8 | 9;
  /** Working hours the counter has to accept, refuse or ask to complete an online dossier (R-RECV-1: 8). */
  receptionWorkingHours: number;
}

export type RuleOptionName = keyof RuleOptions;
/** What one scope sets: only the options it changes; the others come from the next scope out. */
export type RuleOptionValues = Partial<RuleOptions>;
export type RuleOptionSource = "offering" | "province" | "default";

export const RULE_OPTION_NAMES: readonly RuleOptionName[] = Object.freeze([
  "supplementWindowWorkingDays",
  "supplementClock",
  "abandonmentWorkingDays",
  "refusalAfterAppraisalStatus",
  "receptionWorkingHours",
]);

export const DEFAULT_RULE_OPTIONS: Readonly<RuleOptions> = Object.freeze({
  supplementWindowWorkingDays: 3,
  supplementClock: "restart",
  abandonmentWorkingDays: 15,
  refusalAfterAppraisalStatus: 8,
  receptionWorkingHours: 8,
});

/** Bounds of the numeric options: wide enough for any sector law seen, narrow enough to catch a typo. */
export const RULE_OPTION_BOUNDS = Object.freeze({
  supplementWindowWorkingDays: { min: 1, max: 60 },
  abandonmentWorkingDays: { min: 1, max: 120 },
  receptionWorkingHours: { min: 1, max: 80 },
});

export interface ResolvedRuleOptions {
  options: RuleOptions;
  /** Where each value came from, so the console can say "set for this procedure" or "province setting". */
  sources: Record<RuleOptionName, RuleOptionSource>;
}

/** The effective options: the offering's override, else the province's setting, else the documented default. */
export function resolveRuleOptions(
  province: RuleOptionValues | undefined,
  offering: RuleOptionValues | undefined,
): ResolvedRuleOptions {
  const options = { ...DEFAULT_RULE_OPTIONS } as Record<RuleOptionName, unknown>;
  const sources = {} as Record<RuleOptionName, RuleOptionSource>;
  for (const name of RULE_OPTION_NAMES) {
    const fromOffering = offering?.[name];
    const fromProvince = province?.[name];
    if (fromOffering !== undefined) {
      options[name] = fromOffering;
      sources[name] = "offering";
    } else if (fromProvince !== undefined) {
      options[name] = fromProvince;
      sources[name] = "province";
    } else sources[name] = "default";
  }
  return { options: options as unknown as RuleOptions, sources };
}

/** The options in the form the dossier rules take them (`decide`'s DecisionContext). */
export function decisionSettingsOf(options: RuleOptions): {
  policy: Partial<DeadlinePolicy>;
  options: Partial<DossierRuleOptions>;
} {
  return {
    policy: {
      supplementWindow: { amount: options.supplementWindowWorkingDays, unit: "wd" },
      supplementClock: options.supplementClock,
      abandonmentWorkingDays: options.abandonmentWorkingDays,
      receptionWorkingHours: options.receptionWorkingHours,
    },
    options: { refusalAfterAppraisalStatus: options.refusalAfterAppraisalStatus },
  };
}

export interface RuleOptionProblem {
  field: RuleOptionName | "";
  message: LocalizedMessage;
}

const LABELS: Record<RuleOptionName, LocalizedMessage> = {
  supplementWindowWorkingDays: {
    vi: "Thời hạn yêu cầu bổ sung sau tiếp nhận",
    en: "Time to request a supplement after reception",
  },
  supplementClock: { vi: "Cách tính thời hạn sau khi bổ sung", en: "Time limit after a supplement" },
  abandonmentWorkingDays: {
    vi: "Số ngày làm việc chờ bổ sung trước khi dừng xử lý",
    en: "Working days to wait for a supplement before stopping",
  },
  refusalAfterAppraisalStatus: {
    vi: "Trạng thái khi từ chối sau thẩm định",
    en: "Status of a refusal after appraisal",
  },
  receptionWorkingHours: {
    vi: "Thời hạn tiếp nhận hồ sơ trực tuyến (giờ làm việc)",
    en: "Time to receive an online dossier (working hours)",
  },
};

export function ruleOptionLabel(name: RuleOptionName): LocalizedMessage {
  return LABELS[name];
}

/**
 * Checks the values one scope sets: only known options, each of its kind and within its bounds. `null` for an option
 * means "not set here" and is dropped. Every problem is returned, named by its field, in both languages.
 */
export function parseRuleOptionValues(
  input: unknown,
): { ok: true; values: RuleOptionValues } | { ok: false; problems: RuleOptionProblem[] } {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return {
      ok: false,
      problems: [{ field: "", message: { vi: "Phải là một đối tượng", en: "Must be an object" } }],
    };
  const problems: RuleOptionProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(RULE_OPTION_NAMES as readonly string[]).includes(key)) {
      problems.push({
        field: "",
        message: { vi: `Tùy chọn không được hỗ trợ: ${key}`, en: `Unknown option: ${key}` },
      });
      continue;
    }
    const name = key as RuleOptionName;
    if (value === null || value === undefined) continue;
    const problem = valueProblem(name, value);
    if (problem) problems.push({ field: name, message: problem });
    else values[name] = value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: values as RuleOptionValues };
}

function valueProblem(name: RuleOptionName, value: unknown): LocalizedMessage | undefined {
  switch (name) {
    case "supplementClock":
      return value === "restart" || value === "pauseAndExtend"
        ? undefined
        : {
            vi: "Chọn tính lại từ đầu hoặc cộng thêm thời gian chờ bổ sung",
            en: "Choose restart or pause and extend",
          };
    case "refusalAfterAppraisalStatus":
      return value === 8 || value === 9
        ? undefined
        : { vi: "Chọn trạng thái Dừng xử lý hoặc Đã xử lý xong", en: "Choose status 8 or 9" };
    default: {
      const { min, max } = RULE_OPTION_BOUNDS[name];
      if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max)
        return undefined;
      return {
        vi: `${LABELS[name].vi} phải là số nguyên từ ${min} đến ${max}`,
        en: `${LABELS[name].en} must be a whole number from ${min} to ${max}`,
      };
    }
  }
}

/** The values that differ between two settings of one scope, for the audit summary. */
export function changedRuleOptions(before: RuleOptionValues, after: RuleOptionValues): RuleOptionName[] {
  return RULE_OPTION_NAMES.filter((name) => before[name] !== after[name]);
}

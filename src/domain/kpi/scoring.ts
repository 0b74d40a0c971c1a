import {
  KPI_GROUPS,
  KPI_INDICATORS,
  type KpiCapability,
  type KpiGroupCode,
  type KpiIndicator,
} from "./indicators.ts";

/** One indicator's counts: `numerator` of `denominator` meet the formula. */
export interface KpiMeasure {
  numerator: number;
  denominator: number;
}

export interface KpiInputs {
  /** The capabilities whose data exist in this installation (KpiIndicator.needs). */
  capabilities: readonly KpiCapability[];
  /** Counts per scored indicator code; absent = not gathered → "no data yet". */
  measures: Readonly<Partial<Record<string, KpiMeasure>>>;
  /** Values of the information-only indicators (2.2 in working days, 5.1 a count). */
  information?: Readonly<Partial<Record<string, number>>>;
}

/**
 * - `scored`: ratio and points;
 * - `notApplicable`: denominator 0 — shown as N/A and not scored (R-KPI-2); its maximum leaves `scoredMax`;
 * - `noData`: a capability it needs is not built yet, or nothing was gathered — never a made-up figure;
 * - `informational`: shown with its value, never scored.
 */
export type IndicatorStatus = "scored" | "notApplicable" | "noData" | "informational";

export interface IndicatorScore {
  code: string;
  group: KpiGroupCode;
  status: IndicatorStatus;
  maxPoints: number;
  target?: number;
  numerator?: number;
  denominator?: number;
  /** R in %, 2 decimals. */
  ratio?: number;
  points?: number;
  /** Informational value. */
  value?: number;
  /** Capabilities missing when status is noData. */
  missing?: KpiCapability[];
}

export interface GroupScore {
  code: KpiGroupCode;
  maxPoints: number;
  points: number;
  /** The maxima of the scored indicators: what `points` is out of. */
  scoredMax: number;
}

export interface KpiScore {
  indicators: IndicatorScore[];
  groups: GroupScore[];
  total: number;
  maxPoints: number;
  scoredMax: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** R = numerator / denominator in %, 2 decimals, kept within 0–100 (R-KPI-2). Denominator must be positive. */
export function ratioOf(measure: KpiMeasure): number {
  const ratio = (measure.numerator / measure.denominator) * 100;
  return round2(Math.min(100, Math.max(0, ratio)));
}

/** R-KPI-2: with a target T, Pmax when R ≥ T, else R / T × Pmax; without one, R × Pmax / 100; 2 decimals. */
export function pointsFor(ratio: number, maxPoints: number, target?: number): number {
  if (target === undefined) return round2((ratio * maxPoints) / 100);
  return ratio >= target ? maxPoints : round2((ratio / target) * maxPoints);
}

function scoreIndicator(indicator: KpiIndicator, inputs: KpiInputs): IndicatorScore {
  const base: IndicatorScore = {
    code: indicator.code,
    group: indicator.group,
    status: "noData",
    maxPoints: indicator.maxPoints,
    ...(indicator.target === undefined ? {} : { target: indicator.target }),
  };
  const missing = indicator.needs.filter((need) => !inputs.capabilities.includes(need));
  if (missing.length > 0) return { ...base, missing };
  if (indicator.informational === true) {
    const value = inputs.information?.[indicator.code];
    return value === undefined ? base : { ...base, status: "informational", value };
  }
  const measure = inputs.measures[indicator.code];
  if (measure === undefined) return base;
  const counts = { numerator: measure.numerator, denominator: measure.denominator };
  if (measure.denominator <= 0) return { ...base, ...counts, status: "notApplicable" };
  const ratio = ratioOf(measure);
  return {
    ...base,
    ...counts,
    status: "scored",
    ratio,
    points: pointsFor(ratio, indicator.maxPoints, indicator.target),
  };
}

/**
 * The 766 index for one agency or the province over one period, from gathered counts: each indicator's ratio,
 * points, N/A or "no data yet", each group's points and the total. Reproduces the portal's arithmetic (R-KPI-2);
 * the portal's own figure stays authoritative.
 */
export function scoreIndex(inputs: KpiInputs): KpiScore {
  const indicators = KPI_INDICATORS.map((indicator) => scoreIndicator(indicator, inputs));
  const groups = KPI_GROUPS.map((group): GroupScore => {
    const scored = indicators.flatMap((score) =>
      score.group === group.code && score.points !== undefined
        ? [{ points: score.points, max: score.maxPoints }]
        : [],
    );
    return {
      code: group.code,
      maxPoints: group.maxPoints,
      points: round2(scored.reduce((sum, score) => sum + score.points, 0)),
      scoredMax: scored.reduce((sum, score) => sum + score.max, 0),
    };
  });
  return {
    indicators,
    groups,
    total: round2(groups.reduce((sum, group) => sum + group.points, 0)),
    maxPoints: KPI_GROUPS.reduce((sum, group) => sum + group.maxPoints, 0),
    scoredMax: groups.reduce((sum, group) => sum + group.scoredMax, 0),
  };
}

/**
 * 5.4 as counts (R-EVAL-4): 100% − (late rate + rate with feedback or "dislike"), both over the dossiers handled,
 * expressed as a measure so the common scoring applies.
 */
export function satisfactionMeasure(
  handled: number,
  late: number,
  withFeedbackOrDislike: number,
): KpiMeasure {
  return { numerator: Math.max(0, handled - late - withFeedbackOrDislike), denominator: handled };
}

/**
 * Classification bands on the 18-point total (R-EVAL-3): local practice, not national law, so they are
 * configuration. Bands are tried from the first: a total falls in the first band whose lower bound it reaches
 * (`inclusive`) or passes.
 */
export interface EvaluationBand {
  code: string;
  name: { vi: string; en: string };
  min: number;
  inclusive: boolean;
}

/**
 * E1's bands: > 15 Xuất sắc, 12–15 Tốt, 9–12 Khá, 6–9 Trung bình, < 6 Yếu. E1 leaves exactly 15 out of "Xuất sắc" and
 * its ranges share their ends; the safest reading keeps 15 in "Tốt" and gives each shared end to the higher band.
 */
export const DEFAULT_BANDS: readonly EvaluationBand[] = [
  { code: "excellent", name: { vi: "Xuất sắc", en: "Excellent" }, min: 15, inclusive: false },
  { code: "good", name: { vi: "Tốt", en: "Good" }, min: 12, inclusive: true },
  { code: "fair", name: { vi: "Khá", en: "Fair" }, min: 9, inclusive: true },
  { code: "average", name: { vi: "Trung bình", en: "Average" }, min: 6, inclusive: true },
  { code: "weak", name: { vi: "Yếu", en: "Weak" }, min: 0, inclusive: true },
];

/** The band of `total`, or undefined when it reaches none (a configuration whose last band does not start at 0). */
export function bandOf(
  total: number,
  bands: readonly EvaluationBand[] = DEFAULT_BANDS,
): EvaluationBand | undefined {
  return bands.find((band) => (band.inclusive ? total >= band.min : total > band.min));
}

/** Bands are usable when ordered from the highest lower bound down, codes unique and bounds within 0–18. */
export function bandsProblem(bands: readonly EvaluationBand[]): string | undefined {
  if (bands.length === 0) return "EMPTY";
  if (new Set(bands.map((band) => band.code)).size !== bands.length) return "DUPLICATE_CODE";
  if (bands.some((band) => !Number.isFinite(band.min) || band.min < 0 || band.min > 18))
    return "OUT_OF_RANGE";
  for (let i = 1; i < bands.length; i += 1) {
    if ((bands[i] as EvaluationBand).min > (bands[i - 1] as EvaluationBand).min) return "NOT_DESCENDING";
  }
  return undefined;
}

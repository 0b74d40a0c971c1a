import { bandOf, DEFAULT_BANDS, type EvaluationBand } from "./bands.ts";
import {
  EVALUATION_INDICES,
  EVALUATION_MAX_POINTS,
  type EvaluationIndexId,
  INDEX_MAX_POINTS,
  type IndexPoints,
  SATISFACTION_LEVELS,
  type Satisfaction,
} from "./indices.ts";

/** One applicant's rating: the indices they could answer (R-EVAL-2: 1–4, 6, 7) and, optionally, satisfaction. */
export interface DossierRating {
  points: Partial<Record<EvaluationIndexId, IndexPoints>>;
  satisfaction?: Satisfaction | undefined;
}

/** An agency index's points, or null while the capability it is computed from does not exist ("no data yet"). */
export type AgencyIndexPoints = Partial<Record<EvaluationIndexId, IndexPoints | null>>;

export type IndexResultStatus = "scored" | "noRatings" | "noData";

export interface IndexResult {
  id: EvaluationIndexId;
  status: IndexResultStatus;
  /** Mean points (2 decimals) over the answers, or the agency index's points. */
  points?: number;
  answers: number;
}

export interface AgencyEvaluation {
  ratings: number;
  indices: IndexResult[];
  /** Sum of the scored indices. */
  total: number;
  /** 2 × the number of scored indices: what `total` is out of. */
  maxAvailable: number;
  /**
   * The total brought to the 18-point scale the bands are defined on (total × 18 / maxAvailable), only when some
   * index has no data; equal to `total` when all nine are scored. Undefined when nothing is scored.
   */
  totalOn18?: number;
  band?: EvaluationBand;
  satisfaction: Record<Satisfaction, number>;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The agency's evaluation for a period (R-EVAL-1…3): each per-dossier index averaged over the applicants who
 * answered it, the agency indices as computed, the total and its band.
 */
export function evaluateAgency(
  ratings: readonly DossierRating[],
  agencyIndices: AgencyIndexPoints,
  bands: readonly EvaluationBand[] = DEFAULT_BANDS,
): AgencyEvaluation {
  const indices = EVALUATION_INDICES.map((index): IndexResult => {
    if (index.scope === "agency") {
      const points = agencyIndices[index.id];
      return points === undefined || points === null
        ? { id: index.id, status: "noData", answers: 0 }
        : { id: index.id, status: "scored", points, answers: 0 };
    }
    const answers = ratings
      .map((rating) => rating.points[index.id])
      .filter((points): points is IndexPoints => points !== undefined);
    if (answers.length === 0) return { id: index.id, status: "noRatings", answers: 0 };
    const mean = answers.reduce<number>((sum, points) => sum + points, 0) / answers.length;
    return { id: index.id, status: "scored", points: round2(mean), answers: answers.length };
  });
  const scored = indices.flatMap((index) => (index.points === undefined ? [] : [index.points]));
  const total = round2(scored.reduce((sum, points) => sum + points, 0));
  const maxAvailable = scored.length * INDEX_MAX_POINTS;
  const satisfaction = Object.fromEntries(SATISFACTION_LEVELS.map((level) => [level, 0])) as Record<
    Satisfaction,
    number
  >;
  for (const rating of ratings) if (rating.satisfaction !== undefined) satisfaction[rating.satisfaction] += 1;
  const result: AgencyEvaluation = { ratings: ratings.length, indices, total, maxAvailable, satisfaction };
  if (maxAvailable === 0) return result;
  const totalOn18 = round2((total * EVALUATION_MAX_POINTS) / maxAvailable);
  const band = bandOf(totalOn18, bands);
  return band === undefined ? { ...result, totalOn18 } : { ...result, totalOn18, band };
}

/** Is this a complete, well-formed applicant rating? Returns the first problem's field, or undefined. */
export function ratingProblem(rating: DossierRating): { field: string; code: string } | undefined {
  const answered = Object.entries(rating.points);
  if (answered.length === 0) return { field: "points", code: "EMPTY" };
  for (const [key, value] of answered) {
    const index = EVALUATION_INDICES.find((candidate) => String(candidate.id) === key);
    if (index === undefined || index.scope !== "dossier")
      return { field: `points.${key}`, code: "NOT_APPLICANT_INDEX" };
    if (value !== 0 && value !== 1 && value !== 2) return { field: `points.${key}`, code: "OUT_OF_RANGE" };
  }
  return undefined;
}

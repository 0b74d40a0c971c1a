import {
  type DossierRating,
  type EvaluationIndexId,
  type IndexPoints,
  ratingProblem,
  type Satisfaction,
} from "../../domain/evaluation/index.ts";
import { ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";

/** A rating as it arrives: index id → points, and the optional overall satisfaction. */
export interface RatingInput {
  points: Record<string, number>;
  satisfaction?: Satisfaction | undefined;
}

const MESSAGES: Record<string, FieldError["message"]> = {
  EMPTY: { vi: "Hãy đánh giá ít nhất một tiêu chí", en: "Rate at least one index" },
  NOT_APPLICANT_INDEX: {
    vi: "Tiêu chí này không do người nộp hồ sơ đánh giá",
    en: "This index is not rated by the applicant",
  },
  OUT_OF_RANGE: { vi: "Điểm phải là 0, 1 hoặc 2", en: "Points must be 0, 1 or 2" },
};

/** The rating as the domain reads it, or a 400 naming the field (R-EVAL-2: indices 1–4, 6, 7; 0–2 points). */
export function parseRating(input: RatingInput): DossierRating {
  const rating: DossierRating = {
    points: input.points as Partial<Record<EvaluationIndexId, IndexPoints>>,
    satisfaction: input.satisfaction,
  };
  const problem = ratingProblem(rating);
  if (problem !== undefined)
    throw new ValidationError([
      { field: problem.field, message: MESSAGES[problem.code] as FieldError["message"] },
    ]);
  return rating;
}

import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { bandsProblem, DEFAULT_BANDS, type EvaluationBand } from "../../domain/evaluation/index.ts";
import { ValidationError } from "../errors.ts";

export const PROVINCE_SCOPE = "province";

const PROBLEM_MESSAGES: Record<string, { vi: string; en: string }> = {
  EMPTY: { vi: "Cần ít nhất một mức xếp loại", en: "At least one band is needed" },
  DUPLICATE_CODE: { vi: "Mã mức xếp loại bị trùng", en: "Band codes must be unique" },
  OUT_OF_RANGE: { vi: "Ngưỡng phải từ 0 đến 18", en: "Bounds must be within 0–18" },
  NOT_DESCENDING: {
    vi: "Các mức phải xếp từ ngưỡng cao xuống thấp",
    en: "Bands must go from the highest bound down",
  },
};

/**
 * The bands in force for an agency (R-EVAL-3: local practice, configurable): the agency's own, else the
 * province's, else E1's defaults.
 */
export async function bandsFor(
  db: Kysely<Database>,
  agencyId: string | null,
): Promise<readonly EvaluationBand[]> {
  const scopes = agencyId === null ? [PROVINCE_SCOPE] : [agencyId, PROVINCE_SCOPE];
  const rows = await db
    .selectFrom("evaluation_band_settings")
    .select(["scope", "bands"])
    .where("scope", "in", scopes)
    .execute();
  const own = rows.find((row) => row.scope === agencyId) ?? rows.find((row) => row.scope === PROVINCE_SCOPE);
  return own === undefined ? DEFAULT_BANDS : (own.bands as EvaluationBand[]);
}

/** Replaces the bands of the province or of one agency; 400 when the bands are not usable. */
export async function saveBands(
  db: Kysely<Database>,
  input: { scope: string; bands: EvaluationBand[]; userId: string; now: Date },
): Promise<readonly EvaluationBand[]> {
  const problem = bandsProblem(input.bands);
  if (problem !== undefined)
    throw new ValidationError([
      { field: "bands", message: PROBLEM_MESSAGES[problem] as { vi: string; en: string } },
    ]);
  const value = JSON.stringify(input.bands);
  await db
    .insertInto("evaluation_band_settings")
    .values({ scope: input.scope, bands: value, updated_at: input.now, updated_by: input.userId })
    .onConflict((oc) =>
      oc.column("scope").doUpdateSet({ bands: value, updated_at: input.now, updated_by: input.userId }),
    )
    .execute();
  return input.bands;
}

import { Type } from "typebox";
import { ErrorResponse } from "../schemas/common.ts";

/** Schemas shared by the evaluation and 766 routes (citizen, kiosk, public, monitoring). */

export const evaluationErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

const IndexPoints = Type.Integer({ minimum: 0, maximum: 2 });

/** R-EVAL-2: the indices the applicant answers (1–4, 6, 7), each 0–2; at least one. */
export const RatingBody = Type.Object(
  {
    points: Type.Object(
      {
        "1": Type.Optional(IndexPoints),
        "2": Type.Optional(IndexPoints),
        "3": Type.Optional(IndexPoints),
        "4": Type.Optional(IndexPoints),
        "6": Type.Optional(IndexPoints),
        "7": Type.Optional(IndexPoints),
      },
      {
        additionalProperties: false,
        minProperties: 1,
        description: "Tiêu chí (1–4, 6, 7) → điểm 0, 1 hoặc 2",
      },
    ),
    satisfaction: Type.Optional(
      Type.Union([Type.Literal("satisfied"), Type.Literal("neutral"), Type.Literal("dissatisfied")], {
        description: "Mức độ hài lòng chung",
      }),
    ),
  },
  { additionalProperties: false },
);

export const OwnRatingResponse = Type.Object({
  canRate: Type.Boolean(),
  rating: Type.Union([
    Type.Object({
      points: Type.Record(Type.String(), Type.Integer()),
      satisfaction: Type.Union([Type.String(), Type.Null()]),
      channel: Type.Union([Type.Literal("portal"), Type.Literal("kiosk"), Type.Literal("national_portal")]),
      ratedAt: Type.String({ format: "date-time" }),
    }),
    Type.Null(),
  ]),
});

export const MonthQuery = {
  month: Type.String({ pattern: "^\\d{4}-\\d{2}$", examples: ["2026-11"], description: "Tháng (YYYY-MM)" }),
};

const Localized = Type.Object({ vi: Type.String(), en: Type.String() });

const Band = Type.Object({
  code: Type.String(),
  name: Localized,
  min: Type.Number(),
  inclusive: Type.Boolean(),
});

export const AgencyEvaluationSchema = Type.Object({
  ratings: Type.Integer(),
  indices: Type.Array(
    Type.Object({
      id: Type.Integer(),
      status: Type.Union([Type.Literal("scored"), Type.Literal("noRatings"), Type.Literal("noData")]),
      points: Type.Optional(Type.Number()),
      answers: Type.Integer(),
    }),
  ),
  total: Type.Number(),
  maxAvailable: Type.Number(),
  totalOn18: Type.Optional(Type.Number()),
  band: Type.Optional(Band),
  satisfaction: Type.Object({
    satisfied: Type.Integer(),
    neutral: Type.Integer(),
    dissatisfied: Type.Integer(),
  }),
});

export const BandsBody = Type.Object(
  {
    bands: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 40 }),
          name: Type.Object(
            {
              vi: Type.String({ minLength: 1, maxLength: 100 }),
              en: Type.String({ minLength: 1, maxLength: 100 }),
            },
            { additionalProperties: false },
          ),
          min: Type.Number({ minimum: 0, maximum: 18 }),
          inclusive: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
export const BandsResponse = Type.Object({ scope: Type.String(), bands: Type.Array(Band) });

export const KpiScoreSchema = Type.Object({
  from: Type.String({ format: "date-time" }),
  to: Type.String({ format: "date-time" }),
  indicators: Type.Array(
    Type.Object({
      code: Type.String(),
      group: Type.String(),
      status: Type.Union([
        Type.Literal("scored"),
        Type.Literal("notApplicable"),
        Type.Literal("noData"),
        Type.Literal("informational"),
      ]),
      maxPoints: Type.Number(),
      target: Type.Optional(Type.Number()),
      numerator: Type.Optional(Type.Integer()),
      denominator: Type.Optional(Type.Integer()),
      ratio: Type.Optional(Type.Number()),
      points: Type.Optional(Type.Number()),
      value: Type.Optional(Type.Number()),
      missing: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  groups: Type.Array(
    Type.Object({
      code: Type.String(),
      maxPoints: Type.Number(),
      points: Type.Number(),
      scoredMax: Type.Number(),
    }),
  ),
  total: Type.Number(),
  maxPoints: Type.Number(),
  scoredMax: Type.Number(),
});

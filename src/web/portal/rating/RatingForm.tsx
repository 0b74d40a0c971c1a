import { Alert, Button, Radio } from "antd";
import { useState } from "react";
import {
  EVALUATION_INDICES,
  type IndexPoints,
  SATISFACTION_LEVELS,
} from "../../../domain/evaluation/indices.ts";
import { ErrorAlert } from "../../app/ui.tsx";
import { useRatingI18n } from "./ratingI18n.ts";

export interface RatingValue {
  points: Record<string, number>;
  satisfaction?: string;
}

const APPLICANT_INDICES = EVALUATION_INDICES.filter((index) => index.scope === "dossier");

/**
 * The applicant's answers (R-EVAL-2: indices 1–4, 6, 7, each 0–2 points, any may be skipped) and the overall
 * satisfaction (R-EVAL-3). `large` makes touch-friendly buttons for the counter kiosk.
 */
export function RatingForm({
  onSubmit,
  large = false,
}: {
  onSubmit: (value: RatingValue) => Promise<void>;
  large?: boolean;
}) {
  const { rt, pick } = useRatingI18n();
  const [points, setPoints] = useState<Record<string, number>>({});
  const [satisfaction, setSatisfaction] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const size = large ? "large" : "middle";

  const submit = async () => {
    setError(null);
    if (Object.keys(points).length === 0) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setBusy(true);
    try {
      await onSubmit({ points, ...(satisfaction ? { satisfaction } : {}) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={large ? "rating-form rating-form--large" : "rating-form"}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {APPLICANT_INDICES.map((index) => (
        <fieldset key={index.id} className="rating-index">
          <legend>
            {index.id}. {pick(index.name)}
          </legend>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size={size}
            value={points[String(index.id)] ?? "skip"}
            onChange={(event) => {
              const value = event.target.value as IndexPoints | "skip";
              setPoints((current) => {
                const next = { ...current };
                if (value === "skip") delete next[String(index.id)];
                else next[String(index.id)] = value;
                return next;
              });
            }}
            options={[
              ...([2, 1, 0] as const).map((value) => ({
                value,
                label: `${pick(index.levels[value])} (${rt("rating.points", { points: value })})`,
              })),
              { value: "skip", label: rt("rating.skip") },
            ]}
          />
        </fieldset>
      ))}
      <fieldset className="rating-index">
        <legend>{rt("rating.satisfaction")}</legend>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          size={size}
          value={satisfaction ?? "skip"}
          onChange={(event) =>
            setSatisfaction(event.target.value === "skip" ? undefined : event.target.value)
          }
          options={[
            ...SATISFACTION_LEVELS.map((level) => ({
              value: level,
              label: rt(`rating.satisfaction.${level}`),
            })),
            { value: "skip", label: rt("rating.skip") },
          ]}
        />
      </fieldset>
      {empty ? <Alert type="warning" showIcon role="alert" title={rt("rating.needOne")} /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Button type="primary" htmlType="submit" size={size} loading={busy}>
        {rt("rating.submit")}
      </Button>
    </form>
  );
}

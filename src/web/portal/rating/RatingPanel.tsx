import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "antd";
import { api } from "../../api/client.ts";
import { ErrorAlert, Loading } from "../../app/ui.tsx";
import { RatingForm, type RatingValue } from "./RatingForm.tsx";
import { useRatingI18n } from "./ratingI18n.ts";
import "./rating.css";

interface OwnRating {
  canRate: boolean;
  rating: {
    points: Record<string, number>;
    satisfaction: string | null;
    channel: "portal" | "kiosk" | "national_portal";
    ratedAt: string;
  } | null;
}

/**
 * On the applicant's dossier page (R-EVAL-1): the rating form once the dossier has its result, or the rating given.
 * Nothing is shown before the result.
 */
export function RatingPanel({ dossierId }: { dossierId: string }) {
  const { rt, dateTime } = useRatingI18n();
  const client = useQueryClient();
  const key = ["dossier-rating", dossierId];
  const query = useQuery({
    queryKey: key,
    queryFn: () => api.get<OwnRating>(`/api/citizen/dossiers/${dossierId}/rating`),
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const { canRate, rating } = query.data;
  if (!canRate && rating === null) return null;
  const submit = async (value: RatingValue) => {
    const saved = await api.post<OwnRating>(`/api/citizen/dossiers/${dossierId}/rating`, value);
    client.setQueryData(key, saved);
  };
  return (
    <section className="section" aria-labelledby="dossier-rating">
      <h2 id="dossier-rating">{rt("rating.title")}</h2>
      {rating ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={rt("rating.thanks")}
          description={rt("rating.done", {
            at: dateTime(rating.ratedAt),
            channel: rt(`rating.channel.${rating.channel}`),
          })}
        />
      ) : (
        <>
          <p>{rt("rating.intro")}</p>
          <RatingForm onSubmit={submit} />
        </>
      )}
    </section>
  );
}

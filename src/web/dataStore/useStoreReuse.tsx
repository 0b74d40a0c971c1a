import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../api/client.ts";
import type { ReuseOffer } from "./dataStoreApi.ts";
import { useDataStoreI18n } from "./dataStoreI18n.ts";

export interface StoreReuse {
  offers: ReuseOffer[];
  /** The stored document chosen for a component, if any. */
  documentFor(position: number): ReuseOffer["documents"][number] | undefined;
  choose(position: number, documentId: string | null): void;
  /** What the submission sends as `reuses`. */
  references: { componentPosition: number; documentId: string }[];
}

/**
 * The wizard's "Dùng lại từ kho" (issue #16): the applicant's stored documents that fit each component of the
 * procedure, and the choices made. A component with a chosen document needs no upload.
 */
export function useStoreReuse(procedureCode: string): StoreReuse {
  const [chosen, setChosen] = useState<Record<number, string>>({});
  const query = useQuery({
    queryKey: ["data-store-offers", procedureCode],
    queryFn: () =>
      api.get<{ items: ReuseOffer[] }>(
        `/api/citizen/data-store/offers?procedureCode=${encodeURIComponent(procedureCode)}`,
      ),
    retry: false,
  });
  const offers = query.data?.items ?? [];
  const documentFor = (position: number) =>
    offers
      .find((offer) => offer.componentPosition === position)
      ?.documents.find((document) => document.id === chosen[position]);
  return {
    offers,
    documentFor,
    choose: (position, documentId) =>
      setChosen((current) => {
        const next = { ...current };
        if (documentId) next[position] = documentId;
        else delete next[position];
        return next;
      }),
    references: Object.entries(chosen)
      .filter(([position]) => documentFor(Number(position)) !== undefined)
      .map(([position, documentId]) => ({ componentPosition: Number(position), documentId })),
  };
}

/** The choice for one component: shown only when the store holds a fitting document. */
export function StoreReuseChoice({ reuse, position }: { reuse: StoreReuse; position: number }) {
  const { dt } = useDataStoreI18n();
  const id = useId();
  const offer = reuse.offers.find((candidate) => candidate.componentPosition === position);
  if (!offer) return null;
  const current = reuse.documentFor(position);
  return (
    <div className="data-store-offer">
      <label htmlFor={id}>
        <strong>{dt("ds.offer.title")}</strong>: {offer.componentName}
      </label>
      <p className="muted">{dt("ds.offer.lead")}</p>
      <select
        id={id}
        className="native-select"
        value={current?.id ?? ""}
        onChange={(event) => reuse.choose(position, event.target.value || null)}
      >
        <option value="">{dt("ds.offer.none")}</option>
        {offer.documents.map((document) => (
          <option key={document.id} value={document.id}>
            {dt("ds.offer.option", { name: document.name, code: document.sourceDossierCode })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** How the review step names a component answered from the store. */
export function useReuseLabel() {
  const { dt } = useDataStoreI18n();
  return (name: string) => dt("ds.offer.chosen", { name });
}

import type { DossierState } from "../../domain/dossier/dossierState.ts";

/**
 * The domain state stored as jsonb. By the domain's naming convention every instant's key ends in `At`
 * (`receivedAt`, `dueAt`, `requestedAt`…), so exactly those string values are revived as Dates; a test round-trips
 * a state with every field set to keep the convention honest.
 */
export function encodeState(state: DossierState): string {
  return JSON.stringify(state);
}

export function decodeState(stored: unknown): DossierState {
  const text = typeof stored === "string" ? stored : JSON.stringify(stored);
  return JSON.parse(text, (key, value) =>
    typeof value === "string" && key.endsWith("At") ? new Date(value) : value,
  ) as DossierState;
}

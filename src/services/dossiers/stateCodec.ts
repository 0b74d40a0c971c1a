import type { DossierState } from "../../domain/dossier/dossierState.ts";

/**
 * The domain state stored as jsonb. By the domain's naming convention every instant's key ends in `At`
 * (`receivedAt`, `dueAt`, `requestedAt`…), so exactly those string values are revived as Dates; a test round-trips
 * a state with every field set to keep the convention honest.
 */
export function encodeState(state: DossierState): string {
  return JSON.stringify(state);
}

const reviveInstant = (key: string, value: unknown): unknown =>
  typeof value === "string" && key.endsWith("At") ? new Date(value) : value;

/**
 * What `JSON.parse(JSON.stringify(value), reviveInstant)` gives for a value that is already parsed JSON (the jsonb
 * column as `pg` hands it over), without the text in between (issue #21: every command decoded its dossier's state
 * through a second stringify and parse): a copy, with each `…At` string as a Date.
 */
function revived(key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object") return reviveInstant(key, value);
  if (Array.isArray(value)) return value.map((item, index) => revived(String(index), item));
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const one = revived(name, item);
    // As JSON.parse does: a key named __proto__ is an own property, never the copy's prototype.
    if (name === "__proto__")
      Object.defineProperty(copy, name, { value: one, enumerable: true, writable: true, configurable: true });
    else copy[name] = one;
  }
  return copy;
}

export function decodeState(stored: unknown): DossierState {
  if (typeof stored === "string") return JSON.parse(stored, reviveInstant) as DossierState;
  return revived("", stored) as DossierState;
}

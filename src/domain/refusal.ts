/**
 * A domain refusal: the typed "no" a pure rule returns instead of throwing (DESIGN §7). Services map the stable
 * `code` to an HTTP status and show `message.vi` to people; `rule` names the R- id that decided.
 */
export interface Refusal {
  /** Stable, upper snake case, never reworded once published (e.g. `TRANSITION_NOT_ALLOWED`). */
  code: string;
  message: LocalizedMessage;
  /** The rule that refuses, e.g. `R-SUPP-1`. */
  rule?: string;
}

export interface LocalizedMessage {
  /** Vietnamese with diacritics: the language shown to applicants and officers. */
  vi: string;
  en: string;
}

/** The outcome of a rule that either succeeds with a value or refuses. */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; refusal: Refusal };

export function refusal(code: string, message: LocalizedMessage, rule?: string): Refusal {
  return rule === undefined ? { code, message } : { code, message, rule };
}

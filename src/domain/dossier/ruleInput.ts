import type { WorkingCalendar } from "../calendar/types.ts";
import type { LegalTime } from "../catalog/timeLimit.ts";
import type { DeadlinePolicy } from "../deadlines/deadlinePolicy.ts";
import type { Refusal } from "../refusal.ts";
import type { Actor } from "./actor.ts";
import type { CommandOf, DossierCommandType } from "./commands.ts";
import type { DossierRuleOptions } from "./dossierRuleOptions.ts";
import type { DossierState } from "./dossierState.ts";
import type { PublicStatus } from "./status.ts";

/** What one command's rule sees once `decide` has checked the transition, the role and the clock. */
export interface RuleInput<T extends DossierCommandType> {
  state: DossierState;
  command: CommandOf<T>;
  actor: Actor;
  now: Date;
  /** The public status the transition table leads to. */
  target: PublicStatus;
  calendar: WorkingCalendar;
  /** A duration, or a same-day / immediate kind (R-CAL-6, R-RECV-4). */
  legalTime: LegalTime;
  policy: DeadlinePolicy;
  options: DossierRuleOptions;
}

/** A rule's answer: the changed fields (status is set by `decide` from the table) and the event's payload. */
export type RuleOutcome =
  | { ok: true; changes: Partial<DossierState>; payload: Record<string, unknown> }
  | { ok: false; refusal: Refusal };

export type Rule<T extends DossierCommandType> = (input: RuleInput<T>) => RuleOutcome;

export function refused(refusal: Refusal): RuleOutcome {
  return { ok: false, refusal };
}

export function changed(changes: Partial<DossierState>, payload: Record<string, unknown> = {}): RuleOutcome {
  return { ok: true, changes, payload };
}

export function hasText(value: string | undefined): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

/** A non-empty list whose every entry says something. */
export function hasTexts(values: ReadonlyArray<string> | undefined): values is string[] {
  return Array.isArray(values) && values.length > 0 && values.every(hasText);
}

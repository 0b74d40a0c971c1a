import { toLocalDate } from "../calendar/workingCalendar.ts";
import { isPersonalIdNumber } from "../identity/assurance.ts";

/**
 * An organisation's authorisation (ủy quyền) of a person to act for it online (issue #14, R-ACC-1: "when
 * authorized, the authorizer's account is the dossier's account"). Pure rules: whether a mandate is in force at an
 * instant, what it covers, and what a new one must satisfy. Dates are the province's civil dates (`YYYY-MM-DD`),
 * both ends included, so a mandate "until 31/12" still works on the evening of the 31st in Vietnam.
 */

/** All procedures, or only the listed national procedure codes. */
export type MandateScope = { kind: "all" } | { kind: "procedures"; procedureCodes: string[] };

export interface MandateTerms {
  /** First day in force (`YYYY-MM-DD`, province's date). */
  validFrom: string;
  /** Last day in force, included. */
  validUntil: string;
  revokedAt: Date | null;
  scope: MandateScope;
}

/** Where a mandate stands at an instant. Revocation wins over every date. */
export type MandateState = "not_yet_valid" | "active" | "expired" | "revoked";

export function mandateState(terms: Omit<MandateTerms, "scope">, now: Date): MandateState {
  if (terms.revokedAt !== null && terms.revokedAt.getTime() <= now.getTime()) return "revoked";
  const today = toLocalDate(now);
  if (today < terms.validFrom) return "not_yet_valid";
  if (today > terms.validUntil) return "expired";
  return "active";
}

/** Does the scope reach the procedure (national code, e.g. `1.001612`)? */
export function scopeCovers(scope: MandateScope, procedureCode: string): boolean {
  return scope.kind === "all" || scope.procedureCodes.includes(procedureCode);
}

/**
 * May the holder act for the procedure at `now`? The refusal says why, so the person is told clearly (issue #14:
 * an expired or revoked mandate is refused with its reason).
 */
export type MandateRefusal = "not_yet_valid" | "expired" | "revoked" | "out_of_scope";

export function checkMandate(
  terms: MandateTerms,
  now: Date,
  procedureCode?: string,
): { ok: true } | { ok: false; reason: MandateRefusal } {
  const state = mandateState(terms, now);
  if (state !== "active") return { ok: false, reason: state };
  if (procedureCode !== undefined && !scopeCovers(terms.scope, procedureCode))
    return { ok: false, reason: "out_of_scope" };
  return { ok: true };
}

/** The longest period one mandate may cover: a renewal is a new, deliberate act. */
export const MAX_MANDATE_YEARS = 5;

export interface NewMandate {
  /** The authorised person's personal identification number (12 digits). */
  holderIdNumber: string;
  holderName: string;
  validFrom: string;
  validUntil: string;
  scope: MandateScope;
}

/** Why a new mandate cannot be given, per field. */
export type MandateProblem =
  | { field: "holderIdNumber"; reason: "format" | "self" }
  | { field: "holderName"; reason: "empty" }
  | { field: "validFrom"; reason: "format" | "past" }
  | { field: "validUntil"; reason: "format" | "before_start" | "too_long" }
  | { field: "scope"; reason: "empty" | "procedure_code" };

/** A national procedure code, e.g. `1.001193`. */
const PROCEDURE_CODE = /^\d\.\d{6}$/;

/** A real calendar day written `YYYY-MM-DD`. */
export function isCivilDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

/** The same day `years` later (29 February falls back to 28 in a common year). */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const rest = date.slice(4);
  const candidate = `${String(year).padStart(4, "0")}${rest}`;
  return isCivilDate(candidate) ? candidate : `${String(year).padStart(4, "0")}-02-28`;
}

/**
 * Checks a mandate the representative is about to give, at `now`: a valid ID number that is not the
 * representative's own, a name, a period that starts today or later, ends on or after its start and spans at most
 * MAX_MANDATE_YEARS, and a scope naming at least one well-formed procedure code when it is not "all".
 */
export function validateNewMandate(
  input: NewMandate,
  representativeIdNumber: string,
  now: Date,
): MandateProblem[] {
  const problems: MandateProblem[] = [];
  if (!isPersonalIdNumber(input.holderIdNumber)) problems.push({ field: "holderIdNumber", reason: "format" });
  else if (input.holderIdNumber === representativeIdNumber)
    problems.push({ field: "holderIdNumber", reason: "self" });
  if (input.holderName.trim().length === 0) problems.push({ field: "holderName", reason: "empty" });
  const fromOk = isCivilDate(input.validFrom);
  const untilOk = isCivilDate(input.validUntil);
  if (!fromOk) problems.push({ field: "validFrom", reason: "format" });
  else if (input.validFrom < toLocalDate(now)) problems.push({ field: "validFrom", reason: "past" });
  if (!untilOk) problems.push({ field: "validUntil", reason: "format" });
  else if (fromOk && input.validUntil < input.validFrom)
    problems.push({ field: "validUntil", reason: "before_start" });
  else if (fromOk && input.validUntil > addYears(input.validFrom, MAX_MANDATE_YEARS))
    problems.push({ field: "validUntil", reason: "too_long" });
  if (input.scope.kind === "procedures") {
    if (input.scope.procedureCodes.length === 0) problems.push({ field: "scope", reason: "empty" });
    else if (input.scope.procedureCodes.some((code) => !PROCEDURE_CODE.test(code)))
      problems.push({ field: "scope", reason: "procedure_code" });
  }
  return problems;
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addYears,
  checkMandate,
  isCivilDate,
  MAX_MANDATE_YEARS,
  type MandateScope,
  mandateState,
  scopeCovers,
  validateNewMandate,
} from "../../../src/domain/organisation/mandate.ts";

/** Issue #14 (R-ACC-1): an organisation's mandate to a person — in force over time, and what it covers. */

// The province's midnight is 17:00 UTC the day before (UTC+7, no daylight saving).
const at = (iso: string) => new Date(iso);
const terms = (validFrom: string, validUntil: string, revokedAt: Date | null = null) => ({
  validFrom,
  validUntil,
  revokedAt,
  scope: { kind: "all" } as MandateScope,
});

describe("mandateState", () => {
  it("is in force from the first day's local midnight to the last day's end, both included", () => {
    const m = terms("2026-12-01", "2026-12-31");
    expect(mandateState(m, at("2026-11-30T16:59:59.999Z"))).toBe("not_yet_valid");
    expect(mandateState(m, at("2026-11-30T17:00:00Z"))).toBe("active");
    expect(mandateState(m, at("2026-12-31T16:59:59.999Z"))).toBe("active");
    expect(mandateState(m, at("2026-12-31T17:00:00Z"))).toBe("expired");
  });

  it("a one-day mandate holds for exactly that local day", () => {
    const m = terms("2027-02-10", "2027-02-10");
    expect(mandateState(m, at("2027-02-09T16:59:59Z"))).toBe("not_yet_valid");
    expect(mandateState(m, at("2027-02-10T10:00:00Z"))).toBe("active");
    expect(mandateState(m, at("2027-02-10T17:00:00Z"))).toBe("expired");
  });

  it("revocation wins from its instant on, whatever the dates; before it the dates decide", () => {
    const revokedAt = at("2026-12-15T03:00:00Z");
    const m = terms("2026-12-01", "2026-12-31", revokedAt);
    expect(mandateState(m, at("2026-12-15T02:59:59Z"))).toBe("active");
    expect(mandateState(m, revokedAt)).toBe("revoked");
    expect(mandateState(m, at("2027-06-01T00:00:00Z"))).toBe("revoked");
  });

  it("property: the state follows the local date's place in the period, revocation first", () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: -500, max: 3500 }),
        fc.option(fc.integer({ min: 0, max: 3000 })),
        (from, length, offsetDays, revokedDay) => {
          const until = new Date(from.getTime() + length * 86_400_000);
          // noon in Vietnam of a day relative to the start
          const now = new Date(from.getTime() + offsetDays * 86_400_000 + 5 * 3_600_000);
          const revokedAt =
            revokedDay === null ? null : new Date(Date.UTC(2025, 0, 1) + revokedDay * 86_400_000);
          const state = mandateState(terms(iso(from), iso(until), revokedAt), now);
          if (revokedAt && revokedAt <= now) return state === "revoked";
          if (offsetDays < 0) return state === "not_yet_valid";
          if (offsetDays > length) return state === "expired";
          return state === "active";
        },
      ),
      { seed: 14, numRuns: 500 },
    );
  });
});

describe("scope", () => {
  it("all covers every procedure; a list covers only its codes", () => {
    expect(scopeCovers({ kind: "all" }, "1.001193")).toBe(true);
    const some: MandateScope = { kind: "procedures", procedureCodes: ["1.001193", "2.000001"] };
    expect(scopeCovers(some, "1.001193")).toBe(true);
    expect(scopeCovers(some, "2.000001")).toBe(true);
    expect(scopeCovers(some, "1.001612")).toBe(false);
    expect(scopeCovers({ kind: "procedures", procedureCodes: [] }, "1.001193")).toBe(false);
  });

  it("checkMandate gives the first reason in order: state, then scope", () => {
    const now = at("2026-12-10T03:00:00Z");
    const scope: MandateScope = { kind: "procedures", procedureCodes: ["1.001193"] };
    const base = { validFrom: "2026-12-01", validUntil: "2026-12-31", revokedAt: null, scope };
    expect(checkMandate(base, now, "1.001193")).toEqual({ ok: true });
    expect(checkMandate(base, now)).toEqual({ ok: true });
    expect(checkMandate(base, now, "1.001612")).toEqual({ ok: false, reason: "out_of_scope" });
    expect(checkMandate({ ...base, validUntil: "2026-12-09" }, now, "1.001612")).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(checkMandate({ ...base, validFrom: "2026-12-11" }, now, "1.001193")).toEqual({
      ok: false,
      reason: "not_yet_valid",
    });
    expect(checkMandate({ ...base, revokedAt: now }, now, "1.001193")).toEqual({
      ok: false,
      reason: "revoked",
    });
  });
});

describe("civil dates", () => {
  it("accepts real days only, leap years included", () => {
    expect(isCivilDate("2028-02-29")).toBe(true);
    expect(isCivilDate("2000-02-29")).toBe(true);
    expect(isCivilDate("1900-02-29")).toBe(false);
    expect(isCivilDate("2027-02-29")).toBe(false);
    expect(isCivilDate("2027-04-31")).toBe(false);
    expect(isCivilDate("2027-13-01")).toBe(false);
    expect(isCivilDate("2027-00-10")).toBe(false);
    expect(isCivilDate("2027-1-10")).toBe(false);
    expect(isCivilDate("10/01/2027")).toBe(false);
  });

  it("every day of 2024–2031 agrees with the platform's calendar", () => {
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2032, 0, 1); t += 86_400_000) {
      expect(isCivilDate(new Date(t).toISOString().slice(0, 10))).toBe(true);
    }
  });

  it("adds years, 29 February falling back to 28", () => {
    expect(addYears("2026-12-02", 5)).toBe("2031-12-02");
    expect(addYears("2028-02-29", 1)).toBe("2029-02-28");
    expect(addYears("2028-02-29", 4)).toBe("2032-02-29");
  });
});

describe("validateNewMandate", () => {
  const now = at("2026-12-02T03:00:00Z"); // 10:00 on 2 December in Vietnam
  const good = {
    holderIdNumber: "099088007777",
    holderName: "Phạm Minh Tuấn",
    validFrom: "2026-12-02",
    validUntil: "2027-12-01",
    scope: { kind: "all" } as MandateScope,
  };
  const rep = "099185002222";

  it("accepts a well-formed mandate starting today", () => {
    expect(validateNewMandate(good, rep, now)).toEqual([]);
    expect(
      validateNewMandate({ ...good, scope: { kind: "procedures", procedureCodes: ["1.001193"] } }, rep, now),
    ).toEqual([]);
  });

  it("names each problem by field", () => {
    const check = (change: Partial<typeof good>) => validateNewMandate({ ...good, ...change }, rep, now);
    expect(check({ holderIdNumber: "12345" })).toEqual([{ field: "holderIdNumber", reason: "format" }]);
    expect(check({ holderIdNumber: rep })).toEqual([{ field: "holderIdNumber", reason: "self" }]);
    expect(check({ holderName: "   " })).toEqual([{ field: "holderName", reason: "empty" }]);
    expect(check({ validFrom: "2026-02-30" })).toEqual([{ field: "validFrom", reason: "format" }]);
    expect(check({ validFrom: "2026-12-01" })).toEqual([{ field: "validFrom", reason: "past" }]);
    expect(check({ validUntil: "nope" })).toEqual([{ field: "validUntil", reason: "format" }]);
    expect(check({ validUntil: "2026-12-01" })).toEqual([{ field: "validUntil", reason: "before_start" }]);
    expect(check({ validUntil: addYears(good.validFrom, MAX_MANDATE_YEARS) })).toEqual([]);
    expect(check({ validUntil: "2031-12-03" })).toEqual([{ field: "validUntil", reason: "too_long" }]);
    expect(check({ scope: { kind: "procedures", procedureCodes: [] } })).toEqual([
      { field: "scope", reason: "empty" },
    ]);
    expect(check({ scope: { kind: "procedures", procedureCodes: ["1.001193", "abc"] } })).toEqual([
      { field: "scope", reason: "procedure_code" },
    ]);
  });

  it("property: a period inside [today, today + 5 years] with a valid holder always passes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 365 * 4 }), (start, length) => {
        const from = new Date(Date.UTC(2026, 11, 2) + start * 86_400_000).toISOString().slice(0, 10);
        const until = new Date(Date.UTC(2026, 11, 2) + (start + length) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        return validateNewMandate({ ...good, validFrom: from, validUntil: until }, rep, now).length === 0;
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

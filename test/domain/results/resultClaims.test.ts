import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromJwtPayload,
  RESULT_TOKEN_VERSION,
  type ResultClaims,
  toJwtPayload,
} from "../../../src/domain/results/resultClaims.ts";

const sample: ResultClaims = {
  code: "7KQ2M-XW4PA-9HDT3",
  dossierCode: "000.20.01.H99-261123-0001",
  procedureCode: "1.004884",
  procedureName: "Đăng ký lại khai sinh",
  agencyCode: "000.20.01.H99",
  agencyName: "Ủy ban nhân dân Phường Trung Tâm",
  holder: "Nguyễn V** A*",
  sha256: "a".repeat(64),
  issuedAt: new Date("2026-11-25T02:00:00Z"),
};

describe("result token claims (R-RES-1)", () => {
  it("writes short claim names with the issue time in seconds, and reads them back", () => {
    const payload = toJwtPayload(sample);
    expect(payload).toEqual({
      v: 1,
      sub: sample.code,
      iat: 1_795_572_000,
      dos: sample.dossierCode,
      prc: "1.004884",
      prn: "Đăng ký lại khai sinh",
      agc: "000.20.01.H99",
      agn: "Ủy ban nhân dân Phường Trung Tâm",
      hld: "Nguyễn V** A*",
      sha: "a".repeat(64),
    });
    expect(fromJwtPayload(payload)).toEqual({ ok: true, claims: sample });
  });

  it("names the first field of the wrong shape", () => {
    const payload = toJwtPayload(sample);
    expect(fromJwtPayload({ ...payload, v: 2 })).toEqual({ ok: false, field: "v" });
    expect(fromJwtPayload({ ...payload, sub: undefined })).toEqual({ ok: false, field: "sub" });
    expect(fromJwtPayload({ ...payload, prn: "" })).toEqual({ ok: false, field: "prn" });
    expect(fromJwtPayload({ ...payload, hld: 3 })).toEqual({ ok: false, field: "hld" });
    expect(fromJwtPayload({ ...payload, sha: "A".repeat(64) })).toEqual({ ok: false, field: "sha" });
    expect(fromJwtPayload({ ...payload, sha: 5 })).toEqual({ ok: false, field: "sha" });
    expect(fromJwtPayload({ ...payload, iat: "1" })).toEqual({ ok: false, field: "iat" });
    expect(fromJwtPayload({ ...payload, iat: 1.5 })).toEqual({ ok: false, field: "iat" });
    expect(fromJwtPayload({ ...payload, iat: -1 })).toEqual({ ok: false, field: "iat" });
    expect(RESULT_TOKEN_VERSION).toBe(1);
  });

  it("property: any claims survive the round trip (to the second)", () => {
    const text = fc.string({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.record({
          code: text,
          dossierCode: text,
          procedureCode: text,
          procedureName: text,
          agencyCode: text,
          agencyName: text,
          holder: text,
          sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
          issuedAt: fc.integer({ min: 0, max: 4_102_444_800 }).map((seconds) => new Date(seconds * 1000)),
        }),
        (claims) => {
          const json = JSON.parse(JSON.stringify(toJwtPayload(claims)));
          expect(fromJwtPayload(json)).toEqual({ ok: true, claims });
        },
      ),
    );
  });
});

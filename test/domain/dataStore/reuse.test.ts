import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMPONENT_TYPES,
  componentTypeOf,
  DOCUMENT_TYPES,
  RESULT_TYPES,
  validUntil,
} from "../../../src/domain/dataStore/documentTypes.ts";
import { reuseRefusal } from "../../../src/domain/dataStore/reuse.ts";

const now = new Date("2026-11-26T03:00:00Z");
const day = 86_400_000;
const birth = {
  ownerUserId: "u1",
  documentType: "GIAY_KHAI_SINH",
  validFrom: new Date(now.getTime() - day),
  validUntil: null,
  revokedAt: null,
};
const request = { ownerUserId: "u1", procedureCode: "1.004884", componentCode: "GT02", now };

describe("document types (R-KHO-1, R-DIG-1)", () => {
  it("every type named by a result or a component exists", () => {
    const codes = new Set(DOCUMENT_TYPES.map((type) => type.code));
    for (const type of Object.values(RESULT_TYPES)) expect(codes.has(type), type).toBe(true);
    for (const types of Object.values(COMPONENT_TYPES))
      for (const type of types) expect(codes.has(type), type).toBe(true);
  });

  it("validity: none for a birth certificate, six months for a marital status certificate", () => {
    expect(validUntil("GIAY_KHAI_SINH", now)).toBeNull();
    const until = validUntil("GIAY_XAC_NHAN_TINH_TRANG_HON_NHAN", now)!;
    expect(Math.round((until.getTime() - now.getTime()) / day)).toBe(183);
    expect(componentTypeOf("1.004884", "GT02")).toBe("GIAY_KHAI_SINH");
    expect(componentTypeOf("1.004884", "GT01")).toBeUndefined();
    expect(componentTypeOf("1.004884", null)).toBeUndefined();
  });
});

describe("reuseRefusal (R-KHO-1)", () => {
  it("the owner's valid birth certificate answers the re-registration's birth papers", () => {
    expect(reuseRefusal(birth, request)).toBeUndefined();
  });

  it("each reason in its order: owner, revoked, not yet valid, expired, type", () => {
    expect(reuseRefusal(birth, { ...request, ownerUserId: "u2" })).toBe("NOT_OWNER");
    expect(reuseRefusal({ ...birth, revokedAt: now }, request)).toBe("REVOKED");
    expect(reuseRefusal({ ...birth, validFrom: new Date(now.getTime() + 1) }, request)).toBe("NOT_YET_VALID");
    expect(reuseRefusal({ ...birth, validUntil: now }, request)).toBe("EXPIRED");
    expect(reuseRefusal(birth, { ...request, componentCode: "GT01" })).toBe("WRONG_TYPE");
    expect(reuseRefusal(birth, { ...request, procedureCode: "1.001193" })).toBe("WRONG_TYPE");
  });

  it("accepted exactly when owner, not revoked by now, within validity and of an accepted type", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
        fc.integer({ min: -5, max: 5 }),
        fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
        fc.constantFrom(...Object.keys(COMPONENT_TYPES), "1.001193/GT01"),
        fc.constantFrom(...DOCUMENT_TYPES.map((type) => type.code)),
        (sameOwner, revokedDays, fromDays, untilDays, key, type) => {
          const [procedureCode, componentCode] = key.split("/") as [string, string];
          const at = (days: number) => new Date(now.getTime() + days * day);
          const document = {
            ownerUserId: sameOwner ? "u1" : "u2",
            documentType: type,
            validFrom: at(fromDays),
            validUntil: untilDays === null ? null : at(untilDays),
            revokedAt: revokedDays === null ? null : at(revokedDays),
          };
          const accepted =
            sameOwner &&
            (revokedDays === null || revokedDays > 0) &&
            fromDays <= 0 &&
            (untilDays === null || untilDays > 0) &&
            (COMPONENT_TYPES[key] ?? []).includes(type);
          expect(
            reuseRefusal(document, { ownerUserId: "u1", procedureCode, componentCode, now }) === undefined,
          ).toBe(accepted);
        },
      ),
    );
  });
});

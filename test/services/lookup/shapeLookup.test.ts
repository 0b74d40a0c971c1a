import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PUBLIC_STATUSES, STATUS_LABELS } from "../../../src/domain/dossier/status.ts";
import {
  type LookupRow,
  lookupCodeCandidates,
  shapeLookup,
} from "../../../src/services/lookup/lookupDossier.ts";

/** R-LOOK-2 clarified: whatever the status, the answer names it, and personal data stays within the field list. */
const row = (overrides: Partial<LookupRow>): LookupRow => ({
  code: "000.20.01.H99-261123-0001",
  status: 1,
  applicant_name: "Nguyễn Văn An",
  organisation_name: "Công ty Demo",
  submitted_at: new Date("2026-11-23T02:00:00Z"),
  received_at: null,
  due_at: null,
  applicant_phone: "0912345678",
  applicant_id_number: "099090001234",
  agency_name: "UBND phường Trung Tâm",
  deciding_agency_name: "Sở Tài chính",
  assisted_agency_name: "UBND phường Trung Tâm",
  steps: null,
  current_unit: "Bộ phận Một cửa – UBND phường Trung Tâm",
  ...overrides,
});
const options = { publicUrl: "https://x", maskNames: false };

describe("shapeLookup (R-LOOK-2 clarified, R-STATUS-1)", () => {
  it("property: every status is named as R-STATUS-1 names it, in both languages, and no phone or ID leaks", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PUBLIC_STATUSES),
        fc.boolean(),
        fc.constantFrom("vi", "en"),
        (status, accepted, language) => {
          const shaped = shapeLookup(
            row({
              status,
              received_at: accepted ? new Date("2026-11-23T03:00:00Z") : null,
              due_at: accepted ? new Date("2026-11-30T03:00:00Z") : null,
              steps: accepted ? [{ department: "Phòng Văn hóa – UBND", done: true }] : null,
            }),
            { ...options, language },
          );
          expect(shaped.status).toEqual({ code: status, name: STATUS_LABELS[status][language] });
          const text = JSON.stringify(shaped);
          expect(text).not.toContain("0912345678");
          expect(text).not.toContain("099090001234");
          expect("organisationName" in shaped).toBe(accepted);
          if ([3, 8, 10].includes(status)) expect(shaped.currentDepartment).toBeNull();
          else expect(shaped.currentDepartment).toBe("Bộ phận Một cửa – UBND phường Trung Tâm");
        },
      ),
    );
  });

  it("an accepted dossier lists the departments once each, from the receiving agency to the deciding one", () => {
    const shaped = shapeLookup(
      row({
        status: 4,
        received_at: new Date("2026-11-23T03:00:00Z"),
        steps: [
          { department: "Phòng A – Sở Tài chính", done: true },
          { department: "Phòng A – Sở Tài chính", done: false },
        ],
        current_unit: "Phòng A – Sở Tài chính",
      }),
      options,
    );
    expect(shaped.departments).toEqual(["UBND phường Trung Tâm", "Phòng A – Sở Tài chính", "Sở Tài chính"]);
    expect(shaped.steps).toEqual([
      { department: "Phòng A – Sở Tài chính", done: true },
      { department: "Phòng A – Sở Tài chính", done: false },
    ]);
  });

  it("masks the name when asked and says so", () => {
    expect(shapeLookup(row({}), { ...options, maskNames: true })).toMatchObject({
      applicantName: "Nguyễn V** A*",
      applicantNameMasked: true,
    });
  });

  it("code candidates: trimmed (also no-break and zero-width spaces) and upper-cased", () => {
    expect(lookupCodeCandidates("  abc-1 ")).toEqual(["abc-1", "ABC-1"]);
    expect(lookupCodeCandidates("\u00a0\u200bABC-1\t")).toEqual(["ABC-1", "ABC-1"]);
  });
});

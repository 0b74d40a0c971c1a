import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildDossierRecord,
  buildProgressRecord,
  type DossierSyncFacts,
  isHandover,
  isUpdatingPacket,
  onlinePaymentFlag,
  packetKey,
  packetSequence,
  parseSyncTimestamp,
  submissionPlaceCode,
  syncedFieldsChanged,
  syncTimestamp,
  vneidVerifiedFlag,
} from "../../../src/domain/sync/index.ts";
import { createSyncStore } from "../../../src/integrations/dvcqg/simulator/syncStore.ts";
import { validatePacket } from "../../../src/integrations/dvcqg/simulator/validatePacket.ts";

const HOUR = 3_600_000;

/** A dossier's facts at the start of its history (status 1 online, or 2 at the counter). */
function baseFacts(
  start: Date,
  channel: DossierSyncFacts["channel"],
  organisation: boolean,
): DossierSyncFacts {
  return {
    code: "000.20.01.H99-261123-0001",
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    fieldCode: "HT",
    fieldName: "Hộ tịch",
    channel,
    fromNationalPortal: false,
    applicant: {
      kind: organisation ? "organisation" : "person",
      name: "Nguyễn Văn An",
      idNumber: organisation ? null : "099090001234",
      organisationName: organisation ? "Công ty TNHH Demo" : null,
      taxCode: organisation ? "0101234567" : null,
      phone: "0912345678",
      email: "an@example.com",
    },
    ownerUserId: "6f1c1f54-0000-4000-8000-000000000001",
    ownerIdentityLevel: 1,
    summary: "Đăng ký khai sinh cho con",
    status: channel === "online" ? 1 : 2,
    submittedAt: start,
    receivedAt: channel === "online" ? null : start,
    dueAt: channel === "online" ? null : new Date(start.getTime() + 40 * HOUR),
    finishedAt: null,
    returnedAt: null,
    refusedAt: null,
    returnChannel: null,
    processingAgencyName: "UBND Phường Trung Tâm",
    note: null,
    files: [
      {
        id: "f1",
        name: "to-khai.pdf",
        componentCode: "TP1",
        url: "http://127.0.0.1:3000/api/dossiers/x/files/f1",
        digitized: true,
        reused: false,
      },
    ],
    fees: [{ name: "Lệ phí đăng ký khai sinh", code: "LP01", amount: 8000, paidOnline: false }],
    paymentConfirmations: [],
    supplements: [],
    results: [],
  };
}

type Step =
  | "accept"
  | "refuse"
  | "transfer"
  | "supplement"
  | "complete"
  | "pay"
  | "approve"
  | "return"
  | "withdraw"
  | "stop";

/** Applies one step of a history when R-STATUS-1 allows it from the current status; otherwise leaves the facts. */
function apply(facts: DossierSyncFacts, step: Step, at: Date): DossierSyncFacts {
  const next = { ...facts };
  const s = facts.status;
  if (step === "accept" && s === 1)
    return { ...next, status: 2, receivedAt: at, dueAt: new Date(at.getTime() + 40 * HOUR) };
  if (step === "refuse" && s === 1)
    return { ...next, status: 3, refusedAt: at, finishedAt: at, note: "Thiếu giấy tờ" };
  if (step === "transfer" && s === 2) return { ...next, status: 4 };
  if (step === "supplement" && s === 4)
    return {
      ...next,
      status: 5,
      supplements: [
        ...facts.supplements,
        {
          id: `BS${facts.supplements.length + 1}`,
          requestedByName: "Chuyên viên",
          reason: "Bổ sung bản sao",
          items: ["Bản sao giấy chứng sinh"],
          requestedAt: at,
          completedAt: null,
          receivedByName: null,
          previousDueAt: null,
          newDueAt: null,
        },
      ],
    };
  if (step === "complete" && s === 5) {
    const supplements = [...facts.supplements];
    const last = supplements.at(-1)!;
    const newDueAt = new Date(at.getTime() + 40 * HOUR);
    supplements[supplements.length - 1] = {
      ...last,
      completedAt: at,
      receivedByName: "Một cửa",
      previousDueAt: facts.dueAt,
      newDueAt,
    };
    return { ...next, status: 4, supplements, dueAt: newDueAt };
  }
  if (step === "pay" && s === 4) return { ...next, status: 6 };
  if (step === "pay" && s === 6)
    return {
      ...next,
      status: 4,
      paymentConfirmations: [...facts.paymentConfirmations, { by: "paymentSystem" }],
    };
  if (step === "approve" && s === 4)
    return {
      ...next,
      status: 9,
      finishedAt: at,
      results: [
        {
          id: "r1",
          name: "Giấy khai sinh",
          componentCode: null,
          url: "http://127.0.0.1:3000/api/dossiers/x/files/r1",
          verificationCode: "7KQ2M-XW4PA-9HDT3",
        },
      ],
    };
  if (step === "return" && s === 9) return { ...next, status: 10, returnedAt: at, returnChannel: "counter" };
  if (step === "withdraw" && [1, 2, 4, 5, 6].includes(s)) return { ...next, status: 7 };
  if (step === "stop" && s === 7) return { ...next, status: 8, finishedAt: facts.finishedAt ?? at };
  return facts;
}

const histories = fc.record({
  start: fc.date({
    min: new Date("2025-01-01T00:00:00Z"),
    max: new Date("2027-12-31T00:00:00Z"),
    noInvalidDate: true,
  }),
  channel: fc.constantFrom("online", "counter", "postal") as fc.Arbitrary<DossierSyncFacts["channel"]>,
  organisation: fc.boolean(),
  steps: fc.array(
    fc.record({
      step: fc.constantFrom<Step>(
        "accept",
        "refuse",
        "transfer",
        "supplement",
        "complete",
        "pay",
        "approve",
        "return",
        "withdraw",
        "stop",
      ),
      minutes: fc.integer({ min: 1, max: 60 * 24 * 3 }),
    }),
    { maxLength: 25 },
  ),
});

/** Every state a random history goes through, oldest first. */
function statesOf(history: {
  start: Date;
  channel: DossierSyncFacts["channel"];
  organisation: boolean;
  steps: { step: Step; minutes: number }[];
}) {
  let facts = baseFacts(history.start, history.channel, history.organisation);
  let at = history.start;
  const states = [facts];
  for (const { step, minutes } of history.steps) {
    at = new Date(at.getTime() + minutes * 60_000);
    const next = apply(facts, step, at);
    if (next !== facts) states.push(next);
    facts = next;
  }
  return states;
}

describe("DVCQG payloads over random dossier histories (issue #13, R-SYNC-2/3/4/5)", () => {
  it("every DongBoHoSoMC packet validates against the simulator's validator", () => {
    fc.assert(
      fc.property(histories, (history) => {
        statesOf(history).forEach((facts, index) => {
          const packet = {
            service: "DongBoHoSoMC",
            isUpdating: index > 0,
            data: [buildDossierRecord(facts)],
          };
          expect(validatePacket(packet)).toEqual([]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("replaying the received packets in order rebuilds the dossier's public state; a late redelivery changes nothing", () => {
    fc.assert(
      fc.property(histories, fc.nat(), (history, redeliver) => {
        const store = createSyncStore();
        const records = statesOf(history).map(buildDossierRecord);
        records.forEach((record, index) => {
          const result = store.apply(
            {
              service: "DongBoHoSoMC",
              isUpdating: index > 0,
              record: record as unknown as Record<string, unknown>,
            },
            packetSequence(index + 1, "DongBoHoSoMC"),
            new Date(),
          );
          expect(result).toEqual({ ok: true, outcome: "applied" });
        });
        const old = redeliver % records.length;
        const again = store.apply(
          {
            service: "DongBoHoSoMC",
            isUpdating: old > 0,
            record: records[old] as unknown as Record<string, unknown>,
          },
          packetSequence(old + 1, "DongBoHoSoMC"),
          new Date(),
        );
        expect(again).toEqual({ ok: true, outcome: "duplicate" });
        expect(store.find(records[0]!.MaHoSo)!.record).toEqual(records.at(-1));
      }),
      { numRuns: 300 },
    );
  });

  it("progress packets (R-SYNC-4) validate and keep their order whatever order they arrive in", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 200 }), { minLength: 1, maxLength: 10 }), (events) => {
        const store = createSyncStore();
        const record = buildDossierRecord(baseFacts(new Date("2026-11-23T02:00:00Z"), "counter", false));
        store.apply(
          {
            service: "DongBoHoSoMC",
            isUpdating: false,
            record: record as unknown as Record<string, unknown>,
          },
          10,
          new Date(),
        );
        const unique = [...new Set(events)];
        for (const event of unique) {
          const progress = buildProgressRecord({
            code: record.MaHoSo,
            handlerName: "Trần Thị Bình",
            handlerTitle: "Chuyên viên",
            at: new Date("2026-11-23T03:00:00Z"),
            unitName: "Phòng Tư pháp",
            content: `Bước ${event}`,
            status: 4,
            stepStartedAt: new Date("2026-11-23T03:00:00Z"),
            stepDueAt: null,
          });
          expect(
            validatePacket({ service: "CapNhatTienDoHoSoMC", isUpdating: true, data: [progress] }),
          ).toEqual([]);
          store.apply(
            {
              service: "CapNhatTienDoHoSoMC",
              isUpdating: true,
              record: progress as unknown as Record<string, unknown>,
            },
            packetSequence(event, "CapNhatTienDoHoSoMC"),
            new Date(),
          );
        }
        const order = store.find(record.MaHoSo)!.progress.map((entry) => entry.sequence);
        expect(order).toEqual([...order].sort((a, b) => (a ?? 0) - (b ?? 0)));
      }),
    );
  });
});

describe("encodings (R-SYNC-3)", () => {
  it("dates are yyyyMMddHHmmss in Asia/Ho_Chi_Minh, and parse back to the same instant", () => {
    expect(syncTimestamp(new Date("2026-11-23T17:30:05Z"))).toBe("20261124003005");
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2000-01-01T00:00:00Z"),
          max: new Date("2099-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        (date) => {
          const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
          expect(parseSyncTimestamp(syncTimestamp(whole)).getTime()).toBe(whole.getTime());
        },
      ),
    );
  });

  it("KenhThucHien, NoiNopHoSo and the applicant's kind", () => {
    const start = new Date("2026-11-23T02:00:00Z");
    expect(buildDossierRecord(baseFacts(start, "counter", false)).KenhThucHien).toBe("1");
    expect(buildDossierRecord(baseFacts(start, "online", false)).KenhThucHien).toBe("2");
    expect(buildDossierRecord(baseFacts(start, "postal", false)).KenhThucHien).toBe("3");
    expect(submissionPlaceCode({ channel: "online", fromNationalPortal: true })).toBe("3");
    expect(submissionPlaceCode({ channel: "online", fromNationalPortal: false })).toBe("2");
    expect(submissionPlaceCode({ channel: "postal", fromNationalPortal: false })).toBe("1");
    const organisation = buildDossierRecord(baseFacts(start, "counter", true));
    expect(organisation).toMatchObject({
      LoaiDoiTuong: "2",
      ChuHoSo: "Công ty TNHH Demo",
      SoGiayToChuHoSo: "0101234567",
    });
    expect(organisation.DinhDanhCHS).toEqual([{ LoaiDinhDanh: "2", SoDinhDanh: "0101234567" }]);
    const withPost = buildDossierRecord({ ...baseFacts(start, "counter", false), returnChannel: "post" });
    expect(withPost.HinhThuc).toBe("1");
    const fee = buildDossierRecord({
      ...baseFacts(start, "counter", false),
      fees: [{ name: "Phí thẩm định", code: null, amount: 12000.4, paidOnline: true }],
    }).DanhSachLePhi;
    expect(fee).toEqual([
      { TenPhiLePhi: "Phí thẩm định", MaPhiLePhi: null, HinhThucThu: "2", Gia: "12000", LoaiPhiLePhi: "1" },
    ]);
    const base = baseFacts(start, "counter", true);
    const unnamed = buildDossierRecord({
      ...base,
      applicant: { ...base.applicant, organisationName: null, taxCode: null },
    });
    expect(unnamed).toMatchObject({ ChuHoSo: "Nguyễn Văn An", SoGiayToChuHoSo: null });
    const reusedOnly = buildDossierRecord({
      ...baseFacts(start, "counter", false),
      files: [{ ...baseFacts(start, "counter", false).files[0]!, digitized: false, reused: true }],
    });
    expect(reusedOnly.HoSoCoThanhPhanSoHoa).toBe("1");
    const empty = buildDossierRecord({ ...baseFacts(start, "counter", false), summary: "", files: [] });
    expect(empty).toMatchObject({ TrichYeuHoSo: "Đăng ký khai sinh", HoSoCoThanhPhanSoHoa: "0" });
  });

  it("the supplement history carries NgayHenTraTruoc and NgayHenTraMoi once complete", () => {
    const start = new Date("2026-11-23T02:00:00Z");
    let facts = apply(
      apply(baseFacts(start, "counter", false), "transfer", start),
      "supplement",
      new Date(start.getTime() + HOUR),
    );
    expect(buildDossierRecord(facts).DanhSachHoSoBoSung[0]).toMatchObject({
      TrangThaiBoSung: "1",
      NgayHenTraTruoc: null,
      NgayHenTraMoi: null,
    });
    facts = apply(facts, "complete", new Date(start.getTime() + 2 * HOUR));
    const item = buildDossierRecord(facts).DanhSachHoSoBoSung[0]!;
    expect(item.TrangThaiBoSung).toBe("2");
    expect(item.NgayHenTraTruoc).toBe(syncTimestamp(new Date(start.getTime() + 40 * HOUR)));
    expect(item.NgayHenTraMoi).toBe(syncTimestamp(new Date(start.getTime() + 42 * HOUR)));
    const noReason = buildDossierRecord({
      ...facts,
      supplements: [{ ...facts.supplements[0]!, reason: "", items: [] }],
    });
    expect(noReason.DanhSachHoSoBoSung[0]!.NoiDungBoSung).toBe("Bổ sung hồ sơ");
  });

  it("the VNeID and online-payment flags each come from one function", () => {
    expect(vneidVerifiedFlag({ ownerIdentityLevel: 2 })).toBe("1");
    expect(vneidVerifiedFlag({ ownerIdentityLevel: 1 })).toBe("0");
    expect(vneidVerifiedFlag({ ownerIdentityLevel: null })).toBe("0");
    expect(onlinePaymentFlag({ paymentConfirmations: [{ by: "counterOfficer" }] })).toBe("0");
    expect(onlinePaymentFlag({ paymentConfirmations: [{ by: "paymentSystem" }] })).toBe("1");
    expect(onlinePaymentFlag({ paymentConfirmations: [], paidThroughNationalPlatform: true })).toBe("2");
  });

  it("sequences, keys, isUpdating and change detection (R-SYNC-5)", () => {
    expect(packetSequence(3, "DongBoHoSoMC")).toBe(30);
    expect(packetSequence(3, "CapNhatTienDoHoSoMC")).toBe(31);
    expect(packetKey("X", "DongBoHoSoMC", 30)).toBe("X:DongBoHoSoMC:30");
    expect(isUpdatingPacket(10, 10)).toBe(false);
    expect(isUpdatingPacket(21, 10)).toBe(true);
    expect(syncedFieldsChanged({ a: "1" }, { a: "1" })).toBe(false);
    expect(syncedFieldsChanged({ a: "1" }, { a: "2" })).toBe(true);
    expect(isHandover("transferred")).toBe(true);
    expect(isHandover("edited")).toBe(false);
  });
});

describe("the simulator's validator rejects bad packets with every error found", () => {
  const good = buildDossierRecord(baseFacts(new Date("2026-11-23T02:00:00Z"), "counter", false));
  it("unknown and missing fields, bad dates, bad codes, inconsistent status", () => {
    const { Fax: _fax, ...missing } = good;
    const errors = validatePacket({
      service: "DongBoHoSoMC",
      isUpdating: false,
      data: [
        { ...missing, Extra: "x", NgayNopHoSo: "20261301000000", KenhThucHien: "4", NgayTiepNhan: null },
      ],
    });
    const fields = errors.map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(["data[0].Fax", "data[0].Extra", "data[0].KenhThucHien"]));
    const dates = validatePacket({
      service: "DongBoHoSoMC",
      isUpdating: false,
      data: [{ ...good, NgayNopHoSo: "20261301000000", NgayTiepNhan: null, TrangThaiHoSo: "10" }],
    });
    expect(dates.map((error) => error.field)).toEqual(
      expect.arrayContaining([
        "data[0].NgayNopHoSo",
        "data[0].NgayTiepNhan",
        "data[0].NgayTra",
        "data[0].NgayKetThucXuLy",
      ]),
    );
    expect(validatePacket({ service: "Khac", isUpdating: "no", data: [] }).length).toBeGreaterThan(0);
    expect(
      validatePacket({
        service: "DongBoHoSoMC",
        isUpdating: false,
        data: [{ ...good, NgayTiepNhan: "20200101000000" }],
      }),
    ).toEqual([expect.objectContaining({ field: "data[0].NgayTiepNhan" })]);
    expect(
      validatePacket({ service: "DongBoHoSoMC", isUpdating: false, data: [{ ...good, TrangThaiHoSo: "3" }] }),
    ).toEqual([expect.objectContaining({ field: "data[0].NgayTuChoi" })]);
  });
});

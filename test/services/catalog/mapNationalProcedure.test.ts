import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type MappedProcedure,
  mapNationalProcedure,
  procedureSearchText,
} from "../../../src/services/catalog/mapNationalProcedure.ts";
import type { NationalProcedure } from "../../../src/services/catalog/nationalProcedureSchema.ts";

const base: NationalProcedure = {
  MaTTHC: "1.001193",
  TenTTHC: "Thủ tục đăng ký khai sinh",
  MaLinhVuc: "TP.HT",
  TenLinhVuc: "Hộ tịch",
  MaNganh: "TP",
  TenNganh: "Tư pháp",
};

function mapped(overrides: Partial<NationalProcedure>): MappedProcedure {
  const result = mapNationalProcedure({ ...base, ...overrides });
  if (!result.ok) throw new Error(`expected a mapped row, got ${JSON.stringify(result.reasons)}`);
  return result.procedure;
}
function reasons(overrides: Partial<NationalProcedure>) {
  const result = mapNationalProcedure({ ...base, ...overrides });
  if (result.ok) throw new Error("expected the row to be rejected");
  return result.reasons;
}

describe("mapNationalProcedure — a full row (R-CAT-1)", () => {
  it("maps every field of a national export row to the catalog's shape", () => {
    const procedure = mapped({
      TenTTHC: "  Thủ tục đăng ký khai sinh  ",
      CapThucHien: ["Cấp Xã"],
      CoQuanThucHien: "Ủy ban nhân dân cấp xã",
      ThoiHanGiaiQuyet: [
        {
          ThoiGian: 1,
          DonVi: "Ngày làm việc",
          MoTa: "Ngay trong ngày; sau 15 giờ thì ngày làm việc tiếp theo",
        },
      ],
      PhiLePhi: [{ MaPhiLePhi: "PLP01", TenPhiLePhi: "Lệ phí", MucPhi: 8000.6, MoTa: "Miễn cho trẻ em" }],
      ThanhPhanHoSo: [
        {
          MaGiayTo: "GT01",
          TenGiayTo: "Tờ khai",
          SoBanChinh: 1,
          SoBanSao: 0,
          BatBuoc: true,
          MauDon: "Mẫu 01",
        },
        { TenGiayTo: "Giấy chứng sinh" },
      ],
      TrinhTuThucHien: ["Bước 1: Nộp hồ sơ.", "Bước 2: Nhận kết quả."],
      CachThucThucHien: [
        { Kenh: "Trực tiếp", MoTa: "Tại quầy" },
        { Kenh: "Trực tuyến", MoTa: null },
        { Kenh: "Dịch vụ bưu chính", MoTa: "Qua bưu chính công ích" },
      ],
      DoiTuongThucHien: ["Công dân Việt Nam"],
      KetQuaThucHien: "Giấy khai sinh",
      YeuCauDieuKien: "Không",
      CanCuPhapLy: [{ SoKyHieu: "60/2014/QH13", TrichYeu: "Luật Hộ tịch", NgayBanHanh: "2014-11-20" }],
      MucDo: "Toàn trình",
    });
    expect(procedure).toEqual({
      code: "1.001193",
      name: "Thủ tục đăng ký khai sinh",
      fieldCode: "TP.HT",
      fieldName: "Hộ tịch",
      sectorCode: "TP",
      sectorName: "Tư pháp",
      levels: ["commune"],
      decidingAgency: "Ủy ban nhân dân cấp xã",
      steps: ["Bước 1: Nộp hồ sơ.", "Bước 2: Nhận kết quả."],
      methods: [
        { channel: "counter", description: "Tại quầy" },
        { channel: "online", description: "" },
        { channel: "postal", description: "Qua bưu chính công ích" },
      ],
      receptionChannels: ["counter", "online", "postal"],
      timeLimit: { amount: 1, unit: "wd" },
      // A structured "1 Ngày làm việc" is kept as published; the description is text (R-CAL-6 reads the unit first).
      timeLimitKind: null,
      timeLimitText: "Ngay trong ngày; sau 15 giờ thì ngày làm việc tiếp theo",
      subjects: ["Công dân Việt Nam"],
      subjectKinds: ["citizen"],
      result: "Giấy khai sinh",
      conditions: "Không",
      legalBasis: [{ number: "60/2014/QH13", title: "Luật Hộ tịch", issuedOn: "2014-11-20" }],
      onlineLevel: "full",
      components: [
        {
          code: "GT01",
          name: "Tờ khai",
          originalCount: 1,
          copyCount: 0,
          required: true,
          formTemplate: "Mẫu 01",
        },
        {
          code: null,
          name: "Giấy chứng sinh",
          originalCount: 0,
          copyCount: 0,
          required: true,
          formTemplate: null,
        },
      ],
      fees: [{ code: "PLP01", name: "Lệ phí", amountVnd: 8001, description: "Miễn cho trẻ em" }],
    });
  });

  it("fills the optional parts of a minimal row with empty values", () => {
    expect(mapped({})).toMatchObject({
      fieldName: "Hộ tịch",
      levels: [],
      decidingAgency: "",
      steps: [],
      methods: [],
      receptionChannels: [],
      timeLimit: null,
      timeLimitText: "",
      subjects: [],
      subjectKinds: [],
      result: "",
      conditions: "",
      legalBasis: [],
      onlineLevel: "none",
      components: [],
      fees: [],
    });
    const { TenLinhVuc: _f, MaNganh: _s, TenNganh: _n, ...withoutNames } = base;
    expect(mapNationalProcedure(withoutNames)).toMatchObject({
      ok: true,
      procedure: { fieldName: undefined, sectorCode: undefined, sectorName: undefined },
    });
  });
});

describe("mapNationalProcedure — levels (cấp thực hiện)", () => {
  it.each([
    [["Cấp Bộ"], ["central"]],
    [["Cấp Tỉnh"], ["province"]],
    [["Cấp Huyện"], ["district"]],
    [["Cấp Xã"], ["commune"]],
    [
      ["CẤP TỈNH", "cấp xã"],
      ["province", "commune"],
    ],
    [["Cấp Tỉnh", "Cấp Tỉnh"], ["province"]],
  ])("%j → %j", (values, levels) => {
    expect(mapped({ CapThucHien: values }).levels).toEqual(levels);
  });

  it("rejects a level it does not know, naming it", () => {
    const [reason] = reasons({ CapThucHien: ["Cấp Thôn"] });
    expect(reason).toEqual({
      vi: 'Cấp thực hiện "Cấp Thôn" không xác định',
      en: 'Unknown implementation level "Cấp Thôn"',
    });
  });
});

describe("mapNationalProcedure — time limit (R-CAL-5)", () => {
  it.each([
    ["Ngày làm việc", "wd"],
    ["ngày làm việc", "wd"],
    ["Ngày", "d"],
    ["Ngày (kể cả ngày nghỉ)", "d"],
    ["Giờ làm việc", "wh"],
    ["Giờ", "wh"],
  ])("unit %s → %s", (unit, expected) => {
    expect(mapped({ ThoiHanGiaiQuyet: [{ ThoiGian: 3, DonVi: unit }] }).timeLimit).toEqual({
      amount: 3,
      unit: expected,
    });
  });

  it("keeps fractional amounts (half a working day)", () => {
    expect(mapped({ ThoiHanGiaiQuyet: [{ ThoiGian: 0.5, DonVi: "Ngày làm việc" }] }).timeLimit).toEqual({
      amount: 0.5,
      unit: "wd",
    });
  });

  it("uses the first time limit; the text joins every one, from MoTa or from amount and unit", () => {
    const procedure = mapped({
      ThoiHanGiaiQuyet: [
        { ThoiGian: 10, DonVi: "Ngày làm việc", MoTa: null },
        { ThoiGian: 3, DonVi: "Ngày", MoTa: "3 ngày nếu nộp trực tuyến" },
      ],
    });
    expect(procedure.timeLimit).toEqual({ amount: 10, unit: "wd" });
    expect(procedure.timeLimitText).toBe("10 ngày làm việc; 3 ngày nếu nộp trực tuyến");
  });

  // R-CAL-6, R-RECV-4 (issue #12 §3): the kinds are read from the unit, or from the description when the structured
  // time says nothing usable; the stored duration is then the nominal working day.
  it.each([
    [{ ThoiGian: 0, DonVi: "Trong ngày", MoTa: null }, "same_day"],
    [{ ThoiGian: 1, DonVi: "Trong ngày; sau 15 giờ thì ngày làm việc tiếp theo" }, "same_day"],
    [
      { ThoiGian: 0, DonVi: "Ngày làm việc", MoTa: "Trong ngày; sau 15 giờ thì ngày làm việc tiếp theo" },
      "same_day",
    ],
    [{ ThoiGian: 0, DonVi: "Ngay khi nhận đủ hồ sơ" }, "immediate"],
    [{ ThoiGian: 0, DonVi: "Khác", MoTa: "Giải quyết ngay khi nhận đủ hồ sơ hợp lệ" }, "immediate"],
  ])("recognises the kind of %j → %s", (time, kind) => {
    const procedure = mapped({ ThoiHanGiaiQuyet: [time] });
    expect(procedure.timeLimitKind).toBe(kind);
    expect(procedure.timeLimit).toEqual({ amount: 1, unit: "wd" });
  });

  it("keeps a structured duration a duration, whatever its description says", () => {
    const procedure = mapped({
      ThoiHanGiaiQuyet: [
        { ThoiGian: 3, DonVi: "Ngày làm việc", MoTa: "Ngay khi nhận đủ hồ sơ; xác minh 3 ngày" },
      ],
    });
    expect(procedure.timeLimitKind).toBeNull();
    expect(procedure.timeLimit).toEqual({ amount: 3, unit: "wd" });
  });

  it("rejects an unknown unit, naming it", () => {
    const [reason] = reasons({ ThoiHanGiaiQuyet: [{ ThoiGian: 2, DonVi: "Tuần" }] });
    expect(reason?.vi).toContain('"Tuần"');
    expect(reason?.en).toContain('Unsupported time unit "Tuần"');
  });
});

describe("mapNationalProcedure — methods and reception channels", () => {
  it.each([
    ["Trực tiếp", "counter"],
    ["Nộp trực tiếp tại Bộ phận Một cửa", "counter"],
    ["Trực tuyến", "online"],
    ["Nộp hồ sơ điện tử", "online"],
    ["Dịch vụ bưu chính", "postal"],
    ["Qua bưu điện", "postal"],
  ])("%s → %s", (channel, expected) => {
    expect(mapped({ CachThucThucHien: [{ Kenh: channel }] }).methods).toEqual([
      { channel: expected, description: "" },
    ]);
  });

  it("lists each reception channel once though several methods share it", () => {
    const procedure = mapped({
      CachThucThucHien: [
        { Kenh: "Trực tiếp", MoTa: "Sáng" },
        { Kenh: "Trực tiếp", MoTa: "Chiều" },
        { Kenh: "Trực tuyến" },
      ],
    });
    expect(procedure.methods).toHaveLength(3);
    expect(procedure.receptionChannels).toEqual(["counter", "online"]);
  });

  it("rejects an unknown method, naming it", () => {
    const [reason] = reasons({ CachThucThucHien: [{ Kenh: "Fax" }] });
    expect(reason?.vi).toBe(
      'Cách thức thực hiện "Fax" không xác định (Trực tiếp, Trực tuyến, Dịch vụ bưu chính)',
    );
  });
});

describe("mapNationalProcedure — online level (R-CAT-2; legacy levels R-FEE-5)", () => {
  it.each<[NationalProcedure["MucDo"], string]>([
    ["Toàn trình", "full"],
    ["DVCTT toàn trình", "full"],
    ["Một phần", "partial"],
    ["Không", "none"],
    ["Mức độ 4", "full"],
    ["Mức độ 3", "partial"],
    ["Mức độ 2", "none"],
    ["4", "full"],
    ["3", "partial"],
    ["1", "none"],
    ["", "none"],
    [undefined, "none"],
    [4, "full"],
    [3, "partial"],
    [2, "none"],
    [1, "none"],
  ])("MucDo %j → %s", (value, expected) => {
    const row: NationalProcedure = { ...base };
    if (value !== undefined) row.MucDo = value;
    expect(mapped(row).onlineLevel).toBe(expected);
  });

  it.each<[NationalProcedure["MucDo"]]>([["Cao"], [0], [-1]])("rejects MucDo %j", (value) => {
    const [reason] = reasons({ MucDo: value });
    expect(reason?.vi).toBe(`Mức độ "${value}" không xác định (Toàn trình, Một phần, Không)`);
  });
});

describe("mapNationalProcedure — subjects (R-CAT-3: classified by user type)", () => {
  it.each([
    [["Công dân Việt Nam"], ["citizen"]],
    [["Người nước ngoài"], ["citizen"]],
    [["Cá nhân"], ["citizen"]],
    [["Hộ gia đình"], ["citizen"]],
    [["Doanh nghiệp"], ["business"]],
    [["Tổ chức"], ["business"]],
    [["Hợp tác xã"], ["business"]],
    [["Hộ kinh doanh"], ["business"]],
    [
      ["Công dân Việt Nam", "Doanh nghiệp"],
      ["citizen", "business"],
    ],
    [["Cơ quan nhà nước"], []],
  ])("%j → %j", (subjects, kinds) => {
    expect(mapped({ DoiTuongThucHien: subjects }).subjectKinds).toEqual(kinds);
  });
});

describe("mapNationalProcedure — legal basis", () => {
  it("rejects an issue date not written YYYY-MM-DD, naming the document", () => {
    const [reason] = reasons({ CanCuPhapLy: [{ SoKyHieu: "123/2020/NĐ-CP", NgayBanHanh: "20/11/2020" }] });
    expect(reason?.vi).toBe('Ngày ban hành "20/11/2020" của văn bản 123/2020/NĐ-CP phải có dạng YYYY-MM-DD');
  });

  it("accepts a missing issue date as null", () => {
    expect(mapped({ CanCuPhapLy: [{ SoKyHieu: "1/2020/TT-BTP", NgayBanHanh: null }] }).legalBasis).toEqual([
      { number: "1/2020/TT-BTP", title: "", issuedOn: null },
    ]);
  });
});

describe("mapNationalProcedure — rejections", () => {
  it("reports every reason of a row at once, each in Vietnamese and English", () => {
    const all = reasons({
      CapThucHien: ["Cấp Thôn"],
      ThoiHanGiaiQuyet: [{ ThoiGian: 1, DonVi: "Tháng" }],
      CachThucThucHien: [{ Kenh: "Fax" }, { Kenh: "Bồ câu" }],
      MucDo: "Cao",
      CanCuPhapLy: [{ SoKyHieu: "1/2020/NĐ-CP", NgayBanHanh: "2020" }],
    });
    expect(all).toHaveLength(6);
    for (const reason of all) {
      expect(reason.vi).toMatch(/[ạảấầẩậắằặẻẽếềểễệịọỏốồổỗộớờởợụủứừửữựỳỵỷỹđ]/i);
      expect(reason.en).not.toBe(reason.vi);
    }
  });

  it("property: a row with only known values always maps, keeping code and trimmed name", () => {
    const knownUnits = ["Ngày làm việc", "Ngày", "Giờ làm việc"];
    const knownChannels = ["Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"];
    const knownLevels = ["Toàn trình", "Một phần", "Không"];
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]\.[0-9]{6}$/),
        fc.string({ minLength: 1, maxLength: 50 }).filter((name) => name.trim().length > 0),
        fc.constantFrom(...knownUnits),
        fc.subarray(knownChannels),
        fc.constantFrom(...knownLevels),
        (code, name, unit, channels, level) => {
          const result = mapNationalProcedure({
            ...base,
            MaTTHC: code,
            TenTTHC: ` ${name} `,
            ThoiHanGiaiQuyet: [{ ThoiGian: 2, DonVi: unit }],
            CachThucThucHien: channels.map((channel) => ({ Kenh: channel })),
            MucDo: level,
          });
          expect(result.ok).toBe(true);
          if (result.ok) {
            expect(result.procedure.code).toBe(code);
            expect(result.procedure.name).toBe(name.trim());
            expect(result.procedure.receptionChannels).toHaveLength(channels.length);
          }
        },
      ),
    );
  });
});

describe("procedureSearchText", () => {
  it("folds name, code, field and sector names into one lower-case text without diacritics", () => {
    expect(
      procedureSearchText(mapped({ TenTTHC: "Cấp GIẤY PHÉP xây dựng" }), "Hoạt động xây dựng", "Xây dựng"),
    ).toBe("cap giay phep xay dung 1.001193 hoat dong xay dung xay dung");
  });
});

import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createTestApp, type TestApp } from "../../../support/testApp.ts";

/** The demo files the database was seeded from: expectations are computed from them, not typed in by hand. */
interface DemoProcedure {
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  MaNganh: string;
  CapThucHien: string[];
  CoQuanThucHien: string;
  ThoiHanGiaiQuyet: { ThoiGian: number; DonVi: string; MoTa: string | null }[];
  PhiLePhi: { MaPhiLePhi: string | null; TenPhiLePhi: string; MucPhi: number; MoTa: string | null }[];
  ThanhPhanHoSo: {
    MaGiayTo: string | null;
    TenGiayTo: string;
    SoBanChinh: number;
    SoBanSao: number;
    BatBuoc: boolean;
    MauDon: string | null;
  }[];
  TrinhTuThucHien: string[];
  CachThucThucHien: { Kenh: string; MoTa: string }[];
  DoiTuongThucHien: string[];
  KetQuaThucHien: string;
  YeuCauDieuKien: string;
  CanCuPhapLy: { SoKyHieu: string; TrichYeu: string; NgayBanHanh: string | null }[];
  MucDo: string;
}
interface DemoOffering {
  agencyCode: string;
  procedureCode: string;
  onlineLevel: string;
  channels: string[];
}
const readData = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../../../data/${name}.json`, import.meta.url), "utf8")) as T;
const procedures = readData<DemoProcedure[]>("procedures");
const offerings = readData<DemoOffering[]>("offerings");
const allCodes = procedures.map((p) => p.MaTTHC).sort();

/** An independent folding (not the one under test) to compute which names a query must find. */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
const codesWhere = (keep: (p: DemoProcedure) => boolean) =>
  procedures
    .filter(keep)
    .map((p) => p.MaTTHC)
    .sort();
const onlineLevelOf: Record<string, string> = { "Toàn trình": "full", "Một phần": "partial", Không: "none" };
const isBusiness = (p: DemoProcedure) =>
  p.DoiTuongThucHien.some((s) => /doanh nghiep|to chuc|hop tac xa|ho kinh doanh/.test(fold(s)));
const isCitizen = (p: DemoProcedure) =>
  p.DoiTuongThucHien.some((s) => /cong dan|ca nhan|nguoi|ho gia dinh/.test(fold(s)));

interface SearchBody {
  items: {
    code: string;
    name: string;
    field: { code: string };
    sector: { code: string };
    levels: string[];
    onlineLevel: string;
    subjectKinds: string[];
  }[];
  total: number;
  page: number;
  pageSize: number;
}
interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

/** Vietnamese text, as opposed to bare ASCII: at least one letter with a diacritic or đ. */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: "GET", url, headers });
}
async function search(query: Record<string, string | number>): Promise<SearchBody> {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const response = await get(`/api/public/procedures?${params}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SearchBody>();
}
const codesOf = (body: SearchBody) => body.items.map((item) => item.code).sort();

describe("GET /api/public/procedures — search (issue #2 §5)", () => {
  it("without a query lists the whole catalog, 20 per page by default", async () => {
    const body = await search({});
    expect(body.total).toBe(procedures.length);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(20);
    expect(body.items).toHaveLength(Math.min(20, procedures.length));
  });

  it("`cap giay phep xay dung` (no diacritics) finds `Thủ tục cấp giấy phép xây dựng…`, ranked first", async () => {
    const body = await search({ q: "cap giay phep xay dung" });
    const expected = codesWhere((p) => fold(p.TenTTHC).includes("cap giay phep xay dung"));
    expect(expected).toContain("1.013225");
    expect(codesOf(body)).toEqual(expect.arrayContaining(expected));
    expect(body.items[0]?.code).toBe("1.013225");
    expect(body.items[0]?.name).toBe("Thủ tục cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ");
  });

  it("is insensitive to diacritics and case: `đăng ký`, `dang ky`, `DANG KY`, `ĐĂNG KÝ` return the same codes", async () => {
    const results = await Promise.all(
      ["đăng ký", "dang ky", "DANG KY", "ĐĂNG KÝ", "Đăng Ký"].map((q) => search({ q, pageSize: 100 })),
    );
    const first = codesOf(results[0]!);
    for (const result of results) expect(codesOf(result)).toEqual(first);
    // Every procedure whose name holds the words is found (recall), whatever typo tolerance adds.
    const expected = codesWhere((p) => fold(p.TenTTHC).includes("dang ky"));
    expect(expected.length).toBeGreaterThan(10);
    expect(first).toEqual(expect.arrayContaining(expected));
  });

  it("folds đ/Đ to d: `dat dai` and `Đất đai` both find every procedure of the field Đất đai", async () => {
    const expected = codesWhere((p) => p.MaLinhVuc === "NNMT.DD");
    for (const q of ["dat dai", "Đất đai", "ĐẤT ĐAI"]) {
      expect(codesOf(await search({ q, pageSize: 100 }))).toEqual(expect.arrayContaining(expected));
    }
  });

  it("matches precomposed (NFC) and decomposed (NFD) input alike", async () => {
    const nfc = await search({ q: "khai sinh".normalize("NFC"), pageSize: 100 });
    const nfd = await search({ q: "Khai Sinh".normalize("NFD"), pageSize: 100 });
    expect(codesOf(nfd)).toEqual(codesOf(nfc));
    expect(codesOf(nfc)).toContain("1.001193");
  });

  it("tolerates a typo: `khai sihn` still finds `Thủ tục đăng ký khai sinh`", async () => {
    const body = await search({ q: "khai sihn" });
    expect(codesOf(body)).toContain("1.001193");
  });

  it("precision: when every word matches somewhere, only such procedures come back (no drift to `khai tử`)", async () => {
    const body = await search({ q: "dang ky khai sinh", pageSize: 100 });
    expect(body.total).toBeGreaterThan(0);
    for (const item of body.items) expect(fold(item.name)).toMatch(/khai sinh/);
  });

  it("publishes each agency's e-form (JSON Schema) with the procedure, null where the general declaration applies", async () => {
    const marriage = (await t.app.inject({ url: "/api/public/procedures/1.000894" })).json();
    expect(marriage.offerings.length).toBeGreaterThan(0);
    for (const offering of marriage.offerings) {
      expect(offering.formSchema).toMatchObject({
        title: "Tờ khai đăng ký kết hôn",
        required: ["benNam", "benNu", "noiDangKy"],
      });
    }
    // Issue #19: birth registration publishes the real declaration (TT 04/2020/TT-BTP), standing for its GT01.
    const birth = (await t.app.inject({ url: "/api/public/procedures/1.001193" })).json();
    for (const offering of birth.offerings)
      expect(offering.formSchema).toMatchObject({
        title: "Tờ khai đăng ký khai sinh",
        required: ["nguoiYeuCau", "treEm", "me", "camDoan"],
        "x-declaration": { component: "GT01" },
      });
    const reRegistration = (await t.app.inject({ url: "/api/public/procedures/1.004884" })).json();
    expect(
      reRegistration.offerings.every((offering: { formSchema: unknown }) => offering.formSchema === null),
    ).toBe(true);
  });

  it("finds a procedure by its national code (R-CODE-4)", async () => {
    const body = await search({ q: "1.001612" });
    expect(body.items[0]?.code).toBe("1.001612");
  });

  it("ranks the exact name first: `Thủ tục đăng ký kết hôn` before the longer names that contain it", async () => {
    const body = await search({ q: "Thủ tục đăng ký kết hôn" });
    expect(body.items[0]?.code).toBe("1.000894");
    const withoutMarks = await search({ q: "thu tuc dang ky khai sinh" });
    expect(withoutMarks.items[0]?.code).toBe("1.001193");
  });

  it("answers 200 with total 0 and no items when nothing matches", async () => {
    const body = await search({ q: "qqqzzzxxx" });
    expect(body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });

  it("ignores punctuation: `%_%` holds no word, so it filters nothing (no LIKE pattern reaches SQL)", async () => {
    expect((await search({ q: "%_%" })).total).toBe(procedures.length);
    expect(codesOf(await search({ q: "khai-sinh!", pageSize: 100 }))).toEqual(
      codesOf(await search({ q: "khai sinh", pageSize: 100 })),
    );
  });

  it("paginates: pages are disjoint, each reports the same total, and together they cover the catalog", async () => {
    const pageSize = 8;
    const pages = Math.ceil(procedures.length / pageSize);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const body = await search({ page, pageSize });
      expect(body.total).toBe(procedures.length);
      expect(body.page).toBe(page);
      expect(body.pageSize).toBe(pageSize);
      expect(body.items.length).toBe(page < pages ? pageSize : procedures.length - pageSize * (pages - 1));
      seen.push(...body.items.map((item) => item.code));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(allCodes);
    const beyond = await search({ page: pages + 1, pageSize });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(procedures.length);
  });

  it("paginates a ranked query without losing or repeating results", async () => {
    const all = await search({ q: "dang ky", pageSize: 100 });
    const seen: string[] = [];
    for (let page = 1; (page - 1) * 5 < all.total; page++) {
      seen.push(...(await search({ q: "dang ky", page, pageSize: 5 })).items.map((item) => item.code));
    }
    expect(seen).toEqual(all.items.map((item) => item.code));
  });

  it("filters by agency: exactly the procedures the agency offers (data/offerings.json)", async () => {
    for (const agency of ["000.00.13.H99", "000.20.01.H99", "000.00.12.H99"]) {
      const expected = offerings
        .filter((o) => o.agencyCode === agency)
        .map((o) => o.procedureCode)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(codesOf(await search({ agency, pageSize: 100 }))).toEqual(expected);
    }
  });

  it("filters by an agency that offers nothing, or does not exist, to an empty page", async () => {
    expect((await search({ agency: "000.00.10.H99" })).total).toBe(0);
    expect((await search({ agency: "999.99.99.H99" })).total).toBe(0);
  });

  it("filters by level (Cấp Tỉnh → province, Cấp Xã → commune)", async () => {
    const province = await search({ level: "province", pageSize: 100 });
    expect(codesOf(province)).toEqual(codesWhere((p) => p.CapThucHien.includes("Cấp Tỉnh")));
    const commune = await search({ level: "commune", pageSize: 100 });
    expect(codesOf(commune)).toEqual(codesWhere((p) => p.CapThucHien.includes("Cấp Xã")));
    for (const item of commune.items) expect(item.levels).toContain("commune");
    expect((await search({ level: "central" })).total).toBe(0);
  });

  it("filters by sector and by field", async () => {
    const sector = await search({ sector: "TP", pageSize: 100 });
    expect(codesOf(sector)).toEqual(codesWhere((p) => p.MaNganh === "TP"));
    for (const item of sector.items) expect(item.sector.code).toBe("TP");
    const field = await search({ field: "TP.CT", pageSize: 100 });
    expect(codesOf(field)).toEqual(codesWhere((p) => p.MaLinhVuc === "TP.CT"));
    for (const item of field.items) expect(item.field.code).toBe("TP.CT");
    expect((await search({ sector: "KHONG-CO" })).total).toBe(0);
  });

  it("filters by online level (R-CAT-2: full = toàn trình, partial = một phần, none)", async () => {
    for (const onlineLevel of ["full", "partial", "none"]) {
      const body = await search({ onlineLevel, pageSize: 100 });
      expect(codesOf(body)).toEqual(codesWhere((p) => onlineLevelOf[p.MucDo] === onlineLevel));
      expect(body.total).toBeGreaterThan(0);
    }
  });

  it("filters by subject: citizen or business (R-CAT-3, classified by user type)", async () => {
    const business = await search({ subject: "business", pageSize: 100 });
    expect(codesOf(business)).toEqual(codesWhere(isBusiness));
    for (const item of business.items) expect(item.subjectKinds).toContain("business");
    const citizen = await search({ subject: "citizen", pageSize: 100 });
    expect(codesOf(citizen)).toEqual(codesWhere(isCitizen));
    expect(business.total).toBeGreaterThan(0);
    expect(citizen.total).toBeGreaterThan(business.total);
  });

  it("combines filters and query (AND)", async () => {
    const agency = "000.20.01.H99";
    const offered = new Set(offerings.filter((o) => o.agencyCode === agency).map((o) => o.procedureCode));
    const body = await search({
      q: "dang ky",
      agency,
      sector: "TP",
      onlineLevel: "full",
      level: "commune",
      subject: "citizen",
      pageSize: 100,
    });
    const expected = codesWhere(
      (p) =>
        fold(p.TenTTHC).includes("dang ky") &&
        offered.has(p.MaTTHC) &&
        p.MaNganh === "TP" &&
        p.MucDo === "Toàn trình" &&
        p.CapThucHien.includes("Cấp Xã") &&
        isCitizen(p),
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(codesOf(body)).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });
});

describe("GET /api/public/procedures — invalid query → 400 VALIDATION_FAILED naming the field", () => {
  const cases: [string, string, string][] = [
    ["page 0", "page=0", "page"],
    ["page not a number", "page=abc", "page"],
    ["page not an integer", "page=1.5", "page"],
    ["pageSize 0", "pageSize=0", "pageSize"],
    ["pageSize 101", "pageSize=101", "pageSize"],
    ["unknown level", "level=x", "level"],
    ["unknown online level", "onlineLevel=x", "onlineLevel"],
    ["unknown subject", "subject=x", "subject"],
    ["q longer than 200 characters", `q=${"a".repeat(201)}`, "q"],
    ["agency with a space (R-CODE-3)", "agency=000.00.13%20H99", "agency"],
    ["agency longer than 40 characters (R-CODE-3)", `agency=${"A".repeat(41)}`, "agency"],
    ["empty sector", "sector=", "sector"],
    ["empty field", "field=", "field"],
  ];
  for (const [title, query, field] of cases) {
    it(`${title} → 400 with a Vietnamese message for \`${field}\`, English with Accept-Language: en`, async () => {
      const vi = await get(`/api/public/procedures?${query}`);
      expect(vi.statusCode).toBe(400);
      const viBody = vi.json<ErrorBody>();
      expect(viBody.error.code).toBe("VALIDATION_FAILED");
      expect(viBody.error.message).toBe("Dữ liệu không hợp lệ");
      const viFields = viBody.error.fields?.filter((f) => f.field === field) ?? [];
      expect(viFields).toHaveLength(1);
      expect(viFields[0]?.message).toMatch(VIETNAMESE);

      const en = await get(`/api/public/procedures?${query}`, { "accept-language": "en-US,en;q=0.9" });
      expect(en.statusCode).toBe(400);
      const enBody = en.json<ErrorBody>();
      expect(enBody.error.code).toBe("VALIDATION_FAILED");
      expect(enBody.error.message).toBe("The input is not valid");
      const enFields = enBody.error.fields?.filter((f) => f.field === field) ?? [];
      expect(enFields).toHaveLength(1);
      expect(enFields[0]?.message).not.toMatch(VIETNAMESE);
      expect(enFields[0]?.message).not.toBe(viFields[0]?.message);
    });
  }

  it("names the allowed values of a closed list in one message per field", async () => {
    const response = await get("/api/public/procedures?level=x");
    expect(response.json<ErrorBody>().error.fields).toEqual([
      { field: "level", message: "Phải là một trong: central, province, district, commune" },
    ]);
  });

  it("reports every invalid field at once", async () => {
    const response = await get("/api/public/procedures?page=0&pageSize=101&level=x&subject=x");
    expect(response.statusCode).toBe(400);
    const fields = response.json<ErrorBody>().error.fields?.map((f) => f.field);
    expect(new Set(fields)).toEqual(new Set(["page", "pageSize", "level", "subject"]));
  });
});

describe("GET /api/public/procedures/:code — detail (R-CAT-1)", () => {
  interface Detail {
    code: string;
    name: string;
    field: { code: string; name: string };
    sector: { code: string; name: string };
    levels: string[];
    decidingAgency: string;
    steps: string[];
    methods: { channel: string; description: string }[];
    receptionChannels: string[];
    timeLimit: { amount: number; unit: string } | null;
    timeLimitText: string;
    subjects: string[];
    subjectKinds: string[];
    result: string;
    conditions: string;
    legalBasis: { number: string; title: string; issuedOn: string | null }[];
    onlineLevel: string;
    components: {
      position: number;
      code: string | null;
      name: string;
      originalCount: number;
      copyCount: number;
      required: boolean;
      formTemplate: string | null;
    }[];
    fees: { code: string | null; name: string; amountVnd: number; description: string }[];
    offerings: {
      agency: { code: string; name: string; level: string };
      onlineLevel: string;
      channels: string[];
    }[];
    updatedAt: string;
  }
  const channelOf: Record<string, string> = {
    "Trực tiếp": "counter",
    "Trực tuyến": "online",
    "Dịch vụ bưu chính": "postal",
  };

  it("shows every R-CAT-1 field of `1.013225` (construction permit) as published", async () => {
    const response = await get("/api/public/procedures/1.013225");
    expect(response.statusCode).toBe(200);
    const detail = response.json<Detail>();
    const source = procedures.find((p) => p.MaTTHC === "1.013225")!;
    expect(detail).toMatchObject({
      code: "1.013225",
      name: source.TenTTHC,
      field: { code: "XD.HDXD", name: "Hoạt động xây dựng" },
      sector: { code: "XD", name: "Xây dựng" },
      levels: ["commune"],
      decidingAgency: source.CoQuanThucHien,
      steps: source.TrinhTuThucHien,
      methods: source.CachThucThucHien.map((m) => ({ channel: channelOf[m.Kenh], description: m.MoTa })),
      receptionChannels: ["counter", "online", "postal"],
      timeLimit: { amount: 15, unit: "d" },
      timeLimitText: source.ThoiHanGiaiQuyet[0]!.MoTa,
      subjects: source.DoiTuongThucHien,
      subjectKinds: expect.arrayContaining(["citizen", "business"]),
      result: "Giấy phép xây dựng",
      conditions: "",
      legalBasis: source.CanCuPhapLy.map((b) => ({
        number: b.SoKyHieu,
        title: b.TrichYeu,
        issuedOn: b.NgayBanHanh,
      })),
      onlineLevel: "partial",
    });
    // Components with their quantities (originals, copies), whether required, and the form to use.
    expect(detail.components).toEqual(
      source.ThanhPhanHoSo.map((c, position) => ({
        position,
        code: c.MaGiayTo,
        name: c.TenGiayTo,
        originalCount: c.SoBanChinh,
        copyCount: c.SoBanSao,
        required: c.BatBuoc,
        formTemplate: c.MauDon,
      })),
    );
    expect(detail.components.some((c) => c.formTemplate !== null)).toBe(true);
    expect(detail.fees).toEqual(
      source.PhiLePhi.map((f) => ({
        code: f.MaPhiLePhi,
        name: f.TenPhiLePhi,
        amountVnd: f.MucPhi,
        description: f.MoTa,
      })),
    );
    // Offered by each commune (data/offerings.json), with the agency named.
    const expectedAgencies = offerings
      .filter((o) => o.procedureCode === "1.013225")
      .map((o) => o.agencyCode)
      .sort();
    expect(detail.offerings.map((o) => o.agency.code).sort()).toEqual(expectedAgencies);
    for (const offering of detail.offerings) {
      expect(offering.agency.name).toMatch(/^Ủy ban nhân dân/);
      expect(offering.channels.length).toBeGreaterThan(0);
    }
    expect(new Date(detail.updatedAt).toISOString()).toBe(detail.updatedAt);
  });

  it("shows conditions when the procedure has them", async () => {
    const withConditions = procedures.find((p) => p.YeuCauDieuKien !== "");
    expect(withConditions).toBeDefined();
    const detail = (await get(`/api/public/procedures/${withConditions!.MaTTHC}`)).json<Detail>();
    expect(detail.conditions).toBe(withConditions!.YeuCauDieuKien);
  });

  it("answers every demo procedure with its components, fees, steps and legal basis (R-CAT-1)", async () => {
    for (const source of procedures) {
      const response = await get(`/api/public/procedures/${source.MaTTHC}`);
      expect(response.statusCode, source.MaTTHC).toBe(200);
      const detail = response.json<Detail>();
      expect(detail.name).toBe(source.TenTTHC);
      expect(detail.components.map((c) => c.name)).toEqual(source.ThanhPhanHoSo.map((c) => c.TenGiayTo));
      expect(detail.fees.map((f) => f.amountVnd)).toEqual(source.PhiLePhi.map((f) => f.MucPhi));
      expect(detail.steps).toHaveLength(source.TrinhTuThucHien.length);
      expect(detail.legalBasis).toHaveLength(source.CanCuPhapLy.length);
      expect(detail.timeLimit).not.toBeNull();
      expect(detail.offerings.length, `${source.MaTTHC} is offered somewhere`).toBe(
        offerings.filter((o) => o.procedureCode === source.MaTTHC).length,
      );
    }
  });

  for (const code of ["abc", "1.00119", "1.0011930", "11.001193", "1-001193"]) {
    it(`malformed code \`${code}\` → 400 naming \`code\` (R-CODE-4)`, async () => {
      const response = await get(`/api/public/procedures/${code}`);
      expect(response.statusCode).toBe(400);
      const body = response.json<ErrorBody>();
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(body.error.fields?.map((f) => f.field)).toEqual(["code"]);
      expect(body.error.fields?.[0]?.message).toMatch(VIETNAMESE);
    });
  }

  it("unknown well-formed code → 404 naming the code, in Vietnamese and in English", async () => {
    const vi = await get("/api/public/procedures/9.999999");
    expect(vi.statusCode).toBe(404);
    expect(vi.json<ErrorBody>().error).toEqual({
      code: "NOT_FOUND",
      message: "Không tìm thấy thủ tục có mã 9.999999",
    });
    const en = await get("/api/public/procedures/9.999999", { "accept-language": "en" });
    expect(en.statusCode).toBe(404);
    expect(en.json<ErrorBody>().error.message).toBe("No procedure with code 9.999999");
  });
});

describe("GET /api/public/sectors — sectors, fields and procedure counts", () => {
  interface SectorNode {
    code: string;
    name: string;
    procedureCount: number;
    fields: { code: string; name: string; procedureCount: number }[];
  }

  it("counts per field equal the procedures of each field recounted from the database", async () => {
    const response = await get("/api/public/sectors");
    expect(response.statusCode).toBe(200);
    const sectors = response.json<SectorNode[]>();
    const recount = await sql<{ code: string; count: number }>`
      select f.code, count(p.id)::int as count from fields f left join procedures p on p.field_id = f.id
      group by f.code`.execute(t.database.db);
    const expected = new Map(recount.rows.map((row) => [row.code, Number(row.count)]));
    const listed = sectors.flatMap((sector) => sector.fields);
    expect(listed).toHaveLength(expected.size);
    for (const field of listed) expect(field.procedureCount, field.code).toBe(expected.get(field.code));
    for (const sector of sectors) {
      expect(sector.procedureCount).toBe(sector.fields.reduce((sum, field) => sum + field.procedureCount, 0));
    }
    expect(sectors.reduce((sum, sector) => sum + sector.procedureCount, 0)).toBe(procedures.length);
  });

  it("lists each sector of data/sectors.json with its fields, and counts match data/procedures.json", async () => {
    const sectors = (await get("/api/public/sectors")).json<SectorNode[]>();
    const source =
      readData<{ code: string; name: string; fields: { code: string; name: string }[] }[]>("sectors");
    expect(sectors.map((s) => s.code).sort()).toEqual(source.map((s) => s.code).sort());
    for (const sector of source) {
      const node = sectors.find((s) => s.code === sector.code)!;
      expect(node.name).toBe(sector.name);
      expect(node.fields.map((f) => f.code).sort()).toEqual(sector.fields.map((f) => f.code).sort());
      expect(node.procedureCount).toBe(procedures.filter((p) => p.MaNganh === sector.code).length);
    }
  });
});

describe("public rate limit (issue #2 §8)", () => {
  it("with 3 requests per minute, the 4th answers 429 with a Vietnamese message (English with Accept-Language: en)", async () => {
    const limited = await buildTestApp(t.database, { publicRateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        const response = await limited.inject({ method: "GET", url: "/api/public/procedures?q=khai%20sinh" });
        expect(response.statusCode).toBe(200);
      }
      const fourth = await limited.inject({ method: "GET", url: "/api/public/procedures?q=khai%20sinh" });
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json<ErrorBody>().error.code).toBe("RATE_LIMITED");
      // Issue #20: the wait in words and in Retry-After.
      expect(fourth.json<ErrorBody>().error.message).toMatch(
        /^Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau \d+ giây$/,
      );
      expect(Number(fourth.headers["retry-after"])).toBeGreaterThan(0);
      const english = await limited.inject({
        method: "GET",
        url: "/api/public/procedures",
        headers: { "accept-language": "en" },
      });
      expect(english.statusCode).toBe(429);
      expect(english.json<ErrorBody>().error.message).toMatch(
        /^Too many requests, please retry in \d+ seconds$/,
      );
    } finally {
      await limited.close();
    }
  });
});

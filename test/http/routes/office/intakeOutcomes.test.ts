import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  type CounterWorld,
  counterWorld,
  uploadScans,
} from "../../../services/dossiers/counter/counterFixtures.ts";
import { pdfText } from "../../../services/forms/pdfReading.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";

/**
 * POST /api/office/dossiers/intake with an outcome (issue #12 §5; R-RECV-2 a/b, R-RECV-5, R-FORM-2, R-FORM-3): an
 * incomplete paper dossier is entered in status 5 with its Phiếu yêu cầu bổ sung, a refused one in status 3 with its
 * Phiếu từ chối tiếp nhận; both count among the reception outcomes of the receiving counter.
 */
let t: AuthTestApp;
let world: CounterWorld;
const sessions: Record<string, TestSession> = {};
const now = at("2026-11-24T09:00:00");

beforeAll(async () => {
  t = await createAuthTestApp({
    start: now,
    config: {
      sessionIdleMinutes: 1_000_000,
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-intake-outcomes-")), "files"),
    },
  });
  world = await counterWorld(t.database.db);
  for (const [username, password] of [
    ["motcua.trungtam", "Demo@2026!MotCuaTT"],
    ["chuyenvien.trungtam", "Demo@2026!ChuyenVienTT"],
    ["congdan.demo", "Demo@2026!CongDan"],
    ["giamsat.ttpvhcc", "Demo@2026!GiamSatHCC"],
  ] as const)
    sessions[username] = await loginAs(t.app, username, password);
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const send = (method: "GET" | "POST", url: string, username?: string, payload?: object, lang?: string) =>
  t.app.inject({
    method,
    url,
    headers: {
      ...(username ? sessions[username]!.headers : {}),
      ...(lang ? { "accept-language": lang } : {}),
    },
    ...(payload ? { payload } : {}),
  });
const countDossiers = async () =>
  Number(
    (
      await db()
        .selectFrom("dossiers")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function body(extra: Record<string, unknown>) {
  const ids = await uploadScans(db(), world.officer.userId, now);
  return {
    procedureCode: "1.001193",
    agencyCode: "000.20.01.H99",
    channel: "counter",
    applicant: {
      kind: "person",
      name: "Trần Thị Mai",
      idNumber: "099190004567",
      address: "Số 5 đường Hòa Bình, phường Trung Tâm",
      phone: "0912345679",
    },
    formData: {},
    files: ids.map((uploadId, componentPosition) => ({ componentPosition, uploadId })),
    ...extra,
  };
}

const eventsOf = (dossierId: string) =>
  db()
    .selectFrom("dossier_events")
    .select(["type", "from_status", "to_status"])
    .where("dossier_id", "=", dossierId)
    .orderBy("sequence")
    .execute();

const formPdfText = async (dossierId: string, form: string) => {
  const response = await send(
    "GET",
    `/api/office/dossiers/${dossierId}/forms/${form}.pdf`,
    "motcua.trungtam",
  );
  expect(response.statusCode).toBe(200);
  return pdfText(new Uint8Array(response.rawPayload));
};
const formNames = async (dossierId: string) =>
  (await send("GET", `/api/office/dossiers/${dossierId}/forms`, "motcua.trungtam"))
    .json()
    .map((form: { form: string }) => form.form);

describe("POST /api/office/dossiers/intake with an outcome", () => {
  it("incomplete: 201, status 5 with the one reception request, its slip lists every item and the reason", async () => {
    const response = await send(
      "POST",
      "/api/office/dossiers/intake",
      "motcua.trungtam",
      await body({
        outcome: "incomplete",
        reason: "Hồ sơ chưa đủ thành phần theo quy định",
        items: ["Bản sao giấy chứng sinh của trẻ", "Tờ khai đăng ký khai sinh có chữ ký của người yêu cầu"],
      }),
    );
    expect(response.statusCode).toBe(201);
    const dossier = response.json();
    expect(dossier).toMatchObject({ status: 5, channel: "counter" });
    expect(await eventsOf(dossier.id)).toEqual([
      { type: "enteredOnPaper", from_status: null, to_status: 1 },
      { type: "supplementRequested", from_status: 1, to_status: 5 },
    ]);
    expect(await formNames(dossier.id)).toEqual(["supplement-request"]);
    const text = await formPdfText(dossier.id, "supplement-request");
    expect(text).toContain("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
    expect(text).toContain("Bản sao giấy chứng sinh của trẻ");
    expect(text).toContain("Tờ khai đăng ký khai sinh có chữ ký của người yêu cầu");
    expect(text).toContain("Hồ sơ chưa đủ thành phần theo quy định");
  });

  it("an incomplete or refused dossier may lack a required component, or every scan: that is what its slip says", async () => {
    for (const outcome of [
      { outcome: "incomplete", reason: "Thiếu thành phần", items: ["Bản sao giấy chứng sinh"] },
      { outcome: "refused", reasons: ["Không có giấy tờ chứng minh"] },
    ]) {
      const partial = await body(outcome);
      const fewer = await send("POST", "/api/office/dossiers/intake", "motcua.trungtam", {
        ...partial,
        files: partial.files.slice(0, 1),
      });
      expect(fewer.statusCode).toBe(201);
      const none = await send("POST", "/api/office/dossiers/intake", "motcua.trungtam", {
        ...partial,
        files: [],
      });
      expect(none.statusCode).toBe(201);
    }
    // A complete one still needs them (R-SUB-1).
    const complete = await body({});
    const missing = await send("POST", "/api/office/dossiers/intake", "motcua.trungtam", {
      ...complete,
      files: complete.files.slice(0, 1),
    });
    expect(missing.statusCode).toBe(400);
  });

  it("refused: 201, status 3 with its reasons, its refusal slip and no reception slip", async () => {
    const response = await send(
      "POST",
      "/api/office/dossiers/intake",
      "motcua.trungtam",
      await body({ outcome: "refused", reasons: ["Người yêu cầu không có giấy tờ tùy thân hợp lệ"] }),
    );
    expect(response.statusCode).toBe(201);
    const dossier = response.json();
    expect(dossier).toMatchObject({ status: 3 });
    expect(await eventsOf(dossier.id)).toEqual([
      { type: "enteredOnPaper", from_status: null, to_status: 1 },
      { type: "refusedAtReception", from_status: 1, to_status: 3 },
    ]);
    expect(await formNames(dossier.id)).toEqual(["refusal-notice"]);
    const text = await formPdfText(dossier.id, "refusal-notice");
    expect(text).toContain("PHIẾU TỪ CHỐI TIẾP NHẬN");
    expect(text).toContain("Người yêu cầu không có giấy tờ tùy thân hợp lệ");
  });

  it("complete (or no outcome, as before): 201, received in status 2", async () => {
    for (const extra of [{}, { outcome: "complete" }]) {
      const response = await send(
        "POST",
        "/api/office/dossiers/intake",
        "motcua.trungtam",
        await body(extra),
      );
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ status: 2 });
    }
  });

  const invalid: [string, Record<string, unknown>, string[]][] = [
    ["incomplete without items", { outcome: "incomplete", reason: "Thiếu giấy tờ" }, ["items"]],
    [
      "incomplete with a blank item and no reason",
      { outcome: "incomplete", items: ["Tờ khai", "  "] },
      ["reason", "items.1"],
    ],
    ["refused without reasons", { outcome: "refused" }, ["reasons"]],
    ["refused with a blank reason", { outcome: "refused", reasons: [" "] }, ["reasons.0"]],
    ["an unknown outcome", { outcome: "later" }, ["outcome"]],
  ];
  for (const [name, extra, fields] of invalid)
    it(`400 for ${name}, in Vietnamese and English; no dossier`, async () => {
      const before = await countDossiers();
      const vi = await send("POST", "/api/office/dossiers/intake", "motcua.trungtam", await body(extra));
      expect(vi.statusCode).toBe(400);
      expect(vi.json().error.fields.map((f: { field: string }) => f.field)).toEqual(fields);
      const en = await send(
        "POST",
        "/api/office/dossiers/intake",
        "motcua.trungtam",
        await body(extra),
        "en",
      );
      expect(en.statusCode).toBe(400);
      expect(en.json().error.message).toBe("The input is not valid");
      expect(await countDossiers()).toBe(before);
    });

  it("401 without a session; 403 for a specialist and a citizen with either outcome; no dossier", async () => {
    const before = await countDossiers();
    const refused = await body({ outcome: "refused", reasons: ["Sai thẩm quyền"] });
    const incomplete = await body({ outcome: "incomplete", reason: "Thiếu", items: ["Tờ khai"] });
    expect((await send("POST", "/api/office/dossiers/intake", undefined, refused)).statusCode).toBe(401);
    for (const username of ["chuyenvien.trungtam", "congdan.demo"])
      for (const payload of [refused, incomplete])
        expect((await send("POST", "/api/office/dossiers/intake", username, payload)).statusCode).toBe(403);
    expect(await countDossiers()).toBe(before);
  });

  it("both are counted at the receiving counter: refused and asked to complete at reception", async () => {
    const response = await send(
      "GET",
      "/api/monitoring/reception-organisations?kind=month&date=2026-11-24",
      "giamsat.ttpvhcc",
    );
    expect(response.statusCode).toBe(200);
    const ward = response.json().agencies.find((row: { code: string }) => row.code === "000.20.01.H99");
    expect(ward).toMatchObject({ received: 8, refusedAtReception: 3, supplementAtReception: 3 });
  });
});

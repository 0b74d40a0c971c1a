import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { httpPopulationDatabase } from "../../../../src/integrations/population/httpPopulationDatabase.ts";
import {
  type PopulationSimulator,
  startPopulationSimulator,
} from "../../../../src/integrations/population/simulator/populationSimulator.ts";
import { loginAs, type TestSession } from "../../../support/authSession.ts";
import { samplePdf } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";
import { uploadId } from "../../../support/uploadFile.ts";

/**
 * Issue #14 (R-SUB-1; 004_… Đ20): the population database routes over a real simulator — prefill, the check at
 * submission, the officer's identity check, the citizen's access log and the usage statistics; each validation error
 * and each forbidden role; the degraded mode when the database fails.
 */
let database: DatabaseHandle;
let app: App;
let simulator: PopulationSimulator;
const sessions: Record<string, TestSession> = {};
const now = new Date("2026-11-23T03:00:00Z");
const passwords: Record<string, string> = {
  "congdan.demo": "Demo@2026!CongDan",
  "doanhnghiep.demo": "Demo@2026!DoanhNghiep",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "quantri.trungtam": "Demo@2026!QuanTriTT",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "giamsat.ttpvhcc": "Demo@2026!GiamSatHCC",
  "motcua.sotaichinh": "Demo@2026!MotCuaSTC",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
};
const birthRegistration = "procedureCode=1.004884&agencyCode=000.20.01.H99";
/** The dossier the officer checked (its code appears in the citizen's access log). */
let checkedDossierCode = "";
const anResidence = "Số 12 đường Độc Lập, tổ dân phố 3, Phường Trung Tâm, Tỉnh Demo";

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  simulator = await startPopulationSimulator();
  app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    clock: () => now,
    // Generous: the simulator shares this process (and its two cores) with the app and PGlite's thread.
    population: httpPopulationDatabase({ baseUrl: simulator.url, token: simulator.token, timeoutMs: 30_000 }),
    config: {
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      loginRateLimitPerMinute: 1_000_000,
      publicUrl: "http://127.0.0.1:3000",
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
      adminMfaRequired: false,
    } as Parameters<typeof buildApp>[0]["config"],
  });
  for (const [username, password] of Object.entries(passwords))
    sessions[username] = await loginAs(app, username, password);
  // The demo citizen has signed in with VNeID once (R-ACC-1): their ID number is proven, so prefill may use it.
  await linkToVneid("congdan.demo");
}, 180_000);

async function linkToVneid(username: string) {
  const user = await database.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto("vneid_identities")
    .values({
      user_id: user.id,
      issuer: "http://127.0.0.1/vneid",
      subject: username,
      assurance_level: 2,
      verified_at: now,
      last_login_at: now,
    })
    .execute();
}
afterEach(() => simulator.resetFaults());
afterAll(async () => {
  await app?.close();
  await simulator?.close();
  await database?.close();
});

const get = (username: string | null, url: string, language?: string) =>
  app.inject({
    method: "GET",
    url,
    headers: {
      ...(username ? sessions[username]!.headers : {}),
      ...(language ? { "accept-language": language } : {}),
    },
  });
const post = (username: string, url: string, payload: unknown) =>
  app.inject({ method: "POST", url, headers: sessions[username]!.headers, payload: payload as object });

async function submit(formData: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const citizen = sessions["congdan.demo"]!;
  const files = [];
  for (const position of [0, 1, 2])
    files.push({
      componentPosition: position,
      uploadId: await uploadId(app, citizen, `tp-${position}.pdf`, samplePdf(`${position} ${Math.random()}`)),
    });
  const response = await app.inject({
    method: "POST",
    url: "/api/citizen/dossiers",
    headers: { ...citizen.headers, "idempotency-key": `pop-${Math.random().toString(36).slice(2)}` },
    payload: { procedureCode: "1.004884", agencyCode: "000.20.01.H99", formData, files },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe("GET /api/citizen/population/prefill", () => {
  it("gives the signed-in citizen what the form's sources need, and logs the query", async () => {
    const response = await get("congdan.demo", `/api/citizen/population/prefill?${birthRegistration}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: "answered",
      person: {
        fullName: "Nguyễn Văn An",
        idNumber: "099090001234",
        birthDate: "1990-05-12",
        currentAddress: {
          province: "Tỉnh Demo",
          commune: "Phường Trung Tâm",
          street: "Số 12 đường Độc Lập, tổ dân phố 3",
        },
      },
      account: expect.objectContaining({ fullName: expect.any(String) }),
    });
    // Minimisation: no household, no sex, no permanent address — the common declaration does not ask for them.
    const asked = simulator.queries().at(-1)!;
    expect(asked).toMatchObject({ idNumber: "099090001234", requestedBy: "congdan.demo", agencyCode: null });
    expect(asked.purpose).toMatch(/^Điền sẵn tờ khai: /);
  });

  it("answers unavailable when the database fails, and still logs that it was asked", async () => {
    simulator.faults.mode = "error";
    const response = await get("congdan.demo", `/api/citizen/population/prefill?${birthRegistration}`);
    expect(response.json()).toMatchObject({ status: "unavailable", person: null });
    const last = await database.db
      .selectFrom("population_access_log")
      .select(["outcome", "purpose"])
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last.purpose).toBe("prefill");
  });

  it("opens nobody's data to an account without an ID number proven with VNeID", async () => {
    const response = await get("doanhnghiep.demo", `/api/citizen/population/prefill?${birthRegistration}`);
    expect(response.json()).toMatchObject({ status: "no_identity", person: null });
    const before = simulator.queries().length;
    await database.db
      .updateTable("users")
      .set({ identification_number: "099195004321" })
      .where("username", "=", "doanhnghiep.demo")
      .execute();
    const typed = await get("doanhnghiep.demo", `/api/citizen/population/prefill?${birthRegistration}`);
    expect(typed.json()).toMatchObject({ status: "no_identity", person: null });
    expect(simulator.queries()).toHaveLength(before);
    await database.db
      .updateTable("users")
      .set({ identification_number: null })
      .where("username", "=", "doanhnghiep.demo")
      .execute();
  });

  it("refuses bad input: no agency, a malformed code, an unknown offering (in English on request)", async () => {
    expect(
      (await get("congdan.demo", "/api/citizen/population/prefill?procedureCode=1.004884")).statusCode,
    ).toBe(400);
    expect(
      (
        await get(
          "congdan.demo",
          "/api/citizen/population/prefill?procedureCode=abc&agencyCode=000.20.01.H99",
        )
      ).statusCode,
    ).toBe(400);
    const unknown = await get(
      "congdan.demo",
      "/api/citizen/population/prefill?procedureCode=1.004884&agencyCode=000.00.13.H99",
      "en",
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("The procedure is not offered by this agency");
  });

  it("is for applicants only", async () => {
    expect((await get(null, `/api/citizen/population/prefill?${birthRegistration}`)).statusCode).toBe(401);
    expect(
      (await get("motcua.trungtam", `/api/citizen/population/prefill?${birthRegistration}`)).statusCode,
    ).toBe(403);
  });
});

describe("the check at submission and GET /api/office/dossiers/:id/population-checks", () => {
  it("records each value from the database as verified, and a changed one as a mismatch", async () => {
    const dossier = await submit({
      fullName: "Nguyễn Văn An",
      idNumber: "099090001234",
      birthDate: "1990-05-12",
      address: "Số 99 đường Khác, Phường Trung Tâm, Tỉnh Demo",
      phone: "0912000001",
    });
    const response = await get("motcua.trungtam", `/api/office/dossiers/${dossier.id}/population-checks`);
    expect(response.statusCode).toBe(200);
    expect(
      response.json().map((check: { path: string; status: string }) => [check.path, check.status]),
    ).toEqual([
      ["address", "mismatch"],
      ["birthDate", "verified"],
      ["fullName", "verified"],
      ["idNumber", "verified"],
    ]);
    expect(simulator.queries().at(-1)).toMatchObject({ dossierCode: dossier.code });
  });

  it("never blocks the submission: with the database down the values are unverified", async () => {
    simulator.faults.mode = "unavailable";
    const dossier = await submit({
      fullName: "Nguyễn Văn An",
      idNumber: "099090001234",
      address: anResidence,
    });
    const checks = (
      await get("motcua.trungtam", `/api/office/dossiers/${dossier.id}/population-checks`)
    ).json();
    expect(checks.map((check: { status: string }) => check.status)).toEqual([
      "unverified",
      "unverified",
      "unverified",
    ]);
  });

  it("asks once per dossier: a repeated submission (same key) neither asks again nor logs twice", async () => {
    const citizen = sessions["congdan.demo"]!;
    const files: { componentPosition: number; uploadId: string }[] = [];
    for (const position of [0, 1, 2])
      files.push({
        componentPosition: position,
        uploadId: await uploadId(app, citizen, `lap-${position}.pdf`, samplePdf(`repeat ${position}`)),
      });
    const send = () =>
      app.inject({
        method: "POST",
        url: "/api/citizen/dossiers",
        headers: { ...citizen.headers, "idempotency-key": "pop-repeat-0001" },
        payload: {
          procedureCode: "1.004884",
          agencyCode: "000.20.01.H99",
          formData: { fullName: "Nguyễn Văn An", idNumber: "099090001234" },
          files,
        },
      });
    const first = (await send()).json();
    const before = simulator.queries().length;
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.id);
    expect(simulator.queries()).toHaveLength(before);
    const logged = await database.db
      .selectFrom("population_access_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("dossier_id", "=", first.id)
      .executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBe(1);
  });

  it("shows nothing for a form without values from the database", async () => {
    const dossier = await submit({ request: "Đăng ký khai sinh cho con" });
    expect(
      (await get("motcua.trungtam", `/api/office/dossiers/${dossier.id}/population-checks`)).json(),
    ).toEqual([]);
  });

  it("is for officers who can see the dossier", async () => {
    const dossier = await submit({ fullName: "Nguyễn Văn An" });
    const url = `/api/office/dossiers/${dossier.id}/population-checks`;
    expect((await get(null, url)).statusCode).toBe(401);
    expect((await get("congdan.demo", url)).statusCode).toBe(403);
    expect((await get("motcua.sotaichinh", url)).statusCode).toBe(404);
    expect(
      (await get("motcua.trungtam", "/api/office/dossiers/not-a-uuid/population-checks")).statusCode,
    ).toBe(400);
  });
});

describe("POST /api/office/dossiers/:id/population-verification", () => {
  it("checks the applicant's ID number, name and date of birth field by field, with the officer's reason", async () => {
    const dossier = await submit({
      fullName: "Nguyễn Văn An",
      idNumber: "099090001234",
      birthDate: "1990-05-12",
    });
    const response = await post(
      "motcua.trungtam",
      `/api/office/dossiers/${dossier.id}/population-verification`,
      {
        reason: "Đối chiếu nhân thân khi tiếp nhận",
      },
    );
    expect(response.statusCode, response.body).toBe(200);
    checkedDossierCode = dossier.code;
    expect(response.json()).toEqual({
      status: "answered",
      fields: { idNumber: "match", fullName: "match", birthDate: "match" },
    });
    expect(simulator.queries().at(-1)).toMatchObject({
      path: "/citizens/verify",
      requestedBy: "motcua.trungtam",
      agencyCode: "000.20.01.H99",
      purpose: "Đối chiếu nhân thân khi tiếp nhận",
      dossierCode: dossier.code,
    });
  });

  it("answers unavailable when the database is down", async () => {
    const dossier = await submit({
      fullName: "Nguyễn Văn An",
      idNumber: "099090001234",
      birthDate: "1990-05-12",
    });
    simulator.faults.mode = "error";
    const response = await post(
      "motcua.trungtam",
      `/api/office/dossiers/${dossier.id}/population-verification`,
      {
        reason: "Đối chiếu nhân thân",
      },
    );
    expect(response.json()).toEqual({ status: "unavailable", fields: null });
  });

  it("refuses a missing or blank reason, and a dossier without a date of birth", async () => {
    const dossier = await submit({ fullName: "Nguyễn Văn An" });
    const url = `/api/office/dossiers/${dossier.id}/population-verification`;
    expect((await post("motcua.trungtam", url, {})).statusCode).toBe(400);
    const blank = await post("motcua.trungtam", url, { reason: "       " });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.fields[0].field).toBe("reason");
    const incomplete = await post("motcua.trungtam", url, { reason: "Đối chiếu nhân thân" });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.code).toBe("POPULATION_CLAIM_INCOMPLETE");
  });

  it("is for officers handling the agency's dossiers", async () => {
    const dossier = await submit({
      fullName: "Nguyễn Văn An",
      idNumber: "099090001234",
      birthDate: "1990-05-12",
    });
    const url = `/api/office/dossiers/${dossier.id}/population-verification`;
    const body = { reason: "Đối chiếu nhân thân" };
    expect((await post("congdan.demo", url, body)).statusCode).toBe(403);
    expect((await post("quantri.trungtam", url, body)).statusCode).toBe(403);
    expect((await post("giamsat.ttpvhcc", url, body)).statusCode).toBe(403);
    expect((await post("motcua.sotaichinh", url, body)).statusCode).toBe(404);
  });
});

describe("GET /api/citizen/population/access-log", () => {
  it("shows the citizen who asked, which agency, for which dossier and why — newest first", async () => {
    const response = await get("congdan.demo", "/api/citizen/population/access-log?pageSize=100");
    expect(response.statusCode).toBe(200);
    const log = response.json();
    expect(log.total).toBeGreaterThan(5);
    const officer = log.items.find(
      (item: { purpose: string; outcome: string }) =>
        item.purpose === "officer_check" && item.outcome === "answered",
    );
    expect(officer).toMatchObject({
      self: false,
      agency: "Ủy ban nhân dân phường Trung Tâm",
      purposeNote: "Đối chiếu nhân thân khi tiếp nhận",
      outcome: "answered",
    });
    expect(officer.dossierCode).toBe(checkedDossierCode);
    expect(
      log.items.some((item: { self: boolean; purpose: string }) => item.self && item.purpose === "prefill"),
    ).toBe(true);
    const times = log.items.map((item: { at: string }) => item.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("pages, and refuses a bad page size", async () => {
    const page = (await get("congdan.demo", "/api/citizen/population/access-log?page=2&pageSize=1")).json();
    expect(page).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    expect((await get("congdan.demo", "/api/citizen/population/access-log?pageSize=0")).statusCode).toBe(400);
    expect((await get("congdan.demo", "/api/citizen/population/access-log?extra=1")).statusCode).toBe(400);
  });

  it("shows another person nothing of this citizen's", async () => {
    const other = (await get("doanhnghiep.demo", "/api/citizen/population/access-log")).json();
    expect(other).toMatchObject({ total: 0, items: [] });
  });

  it("is for applicants only", async () => {
    expect((await get(null, "/api/citizen/population/access-log")).statusCode).toBe(401);
    expect((await get("motcua.trungtam", "/api/citizen/population/access-log")).statusCode).toBe(403);
  });
});

describe("GET /api/monitoring/population-usage", () => {
  const url = "/api/monitoring/population-usage?fromMonth=2026-11&toMonth=2026-11";

  it("counts the queries per agency and month for the province's monitor", async () => {
    const response = await get("giamsat.ttpvhcc", url);
    expect(response.statusCode).toBe(200);
    const rows = response.json();
    const ward = rows.find(
      (row: { agency: { code: string } | null }) => row.agency?.code === "000.20.01.H99",
    );
    expect(ward).toMatchObject({ month: "2026-11", officerCheck: 2, unavailable: 1 });
    const portal = rows.find((row: { agency: unknown }) => row.agency === null);
    expect(portal.prefill).toBeGreaterThanOrEqual(2);
    expect(portal.submissionCheck).toBeGreaterThanOrEqual(3);
    expect(portal.queries).toBe(portal.prefill + portal.submissionCheck);
  });

  it("gives an agency leader only their own agency", async () => {
    const rows = (await get("lanhdao.trungtam", url)).json();
    expect(rows.map((row: { agency: { code: string } | null }) => row.agency?.code)).toEqual([
      "000.20.01.H99",
    ]);
    const other = await database.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.00.13.H99")
      .executeTakeFirstOrThrow();
    expect((await get("lanhdao.trungtam", `${url}&agencyId=${other.id}`)).statusCode).toBe(403);
  });

  it("finds nothing in a month without queries", async () => {
    expect(
      (
        await get("giamsat.ttpvhcc", "/api/monitoring/population-usage?fromMonth=2026-01&toMonth=2026-10")
      ).json(),
    ).toEqual([]);
  });

  it("refuses a reversed period and malformed months", async () => {
    const reversed = await get(
      "giamsat.ttpvhcc",
      "/api/monitoring/population-usage?fromMonth=2026-12&toMonth=2026-11",
    );
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields[0].field).toBe("fromMonth");
    expect(
      (await get("giamsat.ttpvhcc", "/api/monitoring/population-usage?fromMonth=2026-13&toMonth=2026-12"))
        .statusCode,
    ).toBe(400);
    expect(
      (await get("giamsat.ttpvhcc", "/api/monitoring/population-usage?toMonth=2026-12")).statusCode,
    ).toBe(400);
  });

  it("is for monitors and leaders", async () => {
    expect((await get(null, url)).statusCode).toBe(401);
    expect((await get("congdan.demo", url)).statusCode).toBe(403);
    expect((await get("chuyenvien.trungtam", url)).statusCode).toBe(403);
  });
});

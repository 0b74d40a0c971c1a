import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVALID_PHONE_MESSAGE } from "../../../src/domain/contact/phone.ts";
import { uploadScans } from "../../services/dossiers/counter/counterFixtures.ts";
import { type AuthTestApp, createAuthTestApp, loginAs, type TestSession } from "../../support/authSession.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";

/**
 * Issue #12 §7 through the routes: every number typed in is stored in the national form, digits only (0987654321),
 * whatever prefix and separators it came with; an invalid one is refused with a Vietnamese message and nothing is
 * written. Registration, officer accounts and counter intake here; the SMS sender in smsInbound.test.ts.
 */
let t: AuthTestApp;
const sessions: Record<string, TestSession> = {};
let users: Record<string, string>;

beforeAll(async () => {
  t = await createAuthTestApp({ start: new Date("2026-11-24T09:00:00+07:00") });
  users = await demoUserIds(t.database.db);
  sessions.counter = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
  sessions.admin = await loginAs(t.app, "quantri.trungtam", "Demo@2026!QuanTriTT");
}, 120_000);
afterAll(async () => t?.close());

const post = (url: string, payload: object, session?: TestSession, language = "vi") =>
  t.app.inject({
    method: "POST",
    url,
    payload,
    headers: { ...(session?.headers ?? {}), "accept-language": language },
  });
const phoneOf = async (username: string) =>
  (
    await t.database.db
      .selectFrom("users")
      .select("phone")
      .where("username", "=", username)
      .executeTakeFirstOrThrow()
  ).phone;
const fieldMessage = (body: { error: { fields?: { field: string; message: string }[] } }, field: string) =>
  body.error.fields?.find((entry) => entry.field === field)?.message;

describe("phone numbers in the national form at every entry (issue #12 §7)", () => {
  it("citizen registration: +84 with spaces, dots and dashes is stored as 0987654321", async () => {
    const response = await post("/api/auth/register/citizen", {
      identificationNumber: "001090000777",
      fullName: "Lê Thị Hoa",
      phone: "+84 987.654-321",
      password: "Hoa2026matkhau",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(await phoneOf("001090000777")).toBe("0987654321");
  });

  it("citizen registration: an invalid number is refused in Vietnamese (English with Accept-Language: en), no account", async () => {
    const payload = {
      identificationNumber: "001090000778",
      fullName: "Lê Văn Hùng",
      phone: "+1 202 555 0100",
      password: "Hung2026matkhau",
    };
    const response = await post("/api/auth/register/citizen", payload);
    expect(response.statusCode).toBe(400);
    expect(fieldMessage(response.json(), "phone")).toBe(INVALID_PHONE_MESSAGE.vi);
    const english = await post("/api/auth/register/citizen", payload, undefined, "en");
    expect(fieldMessage(english.json(), "phone")).toBe(INVALID_PHONE_MESSAGE.en);
    const row = await t.database.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "001090000778")
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it("officer account: 84… without a plus is stored in the national form; an invalid one refused", async () => {
    const agency = await t.database.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.20.01.H99")
      .executeTakeFirstOrThrow();
    const user = (username: string, phone: string) => ({
      username,
      fullName: "Phạm Văn Mới",
      phone,
      password: "TamThoi2026abc",
      grants: [{ role: "specialist", agencyId: agency.id }],
    });
    const created = await post("/api/admin/users", user("sdt.moi", "84 912 000 099"), sessions.admin);
    expect(created.statusCode, created.body).toBe(201);
    expect(await phoneOf("sdt.moi")).toBe("0912000099");
    const refused = await post("/api/admin/users", user("sdt.sai", "0912-000"), sessions.admin);
    expect(refused.statusCode).toBe(400);
    expect(fieldMessage(refused.json(), "phone")).toBe(INVALID_PHONE_MESSAGE.vi);
    expect(
      await t.database.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", "sdt.sai")
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it("counter intake: the applicant's and the submitter's numbers are normalised; an invalid one refused, no dossier", async () => {
    const now = new Date("2026-11-24T09:00:00+07:00");
    const body = async (applicantPhone: string, submitterPhone: string) => ({
      procedureCode: "1.001193",
      agencyCode: "000.20.01.H99",
      channel: "counter",
      applicant: { kind: "person", name: "Trần Thị Mai", idNumber: "099190004567", phone: applicantPhone },
      submitter: { name: "Trần Văn Bình", phone: submitterPhone },
      formData: {},
      files: (await uploadScans(t.database.db, users["motcua.trungtam"]!, now)).map(
        (uploadId, componentPosition) => ({ componentPosition, uploadId }),
      ),
    });
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom("dossiers")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const refused = await post(
      "/api/office/dossiers/intake",
      await body("0912 345", "0913 000 111"),
      sessions.counter,
    );
    expect(refused.statusCode, refused.body).toBe(400);
    expect(fieldMessage(refused.json(), "applicant.phone")).toBe(INVALID_PHONE_MESSAGE.vi);
    expect(await count()).toBe(before);

    const intake = await post(
      "/api/office/dossiers/intake",
      await body("+84 (912) 345-679", "0913.000.111"),
      sessions.counter,
    );
    expect(intake.statusCode, intake.body).toBe(201);
    const row = await t.database.db
      .selectFrom("dossiers")
      .select(["applicant_phone", "submitter"])
      .where("id", "=", intake.json().id)
      .executeTakeFirstOrThrow();
    expect(row.applicant_phone).toBe("0912345679");
    expect(row.submitter).toMatchObject({ phone: "0913000111" });
  });

  it("online submission: the account's number goes to the dossier in the national form; a legacy invalid one is left out", async () => {
    const citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    const now = new Date("2026-11-24T09:00:00+07:00");
    const submit = async (accountPhone: string) => {
      await t.database.db
        .updateTable("users")
        .set({ phone: accountPhone })
        .where("username", "=", "congdan.demo")
        .execute();
      const files = (await uploadScans(t.database.db, users["congdan.demo"]!, now)).map(
        (uploadId, componentPosition) => ({ componentPosition, uploadId }),
      );
      const response = await t.app.inject({
        method: "POST",
        url: "/api/citizen/dossiers",
        payload: { procedureCode: "1.004884", agencyCode: "000.20.01.H99", formData: {}, files },
        headers: { ...citizen.headers, "idempotency-key": crypto.randomUUID() },
      });
      expect(response.statusCode, response.body).toBe(201);
      return (
        await t.database.db
          .selectFrom("dossiers")
          .select("applicant_phone")
          .where("id", "=", response.json().id)
          .executeTakeFirstOrThrow()
      ).applicant_phone;
    };
    expect(await submit("+84 912 000 001")).toBe("0912000001");
    expect(await submit("12345")).toBeNull();
    await t.database.db
      .updateTable("users")
      .set({ phone: "0912000001" })
      .where("username", "=", "congdan.demo")
      .execute();
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { lookupTokenFor } from "../../../../src/services/lookup/lookupToken.ts";
import { createTestUser } from "../../../support/accounts.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { samplePdf } from "../../../support/dossierFixtures.ts";
import { uploadId } from "../../../support/uploadFile.ts";

// Monday 23 November 2026, 09:00 in the province.
const start = new Date("2026-11-23T09:00:00+07:00");

describe("citizen dossier routes (issue #4 §4 Applicant)", () => {
  let t: AuthTestApp;
  let citizen: TestSession;
  let stranger: TestSession;
  let officer: TestSession;
  let officerId: string;

  beforeAll(async () => {
    t = await createAuthTestApp({ start });
    citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    await createTestUser(t.database.db, {
      username: "nguoila",
      password: "NguoiLa@2026x",
      kind: "citizen",
      role: "citizen",
    });
    stranger = await loginAs(t.app, "nguoila", "NguoiLa@2026x");
    officerId = (
      await t.database.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", "motcua.trungtam")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    t.clock.current = start;
  });

  async function components(session = citizen) {
    const files = [];
    for (const position of [0, 1, 2])
      files.push({
        componentPosition: position,
        uploadId: await uploadId(t.app, session, `tp-${position}.pdf`, samplePdf(randomUUID())),
      });
    return files;
  }

  const submit = async (
    body: Record<string, unknown>,
    session = citizen,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: "POST",
      url: "/api/citizen/dossiers",
      headers: { ...session.headers, ...headers },
      payload: body,
    });

  async function submitted() {
    const response = await submit({
      procedureCode: "1.004884",
      agencyCode: "000.20.01.H99",
      formData: { tenTre: "Nguyễn Minh Khang" },
      files: await components(),
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; code: string; version: number; status: number };
  }

  const counts = async (dossierId: string) => {
    const events = await t.database.db
      .selectFrom("dossier_events")
      .select("sequence")
      .where("dossier_id", "=", dossierId)
      .execute();
    const row = await t.database.db
      .selectFrom("dossiers")
      .select(["version", "status"])
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    return { events: events.length, ...row };
  };

  describe("POST /api/citizen/dossiers", () => {
    it("R-RECV-1, R-CODE-1: submits online — status 1, a code of the receiving agency, the applicant from the account", async () => {
      const body = await submitted();
      const detail = (
        await t.app.inject({ url: `/api/citizen/dossiers/${body.id}`, headers: citizen.headers })
      ).json();
      expect(detail.status).toBe(1);
      expect(detail.statusLabel.vi).toBe("Mới đăng ký");
      expect(detail.code).toMatch(/^000\.20\.01\.H99-261123-\d{4}$/);
      expect(detail.applicant).toMatchObject({ kind: "person", idNumber: "099090001234" });
      expect(detail.files).toHaveLength(3);
      expect(detail.history).toMatchObject([
        { type: "submitted", label: { vi: "Nộp hồ sơ trực tuyến" }, actor: null },
      ]);
      expect(detail.receptionDueAt).toBe(new Date("2026-11-24T09:00:00+07:00").toISOString());
    });

    it("returns the same dossier for a retried Idempotency-Key", async () => {
      const files = await components();
      const body = { procedureCode: "1.004884", agencyCode: "000.20.01.H99", formData: {}, files };
      const first = await submit(body, citizen, { "idempotency-key": "retry-abc-123" });
      const second = await submit(body, citizen, { "idempotency-key": "retry-abc-123" });
      expect(first.statusCode).toBe(201);
      expect(second.json().id).toBe(first.json().id);
    });

    it("400 per field: shape of the body, in Vietnamese and in English", async () => {
      const response = await submit({
        procedureCode: "1.0011",
        agencyCode: "có dấu cách",
        formData: {},
        files: [],
        extra: 1,
      });
      expect(response.statusCode).toBe(400);
      const fields = response.json().error.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(["procedureCode", "agencyCode", "extra"]));
      const en = await submit({ agencyCode: "000.20.01.H99", formData: {}, files: [] }, citizen, {
        "accept-language": "en",
      });
      expect(en.json().error).toMatchObject({
        message: "The input is not valid",
        fields: [{ field: "procedureCode", message: "This field is required" }],
      });
    });

    it("400 R-SUB-1: every required component missing is named, and someone else's upload is refused", async () => {
      const othersUpload = await uploadId(t.app, stranger, "cua-nguoi-khac.pdf", samplePdf("x"));
      const response = await submit({
        procedureCode: "1.004884",
        agencyCode: "000.20.01.H99",
        formData: {},
        files: [{ componentPosition: 0, uploadId: othersUpload }],
      });
      expect(response.statusCode).toBe(400);
      const fields = response.json().error.fields;
      expect(fields.map((f: { field: string }) => f.field)).toEqual([
        "files.0.uploadId",
        "files.component.1",
        "files.component.2",
      ]);
      expect(fields[1].message).toContain("Thiếu thành phần hồ sơ bắt buộc");
    });

    it("R-SUB-1: the e-form data is checked against the agency's published JSON Schema, each field named", async () => {
      const response = await submit({
        procedureCode: "1.000894",
        agencyCode: "000.20.01.H99",
        formData: { benNam: { hoTen: "Trần Văn Bình", soDinhDanh: "12345" }, camKet: false },
        files: [],
      });
      expect(response.statusCode).toBe(400);
      const fields = response.json().error.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          "formData.benNu",
          "formData.noiDangKy",
          "formData.benNam.ngaySinh",
          "formData.benNam.soDinhDanh",
          "formData.camKet",
        ]),
      );
    });

    it("404 for an agency that does not handle the procedure; 409 for a procedure not offered online", async () => {
      const notOffered = await submit({
        procedureCode: "1.004884",
        agencyCode: "000.00.13.H99",
        formData: {},
        files: [],
      });
      expect(notOffered.statusCode).toBe(404);
      const noOnline = await submit({
        procedureCode: "2.000815",
        agencyCode: "000.20.01.H99",
        formData: {},
        files: [],
      });
      expect(noOnline.statusCode).toBe(409);
      expect(noOnline.json().error.code).toBe("CHANNEL_NOT_OFFERED");
    });

    it("401 without a session; 403 for an officer; 403 without the CSRF header", async () => {
      const body = { procedureCode: "1.004884", agencyCode: "000.20.01.H99", formData: {}, files: [] };
      expect(
        (await t.app.inject({ method: "POST", url: "/api/citizen/dossiers", payload: body })).statusCode,
      ).toBe(401);
      expect((await submit(body, officer)).statusCode).toBe(403);
      const noCsrf = await t.app.inject({
        method: "POST",
        url: "/api/citizen/dossiers",
        headers: { cookie: citizen.cookie },
        payload: body,
      });
      expect(noCsrf.statusCode).toBe(403);
    });
  });

  describe("GET /api/citizen/dossiers and /:id", () => {
    it("lists only the caller's own dossiers", async () => {
      const mine = await submitted();
      const own = (
        await t.app.inject({ url: "/api/citizen/dossiers?pageSize=100", headers: citizen.headers })
      ).json();
      expect(own.items.map((item: { id: string }) => item.id)).toContain(mine.id);
      const theirs = (await t.app.inject({ url: "/api/citizen/dossiers", headers: stranger.headers })).json();
      expect(theirs).toMatchObject({ total: 0, items: [] });
    });

    it("R-LOOK-2: the owner's view carries the reception slip's QR token, which the public lookup honours", async () => {
      const mine = await submitted();
      const detail = (
        await t.app.inject({ url: `/api/citizen/dossiers/${mine.id}`, headers: citizen.headers })
      ).json();
      expect(detail.lookupToken).toBe(await lookupTokenFor(t.database.db, detail.code));
    });

    it("404 for another person's dossier and for an unknown id — the same answer; 400 for a malformed id", async () => {
      const mine = await submitted();
      const other = await t.app.inject({
        url: `/api/citizen/dossiers/${mine.id}`,
        headers: stranger.headers,
      });
      const unknown = await t.app.inject({
        url: `/api/citizen/dossiers/${randomUUID()}`,
        headers: stranger.headers,
      });
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual(unknown.json());
      expect(
        (await t.app.inject({ url: "/api/citizen/dossiers/abc", headers: citizen.headers })).statusCode,
      ).toBe(400);
      expect(
        (await t.app.inject({ url: "/api/citizen/dossiers?page=0", headers: citizen.headers })).statusCode,
      ).toBe(400);
    });
  });

  describe("POST /api/citizen/dossiers/:id/edit (R-SUB-3)", () => {
    it("changes the e-form data before acceptance and records an `edited` event", async () => {
      const mine = await submitted();
      const response = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/edit`,
        headers: citizen.headers,
        payload: { expectedVersion: 1, formData: { tenTre: "Nguyễn Minh Khôi" } },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().formData).toEqual({ tenTre: "Nguyễn Minh Khôi" });
      expect(response.json().history.at(-1)).toMatchObject({
        type: "edited",
        label: { vi: "Cập nhật hồ sơ trước khi tiếp nhận" },
      });
    });

    it("400 when removing a required component leaves it missing; 409 once accepted; nothing changes", async () => {
      const mine = await submitted();
      const detail = (
        await t.app.inject({ url: `/api/citizen/dossiers/${mine.id}`, headers: citizen.headers })
      ).json();
      const removing = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/edit`,
        headers: citizen.headers,
        payload: { removeFileIds: [detail.files[0].id] },
      });
      expect(removing.statusCode).toBe(400);
      expect(removing.json().error.fields[0].field).toBe("files.component.0");
      await runDossierCommand(t.database.db, {
        dossierId: mine.id,
        command: { type: "accept" },
        actor: { role: "counterOfficer", id: officerId },
        author: { userId: officerId, role: "counter_officer" },
        now: new Date("2026-11-23T10:00:00+07:00"),
        authorize: () => {},
      });
      const before = await counts(mine.id);
      t.clock.current = new Date("2026-11-23T10:20:00+07:00");
      const late = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/edit`,
        headers: citizen.headers,
        payload: { formData: { tenTre: "Khác" } },
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe("TRANSITION_NOT_ALLOWED");
      expect(await counts(mine.id)).toEqual(before);
    });
  });

  describe("POST /api/citizen/dossiers/:id/supplement (R-RECV-6)", () => {
    it("answers a reception-stage request: the completed dossier goes back to 1 with the supplementary files", async () => {
      const mine = await submitted();
      await runDossierCommand(t.database.db, {
        dossierId: mine.id,
        command: {
          type: "requestSupplementAtReception",
          reason: "Thiếu bản sao",
          items: ["Bản sao giấy chứng sinh"],
        },
        actor: { role: "counterOfficer", id: officerId },
        author: { userId: officerId, role: "counter_officer" },
        now: new Date("2026-11-23T10:00:00+07:00"),
        authorize: () => {},
      });
      t.clock.current = new Date("2026-11-23T10:20:00+07:00");
      const file = await uploadId(t.app, citizen, "bo-sung.pdf", samplePdf("bổ sung"));
      const response = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/supplement`,
        headers: citizen.headers,
        payload: { files: [{ componentPosition: 1, uploadId: file }] },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.status).toBe(1);
      expect(body.history.map((event: { type: string }) => event.type)).toEqual([
        "submitted",
        "supplementRequested",
        "supplementResubmitted",
      ]);
      expect(body.history[1].details).toMatchObject({ items: ["Bản sao giấy chứng sinh"] });
      expect(body.files.filter((f: { purpose: string }) => f.purpose === "supplement")).toHaveLength(1);
    });

    it("409 when no supplement is awaited; 400 without files; nothing changes", async () => {
      const mine = await submitted();
      const before = await counts(mine.id);
      const file = await uploadId(t.app, citizen, "bo-sung.pdf", samplePdf("y"));
      const none = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/supplement`,
        headers: citizen.headers,
        payload: { files: [{ uploadId: file }] },
      });
      expect(none.statusCode).toBe(409);
      const empty = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/supplement`,
        headers: citizen.headers,
        payload: { files: [] },
      });
      expect(empty.statusCode).toBe(400);
      expect(await counts(mine.id)).toEqual(before);
      const attached = await t.database.db
        .selectFrom("uploads")
        .select("attached_at")
        .where("id", "=", file)
        .executeTakeFirstOrThrow();
      expect(attached.attached_at).toBeNull();
    });
  });

  describe("POST /api/citizen/dossiers/:id/withdraw (R-STOP-1)", () => {
    it("moves the dossier to 7 with the reason in the history", async () => {
      const mine = await submitted();
      const response = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/withdraw`,
        headers: citizen.headers,
        payload: { reason: "Không còn nhu cầu", expectedVersion: 1 },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 7, statusLabel: { vi: "Công dân yêu cầu rút hồ sơ" } });
    });

    it("409 on a stale expectedVersion and 404 for someone else's dossier; nothing changes", async () => {
      const mine = await submitted();
      const before = await counts(mine.id);
      const stale = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/withdraw`,
        headers: citizen.headers,
        payload: { expectedVersion: 7 },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe("STALE_DOSSIER");
      const foreign = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/withdraw`,
        headers: stranger.headers,
        payload: {},
      });
      expect(foreign.statusCode).toBe(404);
      const officerTry = await t.app.inject({
        method: "POST",
        url: `/api/citizen/dossiers/${mine.id}/withdraw`,
        headers: officer.headers,
        payload: {},
      });
      expect(officerTry.statusCode).toBe(403);
      expect(await counts(mine.id)).toEqual(before);
    });
  });
});

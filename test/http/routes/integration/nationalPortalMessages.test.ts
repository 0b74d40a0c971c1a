import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import type { ExistingDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { receiveNationalDossier } from "../../../../src/services/integration/receiveNationalDossier.ts";
import { demoUserIds, limits } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const apiKey = "khoa-api-cong-dvcqg-2026";
const secret = "bi-mat-hmac-cong-dvcqg-2026-dai";
const now = new Date("2026-11-23T10:00:00+07:00");
const sha = "a".repeat(64);

const sign = (body: string, key = secret) => createHmac("sha256", key).update(body).digest("hex");

/** Messages from DVCQG (issue #13): supplement answer, withdrawal, payment, rating (R-LAW-4, R-STOP-1, R-FEE-6, R-EVAL-1). */
describe("POST /api/integration/national-portal/messages/* (issue #13)", () => {
  let handle: DatabaseHandle;
  let app: App;
  let unconfigured: App;
  let officerId: string;
  let sequence = 0;

  const build = async (config: { nationalPortalApiKey?: string; nationalPortalHmacSecret?: string }) => {
    const built = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      clock: () => now,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        ...config,
      },
    });
    await built.ready();
    return built;
  };
  const send = (
    kind: string,
    message: unknown,
    options: { headers?: Record<string, string>; target?: App } = {},
  ) => {
    const body = JSON.stringify(message);
    return (options.target ?? app).inject({
      method: "POST",
      url: `/api/integration/national-portal/messages/${kind}`,
      payload: body,
      headers: {
        "content-type": "application/json",
        ...(options.headers ?? { "x-api-key": apiKey, "x-signature": sign(body) }),
      },
    });
  };

  /** A dossier received from DVCQG, then moved by the counter through `commands`. */
  const nationalDossier = async (
    ...commands: { command: ExistingDossierCommand; role: "counterOfficer" | "specialist" }[]
  ) => {
    sequence += 1;
    const nationalCode = `G22.100.01-261123-${String(900 + sequence).padStart(6, "0")}`;
    const { record } = await receiveNationalDossier(handle.db, {
      payload: {
        MaHoSo: nationalCode,
        MaTTHC: "1.001193",
        MaCoQuan: "000.20.01.H99",
        ChuHoSo: "Lê Thị Cúc",
        NgayNopHoSo: "20261123090000",
      },
      now,
      limits,
    });
    for (const { command, role } of commands)
      await runDossierCommand(handle.db, {
        dossierId: record.row.id,
        command,
        actor: { role, id: officerId },
        author: { userId: officerId, role: role === "counterOfficer" ? "counter_officer" : "specialist" },
        now,
        authorize: () => {},
      });
    return { id: record.row.id, nationalCode };
  };
  const counter = (command: ExistingDossierCommand) => ({ command, role: "counterOfficer" as const });
  const specialist = (command: ExistingDossierCommand) => ({ command, role: "specialist" as const });
  const statusOf = async (id: string) =>
    (await handle.db.selectFrom("dossiers").select("status").where("id", "=", id).executeTakeFirstOrThrow())
      .status;
  const eventsOf = async (id: string) =>
    (
      await handle.db
        .selectFrom("dossier_events")
        .select("type")
        .where("dossier_id", "=", id)
        .orderBy("sequence")
        .execute()
    ).map((event) => event.type);
  const envelope = (nationalCode: string, id: string) => ({
    MaThongDiep: id,
    MaHoSo: nationalCode,
    ThoiDiem: "20261123095500",
  });

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    // The national portal checked the dossier's components; the birth registration's are made optional here so a
    // dossier without files can be received (files are covered by the attachment tests).
    const procedure = await handle.db
      .selectFrom("procedures")
      .select("id")
      .where("code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    await handle.db
      .updateTable("procedure_components")
      .set({ required: false })
      .where("procedure_id", "=", procedure.id)
      .execute();
    officerId = (await demoUserIds(handle.db))["motcua.trungtam"]!;
    app = await build({ nationalPortalApiKey: apiKey, nationalPortalHmacSecret: secret });
    unconfigured = await build({});
  });
  afterAll(async () => {
    await app.close();
    await unconfigured.close();
    await handle.close();
  });

  it("supplement at reception: the dossier is resubmitted (5 → 1), its files queued with their checksums; a replay records once", async () => {
    const dossier = await nationalDossier(
      counter({
        type: "requestSupplementAtReception",
        reason: "Thiếu giấy chứng sinh",
        items: ["Giấy chứng sinh"],
      }),
    );
    expect(await statusOf(dossier.id)).toBe(5);
    const message = {
      ...envelope(dossier.nationalCode, `bs-${dossier.id}`),
      NoiDungBoSung: "Bổ sung giấy chứng sinh",
      TaiLieuBoSung: [
        {
          TenTepDinhKem: "giay-chung-sinh.pdf",
          MaThanhPhanHoSo: "GT02",
          DuongDanTaiTepTin: "http://127.0.0.1:9/files/gcs.pdf",
          MaBamSHA256: sha.toUpperCase(),
        },
      ],
    };
    const first = await send("supplement", message);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ dossierId: dossier.id, status: 1, replayed: false, applied: true });
    const replay = await send("supplement", message);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ dossierId: dossier.id, status: 1, replayed: true });
    expect(await eventsOf(dossier.id)).toEqual(["submitted", "supplementRequested", "supplementResubmitted"]);
    const transfers = await handle.db
      .selectFrom("national_file_transfers")
      .select(["purpose", "state", "expected_sha256", "component_code"])
      .where("dossier_id", "=", dossier.id)
      .execute();
    expect(transfers).toEqual([
      { purpose: "supplement", state: "pending", expected_sha256: sha, component_code: "GT02" },
    ]);
  });

  it("supplement when none is awaited: 409 and nothing recorded, the message id stays free", async () => {
    const dossier = await nationalDossier();
    const message = {
      ...envelope(dossier.nationalCode, `bs-khong-${dossier.id}`),
      TaiLieuBoSung: [
        { TenTepDinhKem: "a.pdf", DuongDanTaiTepTin: "http://127.0.0.1:9/a.pdf", MaBamSHA256: sha },
      ],
    };
    const answer = await send("supplement", message);
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error.message).toMatch(/[ạảãáàâăêôơưđ]/);
    const kept = await handle.db
      .selectFrom("national_inbound_messages")
      .select("message_id")
      .where("message_id", "=", message.MaThongDiep)
      .execute();
    expect(kept).toEqual([]);
    expect(await eventsOf(dossier.id)).toEqual(["submitted"]);
  });

  it("withdrawal request (R-STOP-1 k2): status 7 with the reason; a replay answers the first receipt", async () => {
    const dossier = await nationalDossier(counter({ type: "accept" }));
    const message = { ...envelope(dossier.nationalCode, `rut-${dossier.id}`), LyDo: "Không còn nhu cầu" };
    const first = await send("withdrawal", message);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 7, replayed: false });
    const again = await send("withdrawal", message);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), replayed: true });
    expect(await eventsOf(dossier.id)).toEqual(["submitted", "accepted", "withdrawalRequested"]);
    const event = await handle.db
      .selectFrom("dossier_events")
      .select(["actor_role", "payload"])
      .where("dossier_id", "=", dossier.id)
      .where("type", "=", "withdrawalRequested")
      .executeTakeFirstOrThrow();
    expect(event.actor_role).toBe("citizen");
    expect(event.payload).toMatchObject({ channel: "nationalPortal", messageId: message.MaThongDiep });
  });

  it("withdrawal after the decision is refused (409) and recorded nowhere", async () => {
    const dossier = await nationalDossier(
      counter({ type: "accept" }),
      counter({ type: "decideAtCounter", documentRefs: ["kq"] }),
    );
    const answer = await send("withdrawal", {
      ...envelope(dossier.nationalCode, `rut-muon-${dossier.id}`),
      LyDo: "Đổi ý",
    });
    expect(answer.statusCode).toBe(409);
    expect(await statusOf(dossier.id)).toBe(9);
  });

  it("payment (R-FEE-6): 6 → 4 with the transaction as receipt; the same transaction in a new message is recorded once", async () => {
    const dossier = await nationalDossier(
      counter({ type: "accept" }),
      counter({ type: "transfer" }),
      specialist({ type: "requestPayment", obligations: [{ name: "Lệ phí", amount: 8000 }] }),
    );
    expect(await statusOf(dossier.id)).toBe(6);
    const short = await send("payment", {
      ...envelope(dossier.nationalCode, `tt-thieu-${dossier.id}`),
      MaGiaoDich: `GD-x-${dossier.id}`,
      SoTien: 5000,
    });
    expect(short.statusCode).toBe(409);
    expect(short.json().error.code).toBe("PAYMENT_AMOUNT_MISMATCH");
    expect(await statusOf(dossier.id)).toBe(6);

    const paid = {
      ...envelope(dossier.nationalCode, `tt-${dossier.id}`),
      MaGiaoDich: `GD-${dossier.id}`,
      SoTien: 8000,
    };
    const first = await send("payment", paid);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 4, applied: true });
    const sameTransaction = await send("payment", { ...paid, MaThongDiep: `tt-lai-${dossier.id}` });
    expect(sameTransaction.statusCode).toBe(201);
    expect(sameTransaction.json()).toMatchObject({ status: 4, applied: false });
    expect((await send("payment", paid)).json()).toMatchObject({ replayed: true, applied: true });
    expect((await eventsOf(dossier.id)).filter((type) => type === "paymentConfirmed")).toHaveLength(1);
    const payments = await handle.db
      .selectFrom("national_payment_confirmations")
      .select(["transaction_id", "amount_vnd"])
      .where("dossier_id", "=", dossier.id)
      .execute();
    expect(payments.map((row) => [row.transaction_id, Number(row.amount_vnd)])).toEqual([
      [`GD-${dossier.id}`, 8000],
    ]);

    const other = await nationalDossier();
    const stolen = await send("payment", {
      ...paid,
      MaThongDiep: `tt-khac-${other.id}`,
      MaHoSo: other.nationalCode,
    });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().error.code).toBe("TRANSACTION_REUSED");
  });

  it("payment for a dossier not awaiting one is recorded for reconciliation, the status unchanged", async () => {
    const dossier = await nationalDossier(counter({ type: "accept" }));
    const answer = await send("payment", {
      ...envelope(dossier.nationalCode, `tt-som-${dossier.id}`),
      MaGiaoDich: `GD-som-${dossier.id}`,
      SoTien: 1000,
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toMatchObject({ status: 2, applied: false });
    expect(await eventsOf(dossier.id)).toEqual(["submitted", "accepted"]);
  });

  it("rating (R-EVAL-1) after the result, through the rating service, once", async () => {
    const early = await nationalDossier();
    const tooEarly = await send("rating", {
      ...envelope(early.nationalCode, `dg-som-${early.id}`),
      DiemTieuChi: { "1": 2 },
    });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().error.code).toBe("EVALUATION_NOT_YET");

    const dossier = await nationalDossier(
      counter({ type: "accept" }),
      counter({ type: "decideAtCounter", documentRefs: ["kq"] }),
    );
    const rating = {
      ...envelope(dossier.nationalCode, `dg-${dossier.id}`),
      DiemTieuChi: { "1": 2, "7": 1 },
      MucDoHaiLong: 1,
    };
    const first = await send("rating", rating);
    expect(first.statusCode).toBe(201);
    expect((await send("rating", rating)).json()).toMatchObject({ replayed: true });
    const stored = await handle.db
      .selectFrom("evaluation_ratings")
      .select(["channel", "points", "satisfaction", "rated_by_user_id"])
      .where("dossier_id", "=", dossier.id)
      .execute();
    expect(stored).toEqual([
      {
        channel: "national_portal",
        points: { "1": 2, "7": 1 },
        satisfaction: "satisfied",
        rated_by_user_id: null,
      },
    ]);
    const second = await send("rating", { ...rating, MaThongDiep: `dg-lai-${dossier.id}` });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("EVALUATION_ALREADY_RATED");
    const notApplicants = await send("rating", {
      ...rating,
      MaThongDiep: `dg-sai-${dossier.id}`,
      DiemTieuChi: { "5": 2 },
    });
    expect(notApplicants.statusCode).toBe(400);
  });

  it("400 naming each invalid field of each message; nothing recorded", async () => {
    const dossier = await nationalDossier(counter({ type: "accept" }));
    const base = envelope(dossier.nationalCode, `sai-${dossier.id}`);
    const fields = async (kind: string, message: unknown) => {
      const answer = await send(kind, message);
      expect(answer.statusCode).toBe(400);
      return answer
        .json()
        .error.fields.map((field: { field: string }) => field.field)
        .sort();
    };
    expect(
      await fields("withdrawal", { MaHoSo: dossier.nationalCode, ThoiDiem: "23/11/2026", LyDo: "" }),
    ).toEqual(["LyDo", "MaThongDiep", "ThoiDiem"]);
    expect(await fields("supplement", { ...base, TaiLieuBoSung: [] })).toEqual(["TaiLieuBoSung"]);
    expect(
      await fields("supplement", {
        ...base,
        TaiLieuBoSung: [{ TenTepDinhKem: "a.pdf", DuongDanTaiTepTin: "ftp://x/a.pdf", MaBamSHA256: "abc" }],
      }),
    ).toEqual(["TaiLieuBoSung.0.DuongDanTaiTepTin", "TaiLieuBoSung.0.MaBamSHA256"]);
    expect(await fields("payment", { ...base, MaGiaoDich: "", SoTien: -1 })).toEqual([
      "MaGiaoDich",
      "SoTien",
    ]);
    expect(await fields("rating", { ...base, DiemTieuChi: { "1": 3 }, MucDoHaiLong: 4 })).toEqual(
      expect.arrayContaining(["MucDoHaiLong"]),
    );
    expect(await fields("withdrawal", { ...base, ThoiDiem: "20260431090000", LyDo: "x" })).toEqual([
      "ThoiDiem",
    ]);
    expect(await fields("withdrawal", { ...base, ThoiDiem: "20271123090000", LyDo: "x" })).toEqual([
      "ThoiDiem",
    ]);
    const english = await app.inject({
      method: "POST",
      url: "/api/integration/national-portal/messages/withdrawal",
      payload: JSON.stringify({ ...base, LyDo: "" }),
      headers: {
        "content-type": "application/json",
        "accept-language": "en",
        "x-api-key": apiKey,
        "x-signature": sign(JSON.stringify({ ...base, LyDo: "" })),
      },
    });
    expect(english.statusCode).toBe(400);
    expect(await eventsOf(dossier.id)).toEqual(["submitted", "accepted"]);
    expect(
      await handle.db
        .selectFrom("national_inbound_messages")
        .select("message_id")
        .where("dossier_id", "=", dossier.id)
        .execute(),
    ).toEqual([]);
  });

  it("401 for a wrong key or signature, 404 for an unknown dossier, 409 for a reused message id, 503 unconfigured", async () => {
    const dossier = await nationalDossier(counter({ type: "accept" }));
    const message = { ...envelope(dossier.nationalCode, `auth-${dossier.id}`), LyDo: "Lý do" };
    const body = JSON.stringify(message);
    const answers = await Promise.all([
      send("withdrawal", message, { headers: { "x-signature": sign(body) } }),
      send("withdrawal", message, {
        headers: { "x-api-key": "khoa-sai-khoa-sai-khoa-sai", "x-signature": sign(body) },
      }),
      send("withdrawal", message, { headers: { "x-api-key": apiKey } }),
      send("withdrawal", message, {
        headers: { "x-api-key": apiKey, "x-signature": sign(body, "bi-mat-khac-hoan-toan-khac") },
      }),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([401, 401, 401, 401]);
    expect(answers.map((answer) => answer.json().error.code)).toEqual([
      "INVALID_API_KEY",
      "INVALID_API_KEY",
      "INVALID_SIGNATURE",
      "INVALID_SIGNATURE",
    ]);
    expect(await statusOf(dossier.id)).toBe(2);

    const unknown = await send("withdrawal", { ...message, MaHoSo: "G22.100.01-261123-999999" });
    expect(unknown.statusCode).toBe(404);

    expect((await send("withdrawal", message)).statusCode).toBe(201);
    const reused = await send("withdrawal", { ...message, LyDo: "Một lý do khác" });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe("MESSAGE_ID_REUSED");

    const off = await send("withdrawal", message, { target: unconfigured });
    expect(off.statusCode).toBe(503);
  });
});

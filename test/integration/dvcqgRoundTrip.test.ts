import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { type App, buildApp } from "../../src/http/app.ts";
import { httpSyncClient } from "../../src/integrations/dvcqg/httpSyncClient.ts";
import { type DvcqgSimulator, startDvcqgSimulator } from "../../src/integrations/dvcqg/simulator/server.ts";
import { runDvcqgSync } from "../../src/jobs/dvcqgSync.ts";
import { approveResult } from "../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../src/services/dossiers/processing/forwardDossier.ts";
import { runDossierCommand } from "../../src/services/dossiers/runDossierCommand.ts";
import { fetchNationalFiles } from "../../src/services/integration/fetchNationalFiles.ts";
import { markHistorySynchronised } from "../../src/services/sync/fanOutSync.ts";
import { actorNamed, at, uploadPdf } from "../services/dossiers/processing/processingFixtures.ts";
import { demoUserIds, limits, samplePdf, temporaryStorage } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/**
 * Issue #13 "Done when", end to end over real HTTP: a dossier submitted on the simulated national portal is received
 * by OneStop (R-LAW-4), its file fetched with its checksum, processed by the counter, the specialist and the leader,
 * its result returned at the counter (status 10); the sync worker then drains the outbox and the national side shows
 * the whole progress (R-SYNC-1 push on creation and every change, R-SYNC-2/3 payloads, R-SYNC-4 progress on every
 * handover, R-SYNC-5 in order, first packet isUpdating=false, later ones true).
 */
describe("DVCQG round trip: national portal → OneStop → national portal (issue #13, R-SYNC-1…5)", () => {
  let handle: DatabaseHandle;
  let app: App;
  let simulator: DvcqgSimulator;
  let users: Record<string, string>;
  const storage = temporaryStorage();
  let current = at("2026-11-23T09:05");
  const clock = () => current;
  const token = "bi-mat-dong-bo-dvcqg";
  const nationalCode = "G22.100.01-261123-000913";

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    // The seeded history counts as already synchronised (issue #13) and is never pushed.
    await markHistorySynchronised(handle.db, current);
    users = await demoUserIds(handle.db);
    app = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      clock,
      storage,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        loginRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        nationalPortalApiKey: "khoa-api-cong-dvcqg-2026",
        nationalPortalHmacSecret: "bi-mat-hmac-cong-dvcqg-2026-dai",
      },
    });
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    simulator = await startDvcqgSimulator({ token });
    const target = await fetch(`${simulator.baseUrl}/control/portal/target`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        url: address,
        apiKey: "khoa-api-cong-dvcqg-2026",
        hmacSecret: "bi-mat-hmac-cong-dvcqg-2026-dai",
      }),
    });
    expect(target.status).toBe(200);
  });
  afterAll(async () => {
    await simulator?.close();
    await app?.close();
    await handle?.close();
  });

  async function counter(
    dossierId: string,
    command: { type: "accept" } | { type: "transfer" } | { type: "returnResult"; channel: "counter" },
  ) {
    const officer = users["motcua.trungtam"]!;
    await runDossierCommand(handle.db, {
      dossierId,
      command,
      actor: { role: "counterOfficer", id: officer },
      author: { userId: officer, role: "counter_officer" },
      now: current,
      authorize: () => {},
    });
  }

  /** Runs the sync worker until nothing is pending; waits out retry delays on the simulated clock. */
  async function drainSync() {
    const port = httpSyncClient({ url: simulator.syncUrl, token, timeoutMs: 2_000 });
    const options = { publicUrl: "http://127.0.0.1:3000", maxBackoffSeconds: 60 };
    for (let round = 0; round < 30; round++) {
      const counts = await runDvcqgSync(handle.db, port, clock, options);
      if (counts.events + counts.sent + counts.retried + counts.dead > 0) continue;
      const open = await handle.db
        .selectFrom("outbound_deliveries")
        .select(["id", "status"])
        .where("status", "<>", "sent")
        .execute();
      if (open.length === 0) return;
      current = new Date(current.getTime() + 61_000);
    }
    throw new Error("the sync backlog did not empty");
  }

  it("is received, fetched, processed and returned in OneStop, and its whole progress is visible on DVCQG", async () => {
    const toKhai = samplePdf("to khai 913");
    // 1. The applicant submits on the national portal, which posts the dossier to OneStop over HTTP.
    const submittedResponse = await fetch(`${simulator.baseUrl}/control/portal/dossiers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        dossier: {
          MaHoSo: nationalCode,
          MaTTHC: "1.004884",
          MaCoQuan: "000.20.01.H99",
          ChuHoSo: "Lê Thị Cúc",
          SoGiayToChuHoSo: "099190009130",
          DuLieuBieuMau: { tenTre: "Lê Minh Châu" },
          NgayNopHoSo: "20261123090000",
        },
        files: [
          {
            name: "to-khai.pdf",
            contentBase64: Buffer.from(toKhai).toString("base64"),
            componentCode: "GT01",
          },
        ],
      }),
    });
    const submitted = (await submittedResponse.json()) as { status: number; body: Record<string, unknown> };
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body).toMatchObject({ status: 1, nationalCode });
    const dossierId = submitted.body.id as string;

    // 2. The attachment job fetches the file from the portal; the checksum matches.
    const fileOptions = {
      maxAttempts: 3,
      backoffSeconds: 1,
      timeoutMs: 2_000,
      maxFileBytes: limits.maxFileBytes,
    };
    expect(await fetchNationalFiles(handle.db, storage, clock, fileOptions)).toEqual({
      fetched: 1,
      retried: 0,
      failed: 0,
    });
    const transfers = await handle.db
      .selectFrom("national_file_transfers")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .execute();
    expect(transfers.map((transfer) => [transfer.state, transfer.last_error])).toEqual([["fetched", null]]);
    const kept = await handle.db
      .selectFrom("dossier_files")
      .select(["sha256", "size_bytes", "purpose"])
      .where("id", "=", transfers[0]!.dossier_file_id!)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({
      sha256: createHash("sha256").update(toKhai).digest("hex"),
      size_bytes: toKhai.length,
      purpose: "component",
    });

    // 3. The counter accepts and transfers; the head assigns, the specialist forwards, the leader approves.
    current = at("2026-11-23T10:00");
    await counter(dossierId, { type: "accept" });
    await counter(dossierId, { type: "transfer" });
    const head = await actorNamed(handle.db, users, "truongphong.trungtam");
    const specialist = await actorNamed(handle.db, users, "chuyenvien.trungtam");
    const leader = await actorNamed(handle.db, users, "lanhdao.trungtam");
    current = at("2026-11-23T14:00");
    await assignDossier(handle.db, { dossierId, actor: head, now: current, assigneeId: specialist.userId });
    current = at("2026-11-24T09:00");
    await forwardDossier(handle.db, { dossierId, actor: specialist, now: current, opinion: "Đủ điều kiện" });
    current = at("2026-11-25T09:00");
    const uploadId = await uploadPdf(handle.db, leader, current);
    await approveResult(handle.db, { dossierId, actor: leader, now: current, uploadId });
    // 4. The counter returns the result (status 10).
    current = at("2026-11-26T09:00");
    await counter(dossierId, { type: "returnResult", channel: "counter" });
    const dossier = await handle.db
      .selectFrom("dossiers")
      .select(["code", "status", "national_code"])
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(dossier).toMatchObject({ status: 10, national_code: nationalCode });

    // 5. The sync worker drains the backlog.
    await drainSync();

    // 6. The national side, over HTTP: the citizen's lookup by the code the portal knows the dossier by.
    const lookupResponse = await fetch(`${simulator.baseUrl}/lookup/${nationalCode}`);
    expect(lookupResponse.status).toBe(200);
    const lookup = (await lookupResponse.json()) as Record<string, unknown>;
    expect(lookup).toMatchObject({
      MaHoSo: nationalCode,
      TrangThaiHoSo: "10",
      TenTrangThaiHoSo: "Đã trả kết quả",
      NgayNopHoSo: "20261123090000",
      NgayTiepNhan: "20261123100000",
      NgayTra: "20261126090000",
    });
    // Accepted Monday 10:00, 5 working days: due the next Monday 10:00; approved Wednesday 09:00.
    expect(lookup).toMatchObject({ NgayHenTra: "20261130100000", NgayKetThucXuLy: "20261125090000" });
    expect(lookup.KetQua).toEqual(["ket-qua.pdf"]);
    // One progress entry per handover, in order, each with who handled it, when and the status it led to.
    const progress = lookup.TienDo as Record<string, string>[];
    expect(
      progress.map((entry) => [
        entry.NguoiXuLy,
        entry.ChucDanh,
        entry.TrangThai,
        entry.NoiDungXuLy,
        entry.ThoiDiemXuLy,
      ]),
    ).toEqual([
      ["Lê Thị Hồng", "Cán bộ Bộ phận Một cửa", "2", "Tiếp nhận hồ sơ", "20261123100000"],
      ["Lê Thị Hồng", "Cán bộ Bộ phận Một cửa", "4", "Chuyển hồ sơ đến cơ quan giải quyết", "20261123100000"],
      ["Hoàng Thị Lan", "Trưởng phòng", "4", "Chuyển bước xử lý", "20261123140000"],
      ["Phạm Minh Tuấn", "Chuyên viên", "4", "Chuyển bước xử lý", "20261124090000"],
      ["Đỗ Quang Huy", "Lãnh đạo cơ quan", "9", "Phê duyệt kết quả giải quyết", "20261125090000"],
      ["Lê Thị Hồng", "Cán bộ Bộ phận Một cửa", "10", "Trả kết quả", "20261126090000"],
    ]);
    expect(progress.every((entry) => entry.MaHoSo === nationalCode)).toBe(true);
    // Nothing was pushed under OneStop's own code: DVCQG holds one record, under the code it gave the dossier.
    expect((await fetch(`${simulator.baseUrl}/lookup/${dossier.code}`)).status).toBe(404);

    // The packets DVCQG received for it, in order: the dossier at submission (isUpdating false), then for each
    // change the dossier packet and the progress packet of the handover (isUpdating true), each applied once.
    const received = (await (await fetch(`${simulator.baseUrl}/control/received`)).json()) as {
      packets: {
        service: string;
        isUpdating: boolean;
        maHoSo: string;
        sequence: number | null;
        outcome: string;
      }[];
    };
    expect(received.packets.every((packet) => packet.maHoSo === nationalCode)).toBe(true);
    expect(
      received.packets.map((packet) => [packet.service, packet.isUpdating, packet.sequence, packet.outcome]),
    ).toEqual([
      ["DongBoHoSoMC", false, 10, "applied"],
      ...[20, 30, 40, 50, 60, 70].flatMap((sequence) => [
        ["DongBoHoSoMC", true, sequence, "applied"],
        ["CapNhatTienDoHoSoMC", true, sequence + 1, "applied"],
      ]),
    ]);

    // DVCQG's statistics count it under its submission day and final status.
    const statistics = await fetch(`${simulator.baseUrl}/statistics?from=2026-11-23&to=2026-11-23`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(statistics.status).toBe(200);
    expect(await statistics.json()).toEqual({
      rows: [{ day: "2026-11-23", status: 10, count: 1 }],
      total: 1,
    });

    // OneStop shows the dossier synchronised.
    const state = await handle.db
      .selectFrom("dvcqg_sync_states")
      .select("state")
      .where("dossier_id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe("synced");
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import {
  type DvcqgSimulator,
  startDvcqgSimulator,
} from "../../../src/integrations/dvcqg/simulator/server.ts";
import {
  fetchNationalFiles,
  mayFetchNationalFile,
  type NationalFileFetchOptions,
} from "../../../src/services/integration/fetchNationalFiles.ts";
import {
  listNationalFiles,
  retryNationalFile,
} from "../../../src/services/integration/nationalFileTransfers.ts";
import { receiveNationalDossier } from "../../../src/services/integration/receiveNationalDossier.ts";
import { limits, samplePdf, temporaryStorage } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/** Issue #13 "Attachments": the files of a dossier received from DVCQG fetched into the file store, under faults. */
describe("fetchNationalFiles (attachment job) against the simulator", () => {
  let handle: DatabaseHandle;
  let simulator: DvcqgSimulator;
  const storage = temporaryStorage();
  let now = new Date("2026-11-23T09:10:00+07:00");
  const clock = () => now;
  const options: NationalFileFetchOptions = {
    maxAttempts: 3,
    backoffSeconds: 10,
    timeoutMs: 400,
    maxFileBytes: limits.maxFileBytes,
  };
  let sequence = 0;
  const control = async (path: string, body?: unknown) =>
    (
      await fetch(`${simulator.baseUrl}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    ).json();
  const stage = (name: string, content: Uint8Array) =>
    control("/control/files", { name, contentBase64: Buffer.from(content).toString("base64") }) as Promise<{
      id: string;
      url: string;
      sha256: string;
    }>;
  /** A dossier received from DVCQG whose files are on the simulator. */
  const received = async (files: { url: string; sha256?: string; name?: string; component?: string }[]) => {
    sequence += 1;
    const { record } = await receiveNationalDossier(handle.db, {
      payload: {
        MaHoSo: `G22.100.01-261123-${String(700 + sequence).padStart(6, "0")}`,
        MaTTHC: "1.001193",
        MaCoQuan: "000.20.01.H99",
        ChuHoSo: "Lê Thị Cúc",
        NgayNopHoSo: "20261123090000",
        TaiLieuNop: files.map((file, index) => ({
          TenTepDinhKem: file.name ?? `tep-${index}.pdf`,
          ...(file.component ? { MaThanhPhanHoSo: file.component } : {}),
          DuongDanTaiTepTin: file.url,
          ...(file.sha256 ? { MaBamSHA256: file.sha256 } : {}),
        })),
      },
      now,
      limits,
    });
    return record.row.id;
  };
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    simulator = await startDvcqgSimulator();
  });
  beforeEach(async () => {
    await fetch(`${simulator.baseUrl}/control/faults`, { method: "DELETE" });
    // Files of earlier tests left pending must not be claimed by this one.
    await handle.db
      .updateTable("national_file_transfers")
      .set({ state: "failed" })
      .where("state", "=", "pending")
      .execute();
  });
  afterAll(async () => {
    await simulator.close();
    await handle.close();
  });

  it("fetches each file with its checksum into the store as the dossier's component file (đã tải)", async () => {
    const pdf = samplePdf("to khai");
    const file = await stage("to-khai.pdf", pdf);
    const headerOnly = await stage("giay-chung-sinh.pdf", samplePdf("giay chung sinh"));
    const dossierId = await received([
      { url: file.url, sha256: file.sha256, component: "GT01", name: "a-to-khai.pdf" },
      { url: headerOnly.url, name: "b-giay-chung-sinh.pdf" },
    ]);
    expect((await listNationalFiles(handle.db, dossierId)).map((view) => view.state)).toEqual([
      "pending",
      "pending",
    ]);
    const counts = await fetchNationalFiles(handle.db, storage, clock, options);
    expect(counts).toEqual({ fetched: 2, retried: 0, failed: 0 });
    const views = await listNationalFiles(handle.db, dossierId);
    expect(views.map((view) => [view.fileName, view.state, view.sha256])).toEqual([
      ["a-to-khai.pdf", "fetched", file.sha256],
      ["b-giay-chung-sinh.pdf", "fetched", headerOnly.sha256],
    ]);
    const stored = await handle.db
      .selectFrom("dossier_files as f")
      .leftJoin("procedure_components as c", "c.id", "f.component_id")
      .select(["f.id", "f.sha256", "f.purpose", "f.media_type", "f.storage_key", "c.code"])
      .where("f.dossier_id", "=", dossierId)
      .execute();
    stored.sort((x, y) => (x.code === null ? 1 : 0) - (y.code === null ? 1 : 0));
    expect(stored.map((row) => [row.purpose, row.media_type, row.code])).toEqual([
      ["component", "application/pdf", "GT01"],
      ["component", "application/pdf", null],
    ]);
    expect(Buffer.from((await storage.get(stored[0]!.storage_key))!)).toEqual(Buffer.from(pdf));
    expect(views[0]!.dossierFileId).toBe(stored[0]!.id);
    // A second pass has nothing to do: each file is kept once.
    expect(await fetchNationalFiles(handle.db, storage, clock, options)).toEqual({
      fetched: 0,
      retried: 0,
      failed: 0,
    });
  });

  it("retries a 500, a timeout and a damaged transfer with backoff, then fetches the file", async () => {
    const file = await stage("a.pdf", samplePdf("retry"));
    const dossierId = await received([{ url: file.url, sha256: file.sha256 }]);
    await control("/control/faults", { mode: "error", count: 1 });
    expect(await fetchNationalFiles(handle.db, storage, clock, options)).toEqual({
      fetched: 0,
      retried: 1,
      failed: 0,
    });
    let [view] = await listNationalFiles(handle.db, dossierId);
    expect(view).toMatchObject({ state: "pending", attempts: 1, lastError: "Cổng DVCQG trả lỗi HTTP 500" });
    // Not due before its backoff (10 s after the first failure).
    expect(await fetchNationalFiles(handle.db, storage, clock, options)).toEqual({
      fetched: 0,
      retried: 0,
      failed: 0,
    });
    advance(10);
    await control("/control/faults", { mode: "timeout", count: 1 });
    expect(await fetchNationalFiles(handle.db, storage, clock, options)).toEqual({
      fetched: 0,
      retried: 1,
      failed: 0,
    });
    [view] = await listNationalFiles(handle.db, dossierId);
    expect(view!.lastError).toContain("Hết thời gian chờ");
    advance(20);
    await control(`/control/files/${file.id}/corrupt`, { count: 1 });
    // The third attempt is the last (maxAttempts 3): a damaged copy would be lỗi; here it is the 3rd, so use a 4th.
    const longer = { ...options, maxAttempts: 5 };
    expect(await fetchNationalFiles(handle.db, storage, clock, longer)).toEqual({
      fetched: 0,
      retried: 1,
      failed: 0,
    });
    [view] = await listNationalFiles(handle.db, dossierId);
    expect(view!.lastError).toContain("SHA-256");
    advance(40);
    await control("/control/faults", { mode: "slow", count: 1, delayMs: 100 });
    expect(await fetchNationalFiles(handle.db, storage, clock, longer)).toEqual({
      fetched: 1,
      retried: 0,
      failed: 0,
    });
    [view] = await listNationalFiles(handle.db, dossierId);
    expect(view).toMatchObject({ state: "fetched", attempts: 4, lastError: null });
  });

  it("marks lỗi after the last attempt, at once for a file that is gone; an officer's retry fetches it again", async () => {
    const file = await stage("b.pdf", samplePdf("het luot"));
    const dossierId = await received([
      { url: file.url, sha256: file.sha256, name: "a.pdf" },
      { url: `${simulator.baseUrl}/files/khong-co`, sha256: file.sha256, name: "b-khong-co.pdf" },
    ]);
    await control("/control/faults", { mode: "error", count: null });
    const first = await fetchNationalFiles(handle.db, storage, clock, options);
    // The fault answers every route (the missing file too) with 500: both are retried.
    expect(first).toEqual({ fetched: 0, retried: 2, failed: 0 });
    for (const seconds of [10, 20]) {
      advance(seconds);
      await fetchNationalFiles(handle.db, storage, clock, options);
    }
    const views = await listNationalFiles(handle.db, dossierId);
    expect(views.map((view) => view.state)).toEqual(["failed", "failed"]);
    expect(views[1]!.lastError).toContain("HTTP 500");
    await fetch(`${simulator.baseUrl}/control/faults`, { method: "DELETE" });
    await retryNationalFile(handle.db, { dossierId, transferId: views[0]!.id, now });
    await expect(
      retryNationalFile(handle.db, { dossierId, transferId: views[0]!.id, now }),
    ).rejects.toThrow();
    expect(await fetchNationalFiles(handle.db, storage, clock, options)).toEqual({
      fetched: 1,
      retried: 0,
      failed: 0,
    });
    // A file that does not exist on the portal is lỗi at once, without retries.
    await retryNationalFile(handle.db, { dossierId, transferId: views[1]!.id, now });
    expect(await fetchNationalFiles(handle.db, storage, clock, options)).toEqual({
      fetched: 0,
      retried: 0,
      failed: 1,
    });
    expect((await listNationalFiles(handle.db, dossierId))[1]!.lastError).toContain("HTTP 404");
  });

  it("never fetches an address outside the allowed hosts, a plain-http one off loopback, or a redirect (SSRF)", async () => {
    const file = await stage("ssrf.pdf", samplePdf("ssrf"));
    const redirector = createServer((_request, response) => {
      response.writeHead(302, { location: file.url }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    const redirectUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/tep.pdf`;
    try {
      const dossierId = await received([
        { url: "http://10.0.0.5/noi-bo.pdf", sha256: file.sha256, name: "noi-bo.pdf" },
        { url: redirectUrl, sha256: file.sha256, name: "chuyen-huong.pdf" },
        { url: file.url, sha256: file.sha256, name: "dung.pdf" },
      ]);
      const allowed = new URL(file.url).host;
      expect(
        await fetchNationalFiles(handle.db, storage, clock, { ...options, allowedHosts: [allowed] }),
      ).toEqual({ fetched: 1, retried: 0, failed: 2 });
      const byName = async () =>
        new Map((await listNationalFiles(handle.db, dossierId)).map((view) => [view.fileName, view]));
      const views = await byName();
      expect(views.get("noi-bo.pdf")?.state).toBe("failed");
      expect(views.get("chuyen-huong.pdf")?.state).toBe("failed");
      expect(views.get("dung.pdf")?.state).toBe("fetched");
      expect(views.get("noi-bo.pdf")?.lastError).toBe(
        "Địa chỉ tệp không thuộc máy chủ của Cổng DVCQG được phép tải",
      );
      // The redirector listens on an allowed address but another port: refused before any connection.
      expect(views.get("chuyen-huong.pdf")?.lastError).toBe(views.get("noi-bo.pdf")?.lastError);
      // With no host list, the redirect itself is refused, never followed.
      await retryNationalFile(handle.db, { dossierId, transferId: views.get("chuyen-huong.pdf")!.id, now });
      expect(await fetchNationalFiles(handle.db, storage, clock, options)).toEqual({
        fetched: 0,
        retried: 0,
        failed: 1,
      });
      expect((await byName()).get("chuyen-huong.pdf")?.lastError).toContain("HTTP 302");
    } finally {
      redirector.close();
    }
  });

  it("mayFetchNationalFile: https anywhere, http on loopback only, credentials never, the host list when set", () => {
    expect(mayFetchNationalFile("https://dichvucong.gov.vn/tep/1")).toBe(true);
    expect(mayFetchNationalFile("http://127.0.0.1:4000/tep/1")).toBe(true);
    expect(mayFetchNationalFile("http://localhost/tep/1")).toBe(true);
    expect(mayFetchNationalFile("http://[::1]:8080/tep/1")).toBe(true);
    expect(mayFetchNationalFile("http://dichvucong.gov.vn/tep/1")).toBe(false);
    expect(mayFetchNationalFile("http://192.168.1.10/tep/1")).toBe(false);
    expect(mayFetchNationalFile("file:///etc/passwd")).toBe(false);
    expect(mayFetchNationalFile("https://user:pass@dichvucong.gov.vn/tep")).toBe(false);
    expect(mayFetchNationalFile("không phải địa chỉ")).toBe(false);
    const hosts = ["dichvucong.gov.vn", "tep.dichvucong.gov.vn:8443"];
    expect(mayFetchNationalFile("https://dichvucong.gov.vn/tep/1", hosts)).toBe(true);
    expect(mayFetchNationalFile("https://tep.dichvucong.gov.vn:8443/a", hosts)).toBe(true);
    expect(mayFetchNationalFile("https://tep.dichvucong.gov.vn/a", hosts)).toBe(false);
    expect(mayFetchNationalFile("https://noibo.tinh.gov.vn/a", hosts)).toBe(false);
  });

  it("two workers at once fetch each file once", async () => {
    const files = await Promise.all(
      [1, 2, 3, 4].map((n) => stage(`song-song-${n}.pdf`, samplePdf(`song song ${n}`))),
    );
    const dossierId = await received(files.map((file) => ({ url: file.url, sha256: file.sha256 })));
    const [a, b] = await Promise.all([
      fetchNationalFiles(handle.db, storage, clock, { ...options, limit: 2 }),
      fetchNationalFiles(handle.db, storage, clock, { ...options, limit: 2 }),
    ]);
    await fetchNationalFiles(handle.db, storage, clock, options);
    expect(a.fetched + b.fetched).toBeGreaterThanOrEqual(2);
    const stored = await handle.db
      .selectFrom("dossier_files")
      .select("sha256")
      .where("dossier_id", "=", dossierId)
      .execute();
    expect(stored.map((row) => row.sha256).sort()).toEqual(files.map((file) => file.sha256).sort());
  });
});

import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesystemStorage } from "../../../../src/integrations/storage/filesystemStorage.ts";
import { startArchiveIntegrityJob } from "../../../../src/jobs/archiveIntegrity.ts";
import { birthCertificateIssued } from "../../../services/dataStore/dataStoreFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";

const at = (local: string) => new Date(`${local}:00+07:00`);
const filesDir = join(mkdtempSync(join(tmpdir(), "onestop-archive-")), "files");
const storage = filesystemStorage(filesDir);
let t: AuthTestApp;
let agencyId: string;
let otherAgencyId: string;
const dossiers: { id: string; code: string }[] = [];
const s: Record<"system" | "agencyAdmin" | "citizen" | "officer", TestSession> = {} as never;
const config = {
  sessionIdleMinutes: 1_000_000,
  sessionApplicantIdleMinutes: 1_000_000,
  sessionMaxHours: 100_000,
};

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-26T10:00"), config: { ...config, filesDir } });
  const users = await demoUserIds(t.database.db);
  for (const day of ["05", "12"]) {
    const id = await birthCertificateIssued(t.database.db, storage, users, {
      submittedAt: at(`2026-10-${day}T09:00`),
      approvedAt: at(`2026-10-${day}T15:00`),
      returnedAt: at(`2026-10-${day}T16:00`),
    });
    const { code } = await t.database.db
      .selectFrom("dossiers")
      .select("code")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    dossiers.push({ id, code });
  }
  const agencies = await t.database.db.selectFrom("agencies").select(["id", "code"]).execute();
  agencyId = agencies.find((agency) => agency.code === "000.20.01.H99")!.id;
  otherAgencyId = agencies.find((agency) => agency.code === "000.00.13.H99")!.id;
  s.system = await loginAs(t.app, "quantri.hethong", "Demo@2026!QuanTriHT");
  s.agencyAdmin = await loginAs(t.app, "quantri.trungtam", "Demo@2026!QuanTriTT");
  s.citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  s.officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
});
afterAll(async () => t?.close());

const call = (
  method: "GET" | "POST" | "PUT",
  url: string,
  session?: TestSession,
  payload?: unknown,
  language?: string,
) =>
  t.app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
  });

/** An independent BagIt check: untar with tar-stream, recompute every SHA-256, compare with both manifests. */
async function independentlyVerified(bytes: Uint8Array) {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on("end", () => {
        files.set(header.name.split("/").slice(1).join("/"), Buffer.concat(chunks));
        next();
      });
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
    Readable.from([Buffer.from(bytes)]).pipe(extract);
  });
  const sha = (content: Buffer) => createHash("sha256").update(content).digest("hex");
  const manifest = (name: string) =>
    files
      .get(name)!
      .toString("utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(/ {2}/) as [string, string]);
  const payload = manifest("manifest-sha256.txt");
  const payloadFiles = [...files.keys()].filter((path) => path.startsWith("data/"));
  expect(payload.map(([, path]) => path).sort()).toEqual(payloadFiles.sort());
  for (const [digest, path] of payload) expect(sha(files.get(path)!), path).toBe(digest);
  for (const [digest, path] of manifest("tagmanifest-sha256.txt"))
    expect(sha(files.get(path)!), path).toBe(digest);
  expect(files.get("bagit.txt")!.toString()).toMatch(/^BagIt-Version: 1\.0\n/);
  const info = files.get("bag-info.txt")!.toString();
  const bytesTotal = payloadFiles.reduce((sum, path) => sum + files.get(path)!.length, 0);
  expect(info).toContain(`Payload-Oxum: ${bytesTotal}.${payloadFiles.length}`);
  return files;
}

describe("hand-over batch of a month's closed dossiers (R-ARC-2)", () => {
  it("401 without a session, 403 for a citizen and a counter officer, 404 for another agency's administrator", async () => {
    const body = { agencyId, month: "2026-10" };
    expect((await call("POST", "/api/admin/archive/batches", undefined, body)).statusCode).toBe(401);
    expect((await call("POST", "/api/admin/archive/batches", s.citizen, body)).statusCode).toBe(403);
    expect((await call("POST", "/api/admin/archive/batches", s.officer, body)).statusCode).toBe(403);
    const other = await call("POST", "/api/admin/archive/batches", s.agencyAdmin, {
      agencyId: otherAgencyId,
      month: "2026-10",
    });
    expect(other.statusCode).toBe(404);
    expect(await t.database.db.selectFrom("archive_packages").select("id").execute()).toEqual([]);
  });

  it.each([
    ["a malformed month", { agencyId: "00000000-0000-0000-0000-000000000000", month: "2026-13" }],
    ["no agency", { month: "2026-10" }],
    ["an unknown field", { agencyId: "00000000-0000-0000-0000-000000000000", month: "2026-10", x: 1 }],
  ])("400 for %s", async (_name, body) => {
    const response = await call("POST", "/api/admin/archive/batches", s.system, body, "en");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe("The input is not valid");
  });

  it("409 for a month not over yet", async () => {
    const response = await call("POST", "/api/admin/archive/batches", s.system, {
      agencyId,
      month: "2026-11",
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toBe("Chỉ giao nộp được tháng đã kết thúc");
  });

  it("packages, verifies and lists October's closed dossiers; each package round-trips and verifies independently", async () => {
    const response = await call("POST", "/api/admin/archive/batches", s.agencyAdmin, {
      agencyId,
      month: "2026-10",
    });
    expect(response.statusCode).toBe(201);
    const batch = response.json();
    expect(batch).toMatchObject({ month: "2026-10", status: "prepared", packages: 2 });
    expect(batch.record.packages.map((item: { dossierCode: string }) => item.dossierCode).sort()).toEqual(
      dossiers.map((dossier) => dossier.code).sort(),
    );
    const packages = await t.database.db
      .selectFrom("archive_packages")
      .selectAll()
      .orderBy("closed_at")
      .execute();
    for (const [index, item] of packages.entries()) {
      const bytes = (await storage.get(item.storage_key))!;
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(item.sha256);
      const files = await independentlyVerified(bytes);
      // Round trip: the record, the whole event log and every file come back as they are in OneStop.
      const record = JSON.parse(files.get("data/dossier.json")!.toString());
      expect(record.record.code).toBe(dossiers[index]!.code);
      const events = await t.database.db
        .selectFrom("dossier_events")
        .select("sequence")
        .where("dossier_id", "=", item.dossier_id)
        .execute();
      expect(JSON.parse(files.get("data/events.json")!.toString())).toHaveLength(events.length);
      const stored = await t.database.db
        .selectFrom("dossier_files")
        .select(["sha256", "purpose"])
        .where("dossier_id", "=", item.dossier_id)
        .execute();
      const payloadDigests = [...files]
        .filter(([path]) => path.startsWith("data/files/"))
        .map(([, content]) => createHash("sha256").update(content).digest("hex"));
      expect(payloadDigests.sort()).toEqual(stored.map((file) => file.sha256).sort());
      expect(
        [...files.keys()].some((path) => path.startsWith("data/signatures/") && path.endsWith(".jws")),
      ).toBe(true);
      // Civil status is kept permanently by default (R-ARC-1, safest reading).
      expect(item.retention_years).toBeNull();
      expect(item.dispose_after).toBeNull();
    }
    const again = await call("POST", "/api/admin/archive/batches", s.system, { agencyId, month: "2026-10" });
    expect(again.statusCode).toBe(409);
  });

  it("records the hand-over once; the packages are handed over; the list shows it", async () => {
    const [batch] = (await call("GET", "/api/admin/archive/batches", s.agencyAdmin)).json().items;
    expect(
      (
        await call("POST", `/api/admin/archive/batches/${batch.id}/handover`, s.agencyAdmin, {
          receivedBy: " ",
        })
      ).statusCode,
    ).toBe(400);
    const done = await call("POST", `/api/admin/archive/batches/${batch.id}/handover`, s.agencyAdmin, {
      receivedBy: "Lưu trữ cơ quan",
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: "handed_over", receivedBy: "Lưu trữ cơ quan" });
    expect(done.json().record.receivedBy).toBe("Lưu trữ cơ quan");
    const statuses = await t.database.db.selectFrom("archive_packages").select("status").execute();
    expect(statuses.every((row) => row.status === "handed_over")).toBe(true);
    expect(
      (await call("POST", `/api/admin/archive/batches/${batch.id}/handover`, s.system, { receivedBy: "X" }))
        .statusCode,
    ).toBe(409);
    expect((await call("GET", "/api/admin/archive/batches", s.citizen)).statusCode).toBe(403);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .select("action")
      .where("action", "like", "archive.%")
      .execute();
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(["archive.batch.prepare", "archive.batch.handover"]),
    );
  });
});

describe("integrity check (R-ARC-2)", () => {
  it("reports a package whose bytes were altered; only the system administrator runs it on demand", async () => {
    expect((await call("POST", "/api/admin/archive/integrity-check", s.agencyAdmin, {})).statusCode).toBe(
      403,
    );
    const clean = await call("POST", "/api/admin/archive/integrity-check", s.system, {});
    expect(clean.statusCode).toBe(200);
    expect(clean.json()).toEqual({ checked: 2, broken: [] });
    const target = await t.database.db
      .selectFrom("archive_packages")
      .select(["storage_key", "dossier_code"])
      .orderBy("closed_at")
      .executeTakeFirstOrThrow();
    const path = join(
      filesDir,
      target.storage_key.slice(0, 2),
      target.storage_key.slice(2, 4),
      target.storage_key,
    );
    const bytes = readFileSync(path);
    const index = bytes.indexOf('"record"');
    bytes.write('"RECORD"', index);
    writeFileSync(path, bytes);
    const report = (await call("POST", "/api/admin/archive/integrity-check", s.system, {})).json();
    expect(report.broken).toHaveLength(1);
    expect(report.broken[0].dossierCode).toBe(target.dossier_code);
    expect(report.broken[0].problems).toEqual(
      expect.arrayContaining(["data/dossier.json does not match its checksum"]),
    );
    // The periodic job finds the same and logs it as an error.
    const errors: object[] = [];
    const job = startArchiveIntegrityJob({
      db: t.database.db,
      storage,
      clock: t.clock.now,
      log: { info: () => {}, error: (object) => errors.push(object) },
    });
    const fromJob = await job.runOnce();
    await job.stop();
    expect(fromJob.broken.map((item) => item.dossierCode)).toEqual([target.dossier_code]);
    expect(errors).toHaveLength(1);
    const listed = (await call("GET", "/api/admin/archive/packages?broken=true", s.agencyAdmin)).json().items;
    expect(listed.map((item: { dossierCode: string }) => item.dossierCode)).toEqual([target.dossier_code]);
  });
});

describe("retention settings (R-ARC-1)", () => {
  it("lists defaults; only the system administrator sets a period; each validation error is 400", async () => {
    const list = await call("GET", "/api/admin/archive/retention", s.agencyAdmin);
    expect(list.statusCode).toBe(200);
    const birth = list
      .json()
      .items.find((row: { procedureCode: string }) => row.procedureCode === "1.001193");
    expect(birth).toMatchObject({ defaultYears: null, configured: null, years: null });
    const url = `/api/admin/archive/retention/${birth.procedureId}`;
    const denied = await call("PUT", url, s.agencyAdmin, { years: 5 });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe("SYSTEM_ADMIN_ONLY");
    expect((await call("PUT", url, s.citizen, { years: 5 })).statusCode).toBe(403);
    for (const body of [{ years: 0 }, { years: 201 }, { years: "forever" }, { years: null }, {}])
      expect((await call("PUT", url, s.system, body)).statusCode).toBe(400);
    expect(
      (
        await call("PUT", "/api/admin/archive/retention/00000000-0000-0000-0000-000000000000", s.system, {
          years: 5,
        })
      ).statusCode,
    ).toBe(404);
    const set = await call("PUT", url, s.system, { years: 1 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ configured: { years: 1 }, years: 1 });
    expect((await call("PUT", url, s.system, { years: "permanent" })).json()).toMatchObject({
      configured: { years: null },
      years: null,
    });
    const back = await call("PUT", url, s.system, { years: "default" });
    expect(back.json()).toMatchObject({ configured: null, years: null });
    await call("PUT", url, s.system, { years: 1 });
  });
});

describe("legal holds and disposal (R-ARC-1, R-ARC-2)", () => {
  it("disposal respects holds: only an approved list disposes, the held dossier stays, everything is audited", async () => {
    // The packages as a 1-year retention makes them (closed in October 2026, ending in October 2027), and the clock
    // past that end.
    await t.database.db
      .updateTable("archive_packages")
      .set({ retention_years: 1, dispose_after: new Date("2027-10-20T00:00:00Z") })
      .execute();
    t.clock.current = at("2027-11-02T09:00");
    const [held, free] = dossiers;

    expect(
      (await call("POST", "/api/admin/archive/holds", s.system, { dossierCode: held!.code })).statusCode,
    ).toBe(400);
    expect(
      (await call("POST", "/api/admin/archive/holds", s.citizen, { dossierCode: held!.code, reason: "x" }))
        .statusCode,
    ).toBe(403);
    const hold = await call("POST", "/api/admin/archive/holds", s.agencyAdmin, {
      dossierCode: held!.code,
      reason: "Đang giải quyết khiếu nại",
    });
    expect(hold.statusCode).toBe(201);
    expect(
      (
        await call("POST", "/api/admin/archive/holds", s.agencyAdmin, {
          dossierCode: held!.code,
          reason: "again",
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await call("POST", "/api/admin/archive/holds", s.agencyAdmin, {
          dossierCode: "KHONG-CO",
          reason: "x",
        })
      ).statusCode,
    ).toBe(404);

    const proposed = await call("POST", "/api/admin/archive/disposal-lists", s.agencyAdmin, { agencyId });
    expect(proposed.statusCode).toBe(201);
    const list = proposed.json();
    expect(list.items.map((item: { dossierCode: string }) => item.dossierCode)).toEqual([free!.code]);
    expect(
      (await call("POST", `/api/admin/archive/disposal-lists/${list.id}/execute`, s.system, {})).statusCode,
    ).toBe(409);
    const self = await call("POST", `/api/admin/archive/disposal-lists/${list.id}/approve`, s.agencyAdmin, {
      decisionRef: "QĐ 12/QĐ-UBND",
    });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.message).toBe("Người đề xuất không được tự phê duyệt danh mục hủy");
    expect(
      (await call("POST", `/api/admin/archive/disposal-lists/${list.id}/approve`, s.system, {})).statusCode,
    ).toBe(400);
    const approved = await call("POST", `/api/admin/archive/disposal-lists/${list.id}/approve`, s.system, {
      decisionRef: "QĐ 12/QĐ-UBND",
    });
    expect(approved.statusCode).toBe(200);
    // A hold placed after the approval still wins at execution.
    const lateHold = await call("POST", "/api/admin/archive/holds", s.system, {
      dossierCode: free!.code,
      reason: "Thanh tra",
    });
    expect(lateHold.statusCode).toBe(201);
    const executed = await call("POST", `/api/admin/archive/disposal-lists/${list.id}/execute`, s.system, {});
    expect(executed.statusCode).toBe(200);
    expect(executed.json().items).toEqual([
      expect.objectContaining({ dossierCode: free!.code, outcome: "held" }),
    ]);
    expect(
      (await t.database.db.selectFrom("archive_packages").select("status").execute()).every(
        (row) => row.status !== "disposed",
      ),
    ).toBe(true);

    // Released, a new list disposes it; the package row remains as the record.
    const release = await call(
      "POST",
      `/api/admin/archive/holds/${lateHold.json().id}/release`,
      s.agencyAdmin,
      {},
    );
    expect(release.statusCode).toBe(200);
    expect(
      (await call("POST", `/api/admin/archive/holds/${lateHold.json().id}/release`, s.agencyAdmin, {}))
        .statusCode,
    ).toBe(409);
    const second = (
      await call("POST", "/api/admin/archive/disposal-lists", s.agencyAdmin, { agencyId })
    ).json();
    await call("POST", `/api/admin/archive/disposal-lists/${second.id}/approve`, s.system, {
      decisionRef: "QĐ 13/QĐ-UBND",
    });
    const disposed = await call(
      "POST",
      `/api/admin/archive/disposal-lists/${second.id}/execute`,
      s.system,
      {},
    );
    expect(disposed.json().items).toEqual([
      expect.objectContaining({ dossierCode: free!.code, outcome: "disposed" }),
    ]);
    const rows = await t.database.db
      .selectFrom("archive_packages")
      .select(["dossier_code", "status", "disposed_at"])
      .execute();
    expect(rows.find((row) => row.dossier_code === free!.code)).toMatchObject({ status: "disposed" });
    expect(rows.find((row) => row.dossier_code === held!.code)).toMatchObject({
      status: "handed_over",
      disposed_at: null,
    });
    // The held one is never proposed while its hold stands.
    const none = await call("POST", "/api/admin/archive/disposal-lists", s.agencyAdmin, { agencyId });
    expect(none.statusCode).toBe(409);
    const audit = await t.database.db
      .selectFrom("admin_audit")
      .select("action")
      .where("action", "like", "archive.disposal.%")
      .execute();
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        "archive.disposal.propose",
        "archive.disposal.approve",
        "archive.disposal.execute",
      ]),
    );
    expect((await call("GET", "/api/admin/archive/disposal-lists", s.agencyAdmin)).json().items).toHaveLength(
      2,
    );
    expect((await call("GET", "/api/admin/archive/holds", s.agencyAdmin)).json().items).toHaveLength(1);
  });
});

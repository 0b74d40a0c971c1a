import { createHash, randomUUID } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import type { NationalFileTransfersTable } from "../../db/nationalPortalTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { sniffAcceptedMediaType } from "../files/acceptedFileTypes.ts";
import { cleanFileName } from "../files/storeUpload.ts";

export interface NationalFileFetchOptions {
  /** Failed fetches after which a file is marked lỗi (an officer may ask for it again). */
  maxAttempts: number;
  /** Wait after a first failure, doubled after each further one, capped at `maxBackoffSeconds`. */
  backoffSeconds: number;
  maxBackoffSeconds?: number;
  /** No answer within this many milliseconds is a failure (a slow or hung file server). */
  timeoutMs: number;
  maxFileBytes: number;
  /** Files claimed per pass. */
  limit?: number;
  /** How long a claimed file is this worker's before another may take it over (a crashed worker). */
  leaseSeconds?: number;
  /** DVCQG_FILE_HOSTS: the only hosts a file address may name; empty = any https host, http on loopback only. */
  allowedHosts?: readonly string[];
}

export interface NationalFileFetchCounts {
  fetched: number;
  retried: number;
  failed: number;
}

type TransferRow = Selectable<NationalFileTransfersTable>;

/** A problem that retrying cannot fix: the file is marked lỗi at once. */
class PermanentFetchError extends Error {}

export function nationalFileBackoffSeconds(base: number, attempts: number, cap = 6 * 3600): number {
  return Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
}

async function claim(db: Kysely<Database>, now: Date, options: NationalFileFetchOptions) {
  const token = randomUUID();
  const leaseEnd = new Date(now.getTime() + (options.leaseSeconds ?? 120) * 1000);
  // Several processes run this job: SKIP LOCKED and the lease give each file to one worker at a time.
  const { rows } = await sql<TransferRow>`
    update national_file_transfers
       set attempts = attempts + 1, locked_until = ${leaseEnd}, lease_token = ${token}
     where id in (
       select id from national_file_transfers
        where state = 'pending'
          and available_at <= ${now}
          and (locked_until is null or locked_until <= ${now})
        order by available_at, id
        limit ${options.limit ?? 10}
        for update skip locked)
    returning *`.execute(db);
  return { token, rows };
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether OneStop may fetch `address` (server-side request forgery): https, or http on loopback (the simulator),
 * and, when hosts are configured, one of them. Redirects are not followed, so the check holds for the whole fetch.
 */
export function mayFetchNationalFile(address: string, allowedHosts: readonly string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  const loopback = LOOPBACK_HOSTS.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) return false;
  return allowedHosts.length === 0 || allowedHosts.includes(url.host) || allowedHosts.includes(url.hostname);
}

/** The bytes of one file, checked: a 2xx answer in time, within the size limit, with the checksum stated. */
async function download(row: TransferRow, options: NationalFileFetchOptions): Promise<Uint8Array> {
  if (!mayFetchNationalFile(row.url, options.allowedHosts))
    throw new PermanentFetchError("Địa chỉ tệp không thuộc máy chủ của Cổng DVCQG được phép tải");
  let response: Response;
  try {
    response = await fetch(row.url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: "manual" });
  } catch (error) {
    const name = (error as Error).name;
    throw new Error(
      name === "TimeoutError" || name === "AbortError"
        ? `Hết thời gian chờ (${options.timeoutMs} ms)`
        : `Không kết nối được: ${(error as Error).message}`,
    );
  }
  if (response.status === 404 || response.status === 410)
    throw new PermanentFetchError(`Cổng DVCQG không còn tệp này (HTTP ${response.status})`);
  if (response.status >= 300 && response.status < 400)
    throw new PermanentFetchError(
      `Cổng DVCQG chuyển hướng địa chỉ tệp (HTTP ${response.status}), không được theo`,
    );
  if (!response.ok) throw new Error(`Cổng DVCQG trả lỗi HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength === 0) throw new Error("Tệp nhận được rỗng");
  if (bytes.byteLength > options.maxFileBytes)
    throw new PermanentFetchError(`Tệp quá lớn (${bytes.byteLength} byte)`);
  const expected = row.expected_sha256 ?? response.headers.get("x-checksum-sha256")?.toLowerCase();
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (!expected) throw new PermanentFetchError("Không có mã băm SHA-256 để kiểm tra tệp");
  // A damaged transfer is retried: the next download may be whole.
  if (actual !== expected) throw new Error("Mã băm SHA-256 không khớp: tệp bị hỏng khi truyền");
  return bytes;
}

/** Stores the file and makes it one of the dossier's files, once, if this worker still holds the lease. */
async function keep(
  db: Kysely<Database>,
  storage: FileStorage,
  row: TransferRow,
  token: string,
  bytes: Uint8Array,
  now: Date,
): Promise<boolean> {
  const mediaType = await sniffAcceptedMediaType(bytes);
  if (!mediaType) throw new PermanentFetchError("Loại tệp không được chấp nhận");
  const stored = await storage.put(bytes);
  return inTransaction(db, async (trx) => {
    const held = await trx
      .selectFrom("national_file_transfers")
      .select("id")
      .where("id", "=", row.id)
      .where("lease_token", "=", token)
      .where("state", "=", "pending")
      .forUpdate()
      .executeTakeFirst();
    if (!held) return false;
    const dossier = await trx
      .selectFrom("dossiers")
      .select(["procedure_id"])
      .where("id", "=", row.dossier_id)
      .executeTakeFirstOrThrow();
    const component = row.component_code
      ? await trx
          .selectFrom("procedure_components")
          .select("id")
          .where("procedure_id", "=", dossier.procedure_id)
          .where("code", "=", row.component_code)
          .orderBy("position")
          .executeTakeFirst()
      : undefined;
    const file = await trx
      .insertInto("dossier_files")
      .values({
        dossier_id: row.dossier_id,
        agency_id: row.agency_id,
        component_id: component?.id ?? null,
        purpose: row.purpose,
        storage_key: stored.key,
        sha256: stored.sha256,
        file_name: cleanFileName(row.file_name),
        media_type: mediaType,
        size_bytes: stored.size,
        uploaded_by: null,
        uploaded_at: row.created_at,
        event_sequence: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("national_file_transfers")
      .set({
        state: "fetched",
        dossier_file_id: file.id,
        fetched_at: now,
        locked_until: null,
        lease_token: null,
        last_error: null,
      })
      .where("id", "=", row.id)
      .execute();
    return true;
  });
}

/**
 * One pass of the attachment job (issue #13 "Attachments"): the files of dossiers received from DVCQG that are due
 * are downloaded, checked (HTTP status, size, SHA-256, accepted type) and kept in the file store as the dossier's
 * files. A failure is retried with exponential backoff; after `maxAttempts`, or at once for what cannot improve
 * (gone, too large, wrong type), the file is marked lỗi with the reason, for officers to see.
 */
export async function fetchNationalFiles(
  db: Kysely<Database>,
  storage: FileStorage,
  clock: () => Date,
  options: NationalFileFetchOptions,
): Promise<NationalFileFetchCounts> {
  const counts: NationalFileFetchCounts = { fetched: 0, retried: 0, failed: 0 };
  const { token, rows } = await claim(db, clock(), options);
  for (const row of rows) {
    try {
      const bytes = await download(row, options);
      if (await keep(db, storage, row, token, bytes, clock())) counts.fetched += 1;
    } catch (error) {
      const now = clock();
      const permanent = error instanceof PermanentFetchError;
      const failed = permanent || row.attempts >= options.maxAttempts;
      const message = (error as Error).message.slice(0, 500) || String(error);
      await db
        .updateTable("national_file_transfers")
        .set(
          failed
            ? { state: "failed", locked_until: null, lease_token: null, last_error: message }
            : {
                available_at: new Date(
                  now.getTime() +
                    nationalFileBackoffSeconds(
                      options.backoffSeconds,
                      row.attempts,
                      options.maxBackoffSeconds,
                    ) *
                      1000,
                ),
                locked_until: null,
                lease_token: null,
                last_error: message,
              },
        )
        .where("id", "=", row.id)
        .where("lease_token", "=", token)
        .execute();
      if (failed) counts.failed += 1;
      else counts.retried += 1;
    }
  }
  return counts;
}

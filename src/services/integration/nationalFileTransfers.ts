import type { Kysely, Transaction } from "kysely";
import type { NationalFileState } from "../../db/nationalPortalTables.ts";
import type { Database } from "../../db/schema.ts";
import { NotFoundError } from "../errors.ts";

/** A file the applicant left on the national portal (R-SYNC-2 `TaiLieuNop`), as its messages name it. */
export interface NationalFileReference {
  TepDinhKemId?: string | undefined;
  TenTepDinhKem: string;
  MaThanhPhanHoSo?: string | undefined;
  DuongDanTaiTepTin: string;
  /** SHA-256 (hex) the portal states; without it the file server's `X-Checksum-SHA256` header is checked. */
  MaBamSHA256?: string | undefined;
}

/**
 * Queues the fetch of a dossier's files from the national portal (issue #13 "Attachments"), in the caller's
 * transaction: each becomes a pending transfer (chờ tải) the attachment job picks up at once.
 */
export async function scheduleNationalFiles(
  trx: Transaction<Database>,
  input: {
    dossier: { id: string; agency_id: string };
    purpose: "component" | "supplement";
    files: readonly NationalFileReference[];
    now: Date;
  },
): Promise<void> {
  if (input.files.length === 0) return;
  await trx
    .insertInto("national_file_transfers")
    .values(
      input.files.map((file) => ({
        dossier_id: input.dossier.id,
        agency_id: input.dossier.agency_id,
        purpose: input.purpose,
        national_file_id: file.TepDinhKemId ?? null,
        component_code: file.MaThanhPhanHoSo ?? null,
        file_name: file.TenTepDinhKem,
        url: file.DuongDanTaiTepTin,
        expected_sha256: file.MaBamSHA256?.toLowerCase() ?? null,
        available_at: input.now,
        created_at: input.now,
      })),
    )
    .execute();
}

export interface NationalFileView {
  id: string;
  fileName: string;
  purpose: "component" | "supplement";
  componentCode: string | null;
  state: NationalFileState;
  attempts: number;
  lastError: string | null;
  /** Once fetched: the dossier file officers open (`GET /api/dossiers/:id/files/:fileId`). */
  dossierFileId: string | null;
  sha256: string | null;
  fetchedAt: string | null;
  nextAttemptAt: string | null;
}

/** The dossier's files from the national portal and where each stands (chờ tải, đã tải, lỗi). */
export async function listNationalFiles(
  db: Kysely<Database>,
  dossierId: string,
): Promise<NationalFileView[]> {
  const rows = await db
    .selectFrom("national_file_transfers as t")
    .leftJoin("dossier_files as f", "f.id", "t.dossier_file_id")
    .select([
      "t.id",
      "t.file_name",
      "t.purpose",
      "t.component_code",
      "t.state",
      "t.attempts",
      "t.last_error",
      "t.dossier_file_id",
      "t.expected_sha256",
      "f.sha256",
      "t.fetched_at",
      "t.available_at",
    ])
    .where("t.dossier_id", "=", dossierId)
    .orderBy("t.created_at")
    .orderBy("t.file_name")
    .orderBy("t.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fileName: row.file_name,
    purpose: row.purpose,
    componentCode: row.component_code,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    dossierFileId: row.dossier_file_id,
    sha256: row.sha256 ?? row.expected_sha256,
    fetchedAt: row.fetched_at ? new Date(row.fetched_at).toISOString() : null,
    nextAttemptAt: row.state === "pending" ? new Date(row.available_at).toISOString() : null,
  }));
}

/**
 * An officer asks for a failed file again (after DVCQG fixed it): it goes back to pending with a fresh count of
 * attempts. 404 when the dossier has no such failed file.
 */
export async function retryNationalFile(
  db: Kysely<Database>,
  input: { dossierId: string; transferId: string; now: Date },
): Promise<void> {
  const updated = await db
    .updateTable("national_file_transfers")
    .set({ state: "pending", attempts: 0, available_at: input.now, locked_until: null, lease_token: null })
    .where("id", "=", input.transferId)
    .where("dossier_id", "=", input.dossierId)
    .where("state", "=", "failed")
    .returning("id")
    .executeTakeFirst();
  if (!updated)
    throw new NotFoundError({
      vi: "Không có tệp tải lỗi này trong hồ sơ",
      en: "The dossier has no such failed file",
    });
}

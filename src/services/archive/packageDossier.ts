import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { disposeAfter } from "../../domain/archive/retention.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { type BagFile, buildBag, tarBag } from "./bagTar.ts";
import { retentionOf } from "./retentionSettings.ts";

type Db = Kysely<Database> | Transaction<Database>;

const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => utf8(`${JSON.stringify(value, null, 2)}\n`);

/** A file name safe in every archive tool: no separators or control characters, diacritics kept (UTF-8). */
function safeName(name: string): string {
  return (
    [...name]
      .map((character) => (character < " " || '\\/:*?"<>|'.includes(character) ? "_" : character))
      .join("")
      .slice(0, 150) || "tep"
  );
}

export interface PackageRow {
  id: string;
  dossierId: string;
  dossierCode: string;
  sha256: string;
  sizeBytes: number;
  payloadFiles: number;
  storageKey: string;
  disposeAfter: Date | null;
}

/**
 * A closed dossier becomes its archival package (R-ARC-1, R-ARC-2: applicant's submission + processing documents +
 * result + metadata): a BagIt bag with data/dossier.json (the record), data/events.json (the whole event log),
 * data/files/ (every file, bytes as stored), data/signatures/ (the result's signed JWS, the system's seal), and the
 * checksum manifests. The tar goes to the file store; the row keeps its checksum and the retention end. Packaging
 * twice returns the first package: a package is never rewritten.
 */
export async function packageDossier(
  db: Db,
  storage: FileStorage,
  input: { dossierId: string; now: Date },
): Promise<PackageRow> {
  const existing = await db
    .selectFrom("archive_packages")
    .selectAll()
    .where("dossier_id", "=", input.dossierId)
    .executeTakeFirst();
  if (existing) return rowOf(existing);
  const dossier = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("agencies as a", "a.id", "d.deciding_agency_id")
    .selectAll("d")
    .select([
      "p.code as procedure_code",
      "p.name as procedure_name",
      "a.code as agency_code",
      "a.name as agency_name",
    ])
    .where("d.id", "=", input.dossierId)
    .executeTakeFirst();
  if (!dossier) throw new NotFoundError({ vi: "Không tìm thấy hồ sơ", en: "No such dossier" });
  if (dossier.closed_at === null)
    throw new ConflictError("DOSSIER_NOT_CLOSED", {
      vi: "Hồ sơ chưa kết thúc, chưa thể lập hồ sơ lưu trữ",
      en: "The dossier is not closed yet and cannot be archived",
    });
  const [events, files, results] = await Promise.all([
    db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", dossier.id)
      .orderBy("sequence")
      .execute(),
    db
      .selectFrom("dossier_files as f")
      .leftJoin("procedure_components as c", "c.id", "f.component_id")
      .leftJoin("data_store_reuses as r", "r.dossier_file_id", "f.id")
      .selectAll("f")
      .select(["c.code as component_code", "c.name as component_name", "r.document_id as reused_document_id"])
      .where("f.dossier_id", "=", dossier.id)
      .orderBy("f.uploaded_at")
      .orderBy("f.id")
      .execute(),
    db
      .selectFrom("issued_results")
      .select(["verification_code", "file_id", "file_sha256", "kid", "jws", "issued_at"])
      .where("dossier_id", "=", dossier.id)
      .execute(),
  ]);
  const payload: BagFile[] = [];
  const fileRecords = [];
  for (const [index, file] of files.entries()) {
    const content = await storage.get(file.storage_key);
    if (!content)
      throw new ConflictError("FILE_MISSING", {
        vi: `Thiếu nội dung tệp "${file.file_name}" trong kho tệp, không thể lập hồ sơ lưu trữ`,
        en: `The bytes of "${file.file_name}" are missing from the file store; the dossier cannot be archived`,
      });
    const path = `data/files/${String(index + 1).padStart(3, "0")}-${safeName(file.file_name)}`;
    payload.push({ path, content });
    fileRecords.push({
      path,
      id: file.id,
      purpose: file.purpose,
      componentCode: file.component_code,
      componentName: file.component_name,
      fileName: file.file_name,
      mediaType: file.media_type,
      sizeBytes: file.size_bytes,
      sha256: file.sha256,
      digitized: file.digitized,
      reusedFromDataStore: file.reused_document_id,
      uploadedAt: file.uploaded_at,
    });
  }
  for (const result of results)
    payload.push({
      path: `data/signatures/${result.verification_code}.jws`,
      content: utf8(`${result.jws}\n`),
    });
  const { state: _state, form_data, ...record } = dossier;
  payload.unshift(
    {
      path: "data/dossier.json",
      content: json({
        record: { ...record, form_data },
        procedure: { code: dossier.procedure_code, name: dossier.procedure_name },
        decidingAgency: { code: dossier.agency_code, name: dossier.agency_name },
        files: fileRecords,
        results: results.map((result) => ({
          verificationCode: result.verification_code,
          fileId: result.file_id,
          sha256: result.file_sha256,
          kid: result.kid,
          issuedAt: result.issued_at,
        })),
      }),
    },
    { path: "data/events.json", content: json(events) },
  );
  const bagName = dossier.code.replace(/[^A-Za-z0-9._-]/g, "_");
  const bag = buildBag(payload, {
    sourceOrganization: dossier.agency_name,
    externalIdentifier: dossier.code,
    externalDescription: `Hồ sơ ${dossier.code}: ${dossier.procedure_name}`,
    baggingDate: input.now.toISOString().slice(0, 10),
    software: "OneStop",
  });
  const tarred = await tarBag(bagName, bag, input.now);
  const stored = await storage.put(tarred);
  const years = await retentionOf(db, dossier.procedure_id);
  const closedAt = new Date(dossier.closed_at);
  const inserted = await db
    .insertInto("archive_packages")
    .values({
      dossier_id: dossier.id,
      dossier_code: dossier.code,
      agency_id: dossier.deciding_agency_id,
      procedure_id: dossier.procedure_id,
      closed_at: closedAt,
      storage_key: stored.key,
      sha256: stored.sha256,
      size_bytes: stored.size,
      payload_files: payload.length,
      retention_years: years,
      dispose_after: disposeAfter(closedAt, years),
      created_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowOf(inserted);
}

function rowOf(row: {
  id: string;
  dossier_id: string;
  dossier_code: string;
  sha256: string;
  size_bytes: number;
  payload_files: number;
  storage_key: string;
  dispose_after: Date | null;
}): PackageRow {
  return {
    id: row.id,
    dossierId: row.dossier_id,
    dossierCode: row.dossier_code,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    payloadFiles: row.payload_files,
    storageKey: row.storage_key,
    disposeAfter: row.dispose_after === null ? null : new Date(row.dispose_after),
  };
}

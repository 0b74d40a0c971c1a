import type { Kysely } from "kysely";
import type { MessagingPhotoStatus } from "../../db/messagingTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import type { Actor } from "../accounts/actor.ts";
import { receiveSupplement } from "../dossiers/counter/receiveSupplement.ts";
import { assertCanSee, authorizeAs } from "../dossiers/dossierAccess.ts";
import { type DossierRecord, findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { openStoredFile, type StoredFileStream } from "../files/storedFileStream.ts";
import type { FileLimits } from "../files/storeUpload.ts";

/** A photo of a paper a follower sent for a dossier on the messaging channel (issue #18), as the officer sees it. */
export interface MessagingPhotoView {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  receivedAt: string;
  status: MessagingPhotoStatus;
  decidedAt: string | null;
  decidedBy: string | null;
  rejectReason: string | null;
}

async function visibleDossier(db: Kysely<Database>, actor: Actor, dossierId: string): Promise<DossierRecord> {
  const record = await findDossier(db, dossierId);
  if (!record) throw dossierNotFound();
  assertCanSee(actor, record.row);
  return record;
}

/** The photos received for a dossier, newest first; officers who see the dossier see them (404 otherwise). */
export async function listMessagingPhotos(
  db: Kysely<Database>,
  input: { actor: Actor; dossierId: string },
): Promise<MessagingPhotoView[]> {
  await visibleDossier(db, input.actor, input.dossierId);
  const rows = await db
    .selectFrom("messaging_photos as p")
    .leftJoin("users as u", "u.id", "p.decided_by")
    .select([
      "p.id",
      "p.file_name",
      "p.media_type",
      "p.size_bytes",
      "p.received_at",
      "p.status",
      "p.decided_at",
      "u.full_name as decided_by_name",
      "p.reject_reason",
    ])
    .where("p.dossier_id", "=", input.dossierId)
    .orderBy("p.received_at", "desc")
    .orderBy("p.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    receivedAt: row.received_at.toISOString(),
    status: row.status,
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    decidedBy: row.decided_by_name,
    rejectReason: row.reject_reason,
  }));
}

const noSuchPhoto = () => new NotFoundError({ vi: "Không tìm thấy ảnh", en: "No such photo" });

/**
 * One photo of the dossier (for the officer to look at), opened as a stream from the store, never read whole (issue
 * #21 item 5); 404 for another dossier's photo and for one whose bytes are gone.
 */
export async function readMessagingPhoto(
  db: Kysely<Database>,
  storage: FileStorage,
  input: { actor: Actor; dossierId: string; photoId: string },
): Promise<{ content: StoredFileStream; mediaType: string; fileName: string }> {
  await visibleDossier(db, input.actor, input.dossierId);
  const row = await db
    .selectFrom("messaging_photos")
    .select(["storage_key", "media_type", "file_name"])
    .where("id", "=", input.photoId)
    .where("dossier_id", "=", input.dossierId)
    .executeTakeFirst();
  if (!row) throw noSuchPhoto();
  const content = await openStoredFile(storage, row.storage_key, noSuchPhoto);
  return { content, mediaType: row.media_type, fileName: row.file_name };
}

const notPending = () =>
  new ConflictError("PHOTO_ALREADY_DECIDED", {
    vi: "Ảnh đã được xử lý trước đó",
    en: "The photo was already decided",
  });

/**
 * The counter accepts photos as the supplement asked for (R-SUPP-1): each becomes one of the officer's uploads and
 * is attached by the counter's own "supplement received" command, so the dossier's state, its event, its files and
 * the photos' decision are written in one transaction — the processing time restarts (R-SUPP-3), and the applicant
 * and the followers are told by the dispatcher as for any supplement received. Outcomes: the dossier; 400 no photo
 * named / a photo not of this dossier; 409 a photo already decided, STALE_DOSSIER, no supplement awaited; 404 / 403
 * as for every counter command; 413 over the dossier's size limit.
 */
export async function acceptMessagingPhotos(
  db: Kysely<Database>,
  input: {
    actor: Actor;
    dossierId: string;
    photoIds: readonly string[];
    componentPosition?: number | undefined;
    expectedVersion?: number | undefined;
    now: Date;
    limits: FileLimits;
  },
): Promise<DossierRecord> {
  const ids = [...new Set(input.photoIds)];
  if (ids.length === 0)
    throw new ValidationError([
      { field: "photoIds", message: { vi: "Chọn ít nhất một ảnh", en: "Choose at least one photo" } },
    ]);
  return inTransaction(db, async (trx) => {
    const record = await findDossier(trx, input.dossierId);
    if (!record) throw dossierNotFound();
    authorizeAs(input.actor, "counter_officer")(record.row);
    const photos = await trx
      .selectFrom("messaging_photos")
      .selectAll()
      .where("id", "in", ids)
      .where("dossier_id", "=", input.dossierId)
      .forUpdate()
      .execute();
    if (photos.length !== ids.length)
      throw new ValidationError(
        ids
          .map((id, index) => ({ id, index }))
          .filter(({ id }) => !photos.some((photo) => photo.id === id))
          .map(({ index }) => ({
            field: `photoIds.${index}`,
            message: { vi: "Không tìm thấy ảnh của hồ sơ này", en: "No such photo of this dossier" },
          })),
      );
    if (photos.some((photo) => photo.status !== "pending")) throw notPending();
    const uploads = [];
    for (const photo of photos) {
      const upload = await trx
        .insertInto("uploads")
        .values({
          owner_user_id: input.actor.userId,
          storage_key: photo.storage_key,
          sha256: photo.sha256,
          file_name: photo.file_name,
          media_type: photo.media_type,
          size_bytes: photo.size_bytes,
          created_at: photo.received_at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      uploads.push({ photo, uploadId: upload.id });
    }
    const updated = await receiveSupplement(trx, {
      actor: input.actor,
      dossierId: input.dossierId,
      expectedVersion: input.expectedVersion,
      now: input.now,
      limits: input.limits,
      // Photos the applicant took, not scans the counter made (R-RECV-7 is not claimed for them).
      files: uploads.map(({ uploadId }) => ({
        uploadId,
        componentPosition: input.componentPosition,
        digitized: false,
      })),
    });
    const files = await trx
      .selectFrom("dossier_files")
      .select(["id", "sha256"])
      .where("dossier_id", "=", input.dossierId)
      .where("event_sequence", "=", updated.row.version)
      .where("purpose", "=", "supplement")
      .execute();
    for (const { photo } of uploads)
      await trx
        .updateTable("messaging_photos")
        .set({
          status: "accepted",
          decided_by: input.actor.userId,
          decided_at: input.now,
          dossier_file_id: files.find((file) => file.sha256 === photo.sha256)?.id ?? null,
        })
        .where("id", "=", photo.id)
        .execute();
    return updated;
  });
}

/**
 * The counter rejects one photo (unreadable, not the paper asked for), with the reason, which the follower who sent
 * it is told on the channel; the dossier itself does not change. Outcomes: 400 a blank reason; 404 no such photo /
 * dossier; 403 without the counter role; 409 already decided.
 */
export async function rejectMessagingPhoto(
  db: Kysely<Database>,
  input: { actor: Actor; dossierId: string; photoId: string; reason: string; now: Date },
): Promise<MessagingPhotoView> {
  const reason = input.reason.trim();
  if (reason.length === 0)
    throw new ValidationError([
      { field: "reason", message: { vi: "Không được để trống", en: "Must not be empty" } },
    ]);
  return inTransaction(db, async (trx) => {
    const record = await findDossier(trx, input.dossierId);
    if (!record) throw dossierNotFound();
    authorizeAs(input.actor, "counter_officer")(record.row);
    const photo = await trx
      .selectFrom("messaging_photos")
      .selectAll()
      .where("id", "=", input.photoId)
      .where("dossier_id", "=", input.dossierId)
      .forUpdate()
      .executeTakeFirst();
    if (!photo) throw noSuchPhoto();
    if (photo.status !== "pending") throw notPending();
    await trx
      .updateTable("messaging_photos")
      .set({
        status: "rejected",
        decided_by: input.actor.userId,
        decided_at: input.now,
        reject_reason: reason,
      })
      .where("id", "=", photo.id)
      .execute();
    const follow = await trx
      .selectFrom("messaging_followers")
      .select("language")
      .where("follower_id", "=", photo.follower_id)
      .where("dossier_id", "=", input.dossierId)
      .executeTakeFirst();
    const language = follow?.language ?? "vi";
    await trx
      .insertInto("notifications")
      .values({
        idempotency_key: `zalo-photo-rejected-${photo.id}`,
        kind: "messagingPhotoRejected",
        channel: "zalo",
        dossier_id: input.dossierId,
        agency_id: record.row.agency_id,
        address: photo.follower_id,
        language,
        body:
          language === "en"
            ? `The photo you sent for dossier ${record.row.code} was not accepted: ${reason}. Please send it again.`
            : `Ảnh giấy tờ bạn gửi cho hồ sơ ${record.row.code} chưa được chấp nhận: ${reason}. Vui lòng gửi lại.`,
        status: "pending",
        available_at: input.now,
        created_at: input.now,
      })
      .execute();
    return {
      id: photo.id,
      fileName: photo.file_name,
      mediaType: photo.media_type,
      sizeBytes: photo.size_bytes,
      receivedAt: photo.received_at.toISOString(),
      status: "rejected" as const,
      decidedAt: input.now.toISOString(),
      decidedBy: input.actor.fullName,
      rejectReason: reason,
    };
  });
}

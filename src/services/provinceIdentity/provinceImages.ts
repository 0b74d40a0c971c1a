import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileTypeFromBuffer, fileTypeFromStream } from "file-type";
import type { Kysely } from "kysely";
import { packageRoot } from "../../config.ts";
import type { ProvinceImageKind, ProvinceImageType } from "../../db/registerTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import type { Actor } from "../accounts/actor.ts";
import { adminScopeOf, requireSystemAdmin } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { PayloadTooLargeError, UnsupportedMediaTypeError } from "../errors.ts";
import { type FileCheck, receiveFile } from "../files/receiveFile.ts";
import type { StoredFileStream } from "../files/storedFileStream.ts";

/** The province's images: the logo (portal header, printed forms) and the banner (portal header). */
export const PROVINCE_IMAGE_KINDS: readonly ProvinceImageKind[] = ["logo", "banner"];

/** Largest accepted file per image: a logo is small, a banner a wide strip. */
export const PROVINCE_IMAGE_MAX_BYTES: Record<ProvinceImageKind, number> = {
  logo: 512 * 1024,
  banner: 2 * 1024 * 1024,
};

/** The demo province's default logo: a simple emblem drawn for the fictional province (data/identity/logo.svg). */
export const DEFAULT_LOGO_FILE = join(packageRoot, "data", "identity", "logo.svg");

const KIND_TEXT: Record<ProvinceImageKind, { vi: string; en: string }> = {
  logo: { vi: "biểu trưng (logo)", en: "logo" },
  banner: { vi: "ảnh băng rôn (banner)", en: "banner" },
};

export interface ProvinceImage {
  kind: ProvinceImageKind;
  mediaType: ProvinceImageType;
  content: Uint8Array;
  sha256: string | null;
  /** False for the demo province's default logo. */
  custom: boolean;
  updatedAt: Date | null;
}

export interface ProvinceImageInfo {
  kind: ProvinceImageKind;
  mediaType: ProvinceImageType;
  custom: boolean;
  /** Changes with the image, so the portal can cache it under a versioned address. */
  version: string;
  updatedAt: string | null;
}

let defaultLogo: Uint8Array | undefined;
function defaultLogoBytes(): Uint8Array {
  defaultLogo ??= new Uint8Array(readFileSync(DEFAULT_LOGO_FILE));
  return defaultLogo;
}

/**
 * An SVG is accepted only as a picture: an `<svg>` root and nothing that runs or loads something (scripts, event
 * handlers, foreign objects, external references), so the image is safe wherever it is shown or printed.
 */
function isSafeSvg(content: Uint8Array): boolean {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(content);
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (!/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return false;
  if (!/<\/svg>\s*$/i.test(text.trimEnd())) return false;
  return !/<script|<foreignObject|<iframe|<!ENTITY|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["'](?!#|data:image\/(png|jpeg);)/i.test(
    text,
  );
}

/** The image's type from its content (PNG, JPEG by signature; SVG by its markup), or undefined. */
export async function sniffProvinceImageType(content: Uint8Array): Promise<ProvinceImageType | undefined> {
  const detected = await fileTypeFromBuffer(content);
  if (detected?.mime === "image/png" || detected?.mime === "image/jpeg") return detected.mime;
  // An SVG is text: file-type names it XML (with an `<?xml` prolog), SVG, or nothing; its markup decides.
  const textual = !detected || detected.mime === "application/xml" || detected.mime === "image/svg+xml";
  if (textual && isSafeSvg(content)) return "image/svg+xml";
  return undefined;
}

/**
 * The early check on an image's first bytes (issue #21): false when they rule it out. A PNG or JPEG shows in its
 * signature; anything file-type does not recognise, or names XML or SVG, may still be an SVG, decided on the whole.
 */
export async function provinceImageHeadMayBeAccepted(head: Uint8Array): Promise<boolean> {
  const detected = await fileTypeFromBuffer(head);
  return !detected || ["image/png", "image/jpeg", "application/xml", "image/svg+xml"].includes(detected.mime);
}

/**
 * {@link sniffProvinceImageType} on a received copy (issue #21): a PNG or JPEG is recognised from the stream's first
 * bytes; only a possible SVG is read whole, since whether it is only a picture (its `<svg>` root, its closing tag,
 * no script or link anywhere) is decided on its whole text. That copy is bounded by the kind's limit (512 KB for a
 * logo, 2 MB for a banner), enforced while it streamed, so no more than the limit is ever held in memory.
 */
export async function sniffProvinceImageTypeOfStream(
  read: () => Readable,
): Promise<ProvinceImageType | undefined> {
  const head = read();
  let detected: Awaited<ReturnType<typeof fileTypeFromStream>>;
  try {
    detected = await fileTypeFromStream(head);
  } finally {
    head.destroy();
  }
  if (detected?.mime === "image/png" || detected?.mime === "image/jpeg") return detected.mime;
  const textual = !detected || detected.mime === "application/xml" || detected.mime === "image/svg+xml";
  if (!textual) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of read()) chunks.push(chunk as Uint8Array);
  return isSafeSvg(Buffer.concat(chunks)) ? "image/svg+xml" : undefined;
}

/** The province's image of that kind: the uploaded one, else the default logo; undefined for a banner never set. */
export async function findProvinceImage(
  db: Kysely<Database>,
  storage: FileStorage,
  kind: ProvinceImageKind,
): Promise<ProvinceImage | undefined> {
  const row = await db
    .selectFrom("province_identity_images")
    .selectAll()
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (row) {
    const content = await storage.get(row.storage_key);
    if (content)
      return {
        kind,
        mediaType: row.media_type,
        content,
        sha256: row.sha256,
        custom: true,
        updatedAt: row.updated_at,
      };
  }
  if (kind !== "logo") return undefined;
  return {
    kind,
    mediaType: "image/svg+xml",
    content: defaultLogoBytes(),
    sha256: null,
    custom: false,
    updatedAt: null,
  };
}

/**
 * The province's image of that kind for the portal to show, opened as a stream from the store, never read whole
 * (issue #21 item 5): the uploaded one, else the default logo (from memory); undefined for a banner never set. As
 * {@link findProvinceImage}, an uploaded image whose bytes are gone falls back the same way.
 */
export async function openProvinceImage(
  db: Kysely<Database>,
  storage: FileStorage,
  kind: ProvinceImageKind,
): Promise<{ mediaType: ProvinceImageType; content: StoredFileStream } | undefined> {
  const row = await db
    .selectFrom("province_identity_images")
    .select(["storage_key", "media_type"])
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (row) {
    const content = await storage.getStream(row.storage_key);
    if (content) return { mediaType: row.media_type, content };
  }
  if (kind !== "logo") return undefined;
  const bytes = defaultLogoBytes();
  return {
    mediaType: "image/svg+xml",
    content: { body: Readable.from([Buffer.from(bytes)]), size: bytes.byteLength },
  };
}

/** What the portal needs to show the identity: each image's type and version (the bytes are fetched by address). */
export async function provinceIdentity(
  db: Kysely<Database>,
): Promise<{ logo: ProvinceImageInfo; banner: ProvinceImageInfo | null }> {
  const rows = await db.selectFrom("province_identity_images").selectAll().execute();
  const info = (kind: ProvinceImageKind): ProvinceImageInfo | null => {
    const row = rows.find((candidate) => candidate.kind === kind);
    if (row)
      return {
        kind,
        mediaType: row.media_type,
        custom: true,
        version: row.sha256.slice(0, 16),
        updatedAt: row.updated_at.toISOString(),
      };
    return kind === "logo"
      ? { kind, mediaType: "image/svg+xml", custom: false, version: "default", updatedAt: null }
      : null;
  };
  return { logo: info("logo")!, banner: info("banner") };
}

export interface SetProvinceImageInput {
  actor: Actor;
  kind: ProvinceImageKind;
  fileName: string;
  /** The bytes, or a stream of them (the upload route's multipart part: never held whole in memory, issue #21). */
  content: Uint8Array | AsyncIterable<Uint8Array>;
  now: Date;
}

/** The check of a province image (R-DIG-2 style: by content, never by name), its refusals in the kind's words. */
function provinceImageCheck(kind: ProvinceImageKind): FileCheck<ProvinceImageType> {
  const unsupported = () =>
    new UnsupportedMediaTypeError({
      vi: "Chỉ nhận ảnh PNG, JPEG hoặc SVG (không chứa mã lệnh hay liên kết ngoài)",
      en: "Only PNG, JPEG or SVG images are accepted (no scripts or external links)",
    });
  return {
    head: provinceImageHeadMayBeAccepted,
    whole: sniffProvinceImageTypeOfStream,
    unsupported,
    // An empty file is no image: refused as a type (415), as before streaming.
    empty: unsupported,
    tooLarge: (limit) => {
      const kb = Math.round(limit / 1024);
      return new PayloadTooLargeError({
        vi: `Tệp ${KIND_TEXT[kind].vi} quá lớn, tối đa ${kb} KB`,
        en: `The ${KIND_TEXT[kind].en} file is too large, at most ${kb} KB`,
      });
    },
  };
}

/**
 * Sets the province's logo or banner (issue #19 "The province's identity"): the system administrator's, since it is
 * province-wide. The type is recognised from the content (PNG, JPEG, or an SVG that is only a picture), never from
 * the name; the size is bounded per kind. The content takes the path of every received file (`receiveFile`, issue
 * #21 item 5): checked on its first bytes, counted and hashed while it streams to a temporary file, its type decided
 * on that copy, durable in the file store; then the record and its audit entry go to the database in one transaction.
 *
 * Outcomes: the new info; 403 SYSTEM_ADMIN_ONLY (an agency administrator); 415 UNSUPPORTED_MEDIA_TYPE (not a PNG,
 * JPEG or picture-only SVG); 413 PAYLOAD_TOO_LARGE (above the kind's limit).
 */
export async function setProvinceImage(
  db: Kysely<Database>,
  storage: FileStorage,
  input: SetProvinceImageInput,
): Promise<ProvinceImageInfo> {
  requireSystemAdmin(adminScopeOf(input.actor));
  const { stored: put, mediaType } = await receiveFile(storage, input.content, {
    maxBytes: PROVINCE_IMAGE_MAX_BYTES[input.kind],
    check: provinceImageCheck(input.kind),
  });
  const fileName = input.fileName.slice(0, 200) || `${input.kind}`;
  await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom("province_identity_images")
      .select(["sha256", "media_type", "file_name"])
      .where("kind", "=", input.kind)
      .executeTakeFirst();
    const values = {
      storage_key: put.key,
      sha256: put.sha256,
      media_type: mediaType,
      size_bytes: put.size,
      file_name: fileName,
      updated_at: input.now,
      updated_by: input.actor.userId,
    };
    await trx
      .insertInto("province_identity_images")
      .values({ kind: input.kind, ...values })
      .onConflict((oc) => oc.column("kind").doUpdateSet(values))
      .execute();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: null,
      action: "provinceIdentity.update",
      entity: "province_identity",
      entityId: input.kind,
      summary: `Cập nhật ${KIND_TEXT[input.kind].vi} của tỉnh`,
      before: before ?? null,
      after: { sha256: put.sha256, media_type: mediaType, file_name: fileName },
    });
  });
  return {
    kind: input.kind,
    mediaType,
    custom: true,
    version: put.sha256.slice(0, 16),
    updatedAt: input.now.toISOString(),
  };
}

/**
 * Removes the uploaded image: the logo goes back to the demo province's default, the banner disappears.
 * Outcomes: done (also when nothing was set); 403 SYSTEM_ADMIN_ONLY.
 */
export async function resetProvinceImage(
  db: Kysely<Database>,
  input: { actor: Actor; kind: ProvinceImageKind; now: Date },
): Promise<void> {
  requireSystemAdmin(adminScopeOf(input.actor));
  await inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom("province_identity_images")
      .where("kind", "=", input.kind)
      .returning(["sha256", "media_type", "file_name"])
      .executeTakeFirst();
    if (!removed) return;
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: null,
      action: "provinceIdentity.reset",
      entity: "province_identity",
      entityId: input.kind,
      summary: `Bỏ ${KIND_TEXT[input.kind].vi} đã tải lên, dùng mặc định`,
      before: removed,
      after: null,
    });
  });
}

/** The logo as printed forms draw it (PNG/JPEG bytes, or SVG markup), or null if it cannot be read. */
export interface PrintLogo {
  kind: "raster" | "svg";
  data: Uint8Array;
}

export async function printLogo(db: Kysely<Database>, storage: FileStorage): Promise<PrintLogo | null> {
  const logo = await findProvinceImage(db, storage, "logo");
  if (!logo) return null;
  return { kind: logo.mediaType === "image/svg+xml" ? "svg" : "raster", data: logo.content };
}

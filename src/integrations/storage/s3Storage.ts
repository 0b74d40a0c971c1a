import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { type FileStorage, FileStoreUnavailableError } from "./fileStorage.ts";
import { spoolToFile } from "./spoolToFile.ts";

/** FILES_S3_* (issue #21): where the S3-compatible file store is and how to sign in to it. */
export interface S3StorageSettings {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, Ceph, a provider's); unset = AWS's own endpoint for the region. */
  endpoint: string | undefined;
  /** Unset = the SDK's usual chain (AWS_* variables, an instance role). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** `http://host/bucket/key` rather than `http://bucket.host/key`: what most self-hosted servers need. */
  forcePathStyle: boolean;
  /** Folder for the temporary copy of a streamed upload while it is hashed (default: the system's temp folder). */
  spoolDir?: string;
}

const KEY = /^[0-9a-f]{64}$/;
const PUT_ATTEMPTS = 3;

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** A missing object (GET's NoSuchKey, HEAD's bare 404), not a missing bucket: that one is a misconfiguration. */
function isMissing(error: unknown): boolean {
  const name = (error as Error)?.name;
  return name === "NoSuchKey" || name === "NotFound" || (statusOf(error) === 404 && name !== "NoSuchBucket");
}

/** Worth another attempt: the server's 5xx or throttling, a broken connection, a body damaged on the way. */
function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  const name = (error as Error)?.name;
  return (
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    name === "SlowDown" ||
    name === "RequestTimeout" ||
    name === "BadDigest"
  );
}

/**
 * The S3-compatible file store (issue #21): the same content-addressed layout as the filesystem store (`ab/cd/<sha256>`
 * in the bucket, so `aws s3 sync FILES_DIR s3://bucket` moves a filesystem store over as it is).
 *
 * - Uploads stream: `putStream` hashes and counts the bytes into a temporary file (flushed, never the whole file in
 *   memory), checks it, then sends it with its length and its SHA-256 (`x-amz-checksum-sha256`, which S3 verifies
 *   before it acknowledges) to its key, unless that key already holds it. The temporary file is always removed.
 * - Downloads stream: `getStream` hands on the response body with its length.
 * - Durability: a PUT resolves only once the server answered 200, i.e. stored the object; the caller commits the row
 *   that references the key after that (issue #20 order). A failed PUT is retried twice, then throws
 *   {@link FileStoreUnavailableError}, and the caller's transaction never starts.
 */
export function s3Storage(settings: S3StorageSettings): FileStorage {
  const base: S3ClientConfig = {
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where S3 demands them: several S3-compatible servers refuse the SDK's aws-chunked trailers. Our
    // own SHA-256 header is sent on every PUT all the same.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
  };
  const client = new S3Client(base);
  // PUTs retry here, each attempt with a fresh body: the SDK's own retry cannot rewind a stream it has sent.
  // Its one-attempt warning ("non-retryable streaming request") is ours to handle: failures surface as errors.
  const quiet = () => {};
  const writer = new S3Client({
    ...base,
    maxAttempts: 1,
    logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const Bucket = settings.bucket;
  const objectKey = (key: string) => {
    if (!KEY.test(key)) throw new RangeError(`not a storage key: ${key}`);
    return `${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  };

  const has = async (key: string) => {
    const Key = objectKey(key);
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw new FileStoreUnavailableError("check a file", error);
    }
  };

  const putObject = async (key: string, size: number, body: () => Uint8Array | Readable) => {
    const checksum = Buffer.from(key, "hex").toString("base64");
    for (let attempt = 1; ; attempt++) {
      try {
        await writer.send(
          new PutObjectCommand({
            Bucket,
            Key: objectKey(key),
            Body: body(),
            ContentLength: size,
            ContentType: "application/octet-stream",
            ChecksumSHA256: checksum,
          }),
        );
        return;
      } catch (error) {
        if (attempt >= PUT_ATTEMPTS || !isTransient(error))
          throw new FileStoreUnavailableError("store a file", error);
        await sleep(200 * 4 ** (attempt - 1));
      }
    }
  };

  return {
    async put(content) {
      const sha256 = createHash("sha256").update(content).digest("hex");
      if (!(await has(sha256))) await putObject(sha256, content.byteLength, () => content);
      return { key: sha256, sha256, size: content.byteLength };
    },
    async putStream(source, options) {
      const temporary = join(
        settings.spoolDir ?? tmpdir(),
        `onestop-s3-${randomBytes(8).toString("hex")}.tmp`,
      );
      try {
        const { sha256, size } = await spoolToFile(source, temporary, options.maxBytes);
        const stored = { key: sha256, sha256, size };
        await options.verify?.(() => createReadStream(temporary), stored);
        if (!(await has(sha256))) await putObject(sha256, size, () => createReadStream(temporary));
        return stored;
      } finally {
        await rm(temporary, { force: true });
      }
    },
    async get(key) {
      const Key = objectKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket, Key }));
        return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw new FileStoreUnavailableError("read a file", error);
      }
    },
    async getStream(key) {
      const Key = objectKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket, Key }));
        return { body: response.Body as Readable, size: response.ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw new FileStoreUnavailableError("read a file", error);
      }
    },
    has,
    async *keys() {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          const match = /^[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(object.Key ?? "");
          if (match?.[1] && objectKey(match[1]) === object.Key) yield match[1];
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async probe() {
      // Readiness (issue #20): a small object written and removed, so a wrong bucket, key or a full server shows.
      const Key = `.ready/${randomBytes(8).toString("hex")}`;
      await client.send(new PutObjectCommand({ Bucket, Key, Body: randomBytes(64) }));
      await client.send(new DeleteObjectCommand({ Bucket, Key }));
    },
    close() {
      client.destroy();
      writer.destroy();
    },
  };
}

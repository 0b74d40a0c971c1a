import type { Config } from "../../config.ts";
import type { FileStorage } from "./fileStorage.ts";
import { filesystemStorage } from "./filesystemStorage.ts";
import { s3Storage } from "./s3Storage.ts";

/**
 * The file store the configuration names (issue #21): the S3-compatible one when FILES_S3_BUCKET is set, otherwise
 * the filesystem store under FILES_DIR (the default). Used by `serve`, the CLI's jobs and `backup`.
 */
export function openFileStorage(config: Pick<Config, "filesDir" | "filesS3">): FileStorage {
  return config.filesS3 ? s3Storage(config.filesS3) : filesystemStorage(config.filesDir);
}

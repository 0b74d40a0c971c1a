import type { ColumnType } from "kysely";

/** Kysely types of the Sổ theo dõi hồ sơ and the province's identity (migration 0035, issue #19). */

/** Per receiving agency and province-local year: the book and the last entry number given (R-FORM-6). */
export interface RegisterCountersTable {
  agency_id: string;
  year: number;
  book: ColumnType<number, number | undefined, number>;
  last_number: number;
}

/** One entry of the register per received dossier. */
export interface RegisterEntriesTable {
  dossier_id: string;
  agency_id: string;
  year: number;
  book: number;
  number: number;
  entered_at: Date;
}

export type ProvinceImageKind = "logo" | "banner";
export type ProvinceImageType = "image/png" | "image/jpeg" | "image/svg+xml";

/** The logo and banner an administrator uploaded (bytes in the file store, by sha256). */
export interface ProvinceIdentityImagesTable {
  kind: ProvinceImageKind;
  storage_key: string;
  sha256: string;
  media_type: ProvinceImageType;
  size_bytes: number;
  file_name: string;
  updated_at: Date;
  updated_by: string | null;
}

export interface RegisterTables {
  register_counters: RegisterCountersTable;
  register_entries: RegisterEntriesTable;
  province_identity_images: ProvinceIdentityImagesTable;
}

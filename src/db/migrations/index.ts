import type { Migration, MigrationProvider } from "kysely";
import * as catalog from "./0001_catalog.ts";
import * as accounts from "./0002_accounts.ts";
import * as dossiers from "./0003_dossiers.ts";
import * as deadlineWatch from "./0004_deadline_watch.ts";
import * as lookupIndexes from "./0005_lookup_indexes.ts";
import * as internalDocuments from "./0006_internal_documents.ts";
import * as resultVerification from "./0007_result_verification.ts";

/**
 * Migrations in order, listed statically so the same list runs from source, from a build and from tests
 * without scanning folders. Never edit a migration that has shipped: add the next one.
 */
const migrations: Record<string, Migration> = {
  "0001_catalog": catalog,
  "0002_accounts": accounts,
  "0003_dossiers": dossiers,
  "0004_deadline_watch": deadlineWatch,
  "0005_lookup_indexes": lookupIndexes,
  "0006_internal_documents": internalDocuments,
  "0007_result_verification": resultVerification,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

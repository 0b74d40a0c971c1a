import type { Migration, MigrationProvider } from "kysely";
import * as catalog from "./0001_catalog.ts";

/**
 * Migrations in order, listed statically so the same list runs from source, from a build and from tests
 * without scanning folders. Never edit a migration that has shipped: add the next one.
 */
const migrations: Record<string, Migration> = {
  "0001_catalog": catalog,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

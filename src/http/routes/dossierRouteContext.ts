import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import type { FileLimits } from "../../services/files/storeUpload.ts";

/** What every dossier route plugin receives (src/http/app.ts builds it once). */
export interface DossierRouteContext {
  db: Kysely<Database>;
  storage: FileStorage;
  /** The acting clock handed to the use cases; tests pass their own. */
  clock: () => Date;
  limits: FileLimits;
}

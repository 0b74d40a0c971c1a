import type { ColumnType } from "kysely";
import type { TimeLimitKind } from "../domain/catalog/timeLimit.ts";

/** Issue #12 §3, §5 (migration 0015_same_day_and_reception): columns added to existing tables. */

/** Where a dossier was received when not at the office (R-RECV-5); null: at the office's counter. */
export type ReceptionPlace = "mobile" | "on_site";

/** procedures: the time-limit kind beside the duration (R-CAL-6, R-RECV-4); null: a plain duration. */
export interface ProcedureTimeLimitKindColumn {
  time_limit_kind: ColumnType<TimeLimitKind | null, TimeLimitKind | null | undefined, TimeLimitKind | null>;
}

/** dossiers: the kind it was received under, and where it was received. */
export interface DossierReceptionColumns {
  legal_time_kind: ColumnType<TimeLimitKind | null, TimeLimitKind | null | undefined, TimeLimitKind | null>;
  reception_place: ColumnType<
    ReceptionPlace | null,
    ReceptionPlace | null | undefined,
    ReceptionPlace | null
  >;
}

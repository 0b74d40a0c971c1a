import type { ColumnType } from "kysely";
import type { WorkflowDefinition } from "../domain/workflow/definition.ts";

/** Kysely types of the workflow tables (migration 0011_workflows). */

type Json<T> = ColumnType<T, string, string>;

export interface WorkflowVersionsTable {
  id: ColumnType<string, string | undefined, never>;
  offering_id: string;
  version: number;
  definition: Json<WorkflowDefinition>;
  published_at: Date;
  published_by: string | null;
}

export interface WorkflowDraftsTable {
  offering_id: string;
  definition: Json<WorkflowDefinition>;
  updated_at: Date;
  updated_by: string | null;
}

export interface WorkflowTimerFiringsTable {
  task_id: string;
  timer_key: string;
  fired_at: Date;
}

export interface WorkflowTables {
  workflow_versions: WorkflowVersionsTable;
  workflow_drafts: WorkflowDraftsTable;
  workflow_timer_firings: WorkflowTimerFiringsTable;
}

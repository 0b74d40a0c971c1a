import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { WorkflowDefinition } from "../../domain/workflow/definition.ts";
import { standardWorkflow } from "../../domain/workflow/standardWorkflow.ts";
import { validateWorkflow } from "../../domain/workflow/validate.ts";
import { ValidationError } from "../errors.ts";
import { listOfferings, loadProvinceRoles, validationContextOf } from "./workflowStore.ts";

/** A workflow of `data/workflows/<procedure code>.json`, for every offering of that procedure. */
interface WorkflowFile {
  procedureCode: string;
  description: string;
  definition: WorkflowDefinition;
}

/** Where a template names the offering's own agency (the lead of an inter-agency chain, R-PROC-4). */
const DECIDING = "{{decidingAgency}}";

export function readWorkflowFiles(directory: URL): Map<string, WorkflowFile> {
  const folder = new URL("workflows/", directory);
  const files = new Map<string, WorkflowFile>();
  if (!existsSync(folder)) return files;
  for (const name of readdirSync(folder).filter((file) => file.endsWith(".json"))) {
    const file = JSON.parse(readFileSync(new URL(name, folder), "utf8")) as WorkflowFile;
    files.set(file.procedureCode, file);
  }
  return files;
}

/**
 * Issues the seed tolerates: demo agencies without demo officers (only two agencies have staff in the demo) cannot
 * have anyone holding a step's role yet; the editor shows the same issue until the agency's accounts exist.
 */
const STAFFING_ISSUES = new Set(["ROLE_NOT_IN_AGENCY"]);

/**
 * Publishes version 1 of a workflow for every demo offering that has none (issue #6 seed): the procedure's own file
 * in `data/workflows/` (consultations, inter-agency chains) or the standard counter → unit → leader → counter process
 * sized to the legal time. Offerings that already have a version keep it, so re-seeding never overrides an
 * administrator's publication. Returns how many versions it published.
 */
export async function seedWorkflows(
  trx: Transaction<Database>,
  directory: URL,
  now: Date = new Date(),
): Promise<number> {
  const files = readWorkflowFiles(directory);
  const published = new Set(
    (await trx.selectFrom("workflow_versions").select("offering_id").distinct().execute()).map(
      (row) => row.offering_id,
    ),
  );
  const roles = await loadProvinceRoles(trx);
  const rows: {
    offering_id: string;
    version: number;
    definition: string;
    published_at: Date;
    published_by: null;
  }[] = [];
  for (const offering of await listOfferings(trx, {})) {
    if (published.has(offering.offeringId)) continue;
    const file = files.get(offering.procedure.code);
    const definition: WorkflowDefinition = file
      ? JSON.parse(JSON.stringify(file.definition).replaceAll(DECIDING, offering.agency.code))
      : standardWorkflow(offering.legalTime ?? { amount: 5, unit: "wd" });
    const issues = validateWorkflow(definition, validationContextOf(offering, roles)).filter(
      (issue) => !STAFFING_ISSUES.has(issue.code),
    );
    if (issues.length > 0)
      throw new ValidationError(
        issues.map((issue) => ({
          field: `workflows/${offering.procedure.code}@${offering.agency.code}.${issue.step ?? ""}`,
          message: issue.message,
        })),
        { vi: "Quy trình mẫu không hợp lệ", en: "A demo workflow is not valid" },
      );
    // Version 1: only offerings without any version get one here.
    rows.push({
      offering_id: offering.offeringId,
      version: 1,
      definition: JSON.stringify(definition),
      published_at: now,
      published_by: null,
    });
  }
  // One insert for all of them: the seed runs on every first start (seedIfEmpty) and must stay quick.
  if (rows.length > 0) await trx.insertInto("workflow_versions").values(rows).execute();
  return rows.length;
}

import type { Kysely } from "kysely";
import type { Database, Role } from "../../../db/schema.ts";
import { type Actor, hasRole } from "../../accounts/actor.ts";
import { assertCanSee } from "../dossierAccess.ts";
import { findDossier } from "../dossierStore.ts";
import { dossierNotFound } from "../runDossierCommand.ts";
import { findStep, loadWorkflowFor, nextStep, previousStep } from "./defaultWorkflow.ts";
import { findOpenTask, stepAgencyId } from "./workflowTasks.ts";

export interface AssigneeCandidates {
  /** The step the chosen officer will do; null when the open step hands to nobody by name. */
  step: string | null;
  role: Role | null;
  officers: { id: string; name: string; unit: { id: string; name: string } | null }[];
}

/**
 * Whom the open step may be given to by name (R-PROC-1): for an assignment (or a reassignment of the step it
 * assigned), the active officers holding the assigned step's role in its agency (a unit head: only those of their
 * own unit, as assignDossier requires); for a forward, those holding the next step's role. Read only; the commands
 * still decide. 404 for whoever may not see the dossier.
 */
export async function listAssignees(
  db: Kysely<Database>,
  input: { dossierId: string; actor: Actor },
): Promise<AssigneeCandidates> {
  const record = await findDossier(db, input.dossierId);
  if (!record) throw dossierNotFound();
  assertCanSee(input.actor, record.row);
  const none: AssigneeCandidates = { step: null, role: null, officers: [] };
  const task = record.row.status === 4 ? await findOpenTask(db, record.row.id) : undefined;
  const workflow = await loadWorkflowFor(db, record.row);
  // A transferred dossier whose first task is not open yet is awaiting its first step.
  const step = task ? findStep(workflow, task.step) : record.row.status === 4 ? workflow.steps[0] : undefined;
  if (!step) return none;
  let target = undefined as ReturnType<typeof nextStep>;
  if (step.handover === "assign" || step.handover === "forward") target = nextStep(workflow, step.step);
  else if (previousStep(workflow, step.step)?.handover === "assign") target = step;
  if (!target) return none;
  const agencyId = stepAgencyId(target, record.row);
  const rows = await db
    .selectFrom("role_grants as g")
    .innerJoin("users as u", "u.id", "g.user_id")
    .leftJoin("units as n", "n.id", "g.unit_id")
    .select(["u.id", "u.full_name", "g.unit_id", "n.name as unit_name"])
    .where("g.role", "=", target.role)
    .where("g.agency_id", "=", agencyId)
    .where("u.is_active", "=", true)
    .orderBy("u.full_name")
    .execute();
  // A unit head hands work only within their own unit; a leader across the agency (assignDossier).
  const headOnly =
    (step.handover === "assign" || target === step) &&
    hasRole(input.actor, ["unit_head"], { agencyId }) &&
    !hasRole(input.actor, ["agency_leader"], { agencyId });
  const seen = new Set<string>();
  const officers: AssigneeCandidates["officers"] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    if (headOnly && !hasRole(input.actor, ["unit_head"], { agencyId, unitId: row.unit_id })) continue;
    seen.add(row.id);
    officers.push({
      id: row.id,
      name: row.full_name,
      unit: row.unit_id ? { id: row.unit_id, name: row.unit_name ?? "" } : null,
    });
  }
  return { step: target.step, role: target.role as Role, officers };
}

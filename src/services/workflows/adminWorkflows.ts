import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type {
  SimulationResult,
  ValidationIssue,
  WorkflowDefinition,
} from "../../domain/workflow/definition.ts";
import { simulateWorkflow } from "../../domain/workflow/simulate.ts";
import { validateWorkflow } from "../../domain/workflow/validate.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { ConflictError } from "../errors.ts";
import {
  findOffering,
  insertVersion,
  latestVersion,
  listOfferings,
  listVersions,
  type OfferingSummary,
  offeringNotFound,
  type PublishedVersion,
  validationContextFor,
} from "./workflowStore.ts";

/**
 * The workflow administration of an agency (issue #6, R-CAT-4, R-FUNC-2): list offerings with their versions, edit a
 * draft, validate, simulate on the real calendar, publish a new version. An agency admin works on their own agency's
 * offerings (others' are not found); a system admin on all.
 */

export interface WorkflowDraft {
  definition: WorkflowDefinition;
  updatedAt: Date;
  updatedBy: string | null;
  issues: ValidationIssue[];
}

export interface OfferingWorkflows extends OfferingSummary {
  publishedVersion: number | null;
  versionCount: number;
  hasDraft: boolean;
}

function mayAdminister(actor: Actor, agencyId: string): boolean {
  return hasRole(actor, ["system_admin"]) || hasRole(actor, ["agency_admin"], { agencyId });
}

async function ownOffering(db: Kysely<Database>, actor: Actor, offeringId: string): Promise<OfferingSummary> {
  const offering = await findOffering(db, offeringId);
  // Another agency's offering is answered like a missing one: its existence is not the caller's business.
  if (!offering || !mayAdminister(actor, offering.agency.id)) throw offeringNotFound();
  return offering;
}

export async function listWorkflowOfferings(
  db: Kysely<Database>,
  actor: Actor,
  filter: {
    agencyId?: string | undefined;
    agencyCode?: string | undefined;
    procedureCode?: string | undefined;
  },
): Promise<OfferingWorkflows[]> {
  const offerings = (await listOfferings(db, filter)).filter((o) => mayAdminister(actor, o.agency.id));
  if (offerings.length === 0) return [];
  const ids = offerings.map((o) => o.offeringId);
  const [versions, drafts] = await Promise.all([
    db
      .selectFrom("workflow_versions")
      .select(["offering_id", (eb) => eb.fn.max("version").as("last"), (eb) => eb.fn.countAll().as("count")])
      .where("offering_id", "in", ids)
      .groupBy("offering_id")
      .execute(),
    db.selectFrom("workflow_drafts").select("offering_id").where("offering_id", "in", ids).execute(),
  ]);
  const byOffering = new Map(versions.map((row) => [row.offering_id, row]));
  const drafted = new Set(drafts.map((row) => row.offering_id));
  return offerings.map((offering) => {
    const row = byOffering.get(offering.offeringId);
    return {
      ...offering,
      publishedVersion: row ? Number(row.last) : null,
      versionCount: row ? Number(row.count) : 0,
      hasDraft: drafted.has(offering.offeringId),
    };
  });
}

async function issuesOf(
  db: Kysely<Database>,
  offering: OfferingSummary,
  definition: WorkflowDefinition,
): Promise<ValidationIssue[]> {
  return validateWorkflow(definition, await validationContextFor(db, offering));
}

async function findDraft(db: Kysely<Database>, offering: OfferingSummary): Promise<WorkflowDraft | null> {
  const row = await db
    .selectFrom("workflow_drafts")
    .selectAll()
    .where("offering_id", "=", offering.offeringId)
    .executeTakeFirst();
  if (!row) return null;
  const definition: WorkflowDefinition =
    typeof row.definition === "string" ? JSON.parse(row.definition) : row.definition;
  return {
    definition,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    issues: await issuesOf(db, offering, definition),
  };
}

export async function describeWorkflows(
  db: Kysely<Database>,
  actor: Actor,
  offeringId: string,
): Promise<{ offering: OfferingSummary; versions: PublishedVersion[]; draft: WorkflowDraft | null }> {
  const offering = await ownOffering(db, actor, offeringId);
  const [versions, draft] = await Promise.all([listVersions(db, offeringId), findDraft(db, offering)]);
  return { offering, versions, draft };
}

/** Saves the draft as it is, valid or not (an administrator saves work in progress); the issues come back with it. */
export async function saveDraft(
  db: Kysely<Database>,
  actor: Actor,
  input: { offeringId: string; definition: WorkflowDefinition; now: Date },
): Promise<WorkflowDraft> {
  const offering = await ownOffering(db, actor, input.offeringId);
  const values = {
    definition: JSON.stringify(input.definition),
    updated_at: input.now,
    updated_by: actor.userId,
  };
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto("workflow_drafts")
      .values({ offering_id: offering.offeringId, ...values })
      .onConflict((oc) => oc.column("offering_id").doUpdateSet(values))
      .execute();
    await recordAdminChange(trx, actor, input.now, {
      agencyId: offering.agency.id,
      action: "workflow.draft",
      entity: "workflow",
      entityId: offering.offeringId,
      summary: `Lưu bản nháp quy trình ${offering.procedure.code} tại ${offering.agency.code}`,
      before: null,
      after: input.definition,
    });
  });
  return {
    definition: input.definition,
    updatedAt: input.now,
    updatedBy: actor.userId,
    issues: await issuesOf(db, offering, input.definition),
  };
}

/** The definition a request is about: the one it carries, else the draft, else the version in force. */
async function subjectOf(
  db: Kysely<Database>,
  offering: OfferingSummary,
  definition: WorkflowDefinition | undefined,
): Promise<WorkflowDefinition> {
  if (definition) return definition;
  const draft = await findDraft(db, offering);
  if (draft) return draft.definition;
  const latest = await latestVersion(db, offering.offeringId);
  if (latest) return latest.definition;
  throw new ConflictError("NO_WORKFLOW_DEFINITION", {
    vi: "Thủ tục này chưa có quy trình nháp hay quy trình đã ban hành",
    en: "This offering has neither a draft nor a published workflow",
  });
}

export async function validateOfferingWorkflow(
  db: Kysely<Database>,
  actor: Actor,
  input: { offeringId: string; definition?: WorkflowDefinition | undefined },
): Promise<ValidationIssue[]> {
  const offering = await ownOffering(db, actor, input.offeringId);
  return issuesOf(db, offering, await subjectOf(db, offering, input.definition));
}

/** Each step's due instant on the offering agency's real calendar from `start` (default: now), before publishing. */
export async function simulateOfferingWorkflow(
  db: Kysely<Database>,
  actor: Actor,
  input: {
    offeringId: string;
    start?: Date | undefined;
    definition?: WorkflowDefinition | undefined;
    now: Date;
  },
): Promise<SimulationResult> {
  const offering = await ownOffering(db, actor, input.offeringId);
  const definition = await subjectOf(db, offering, input.definition);
  const calendar = await loadWorkingCalendar(db, { id: offering.agency.id });
  return simulateWorkflow(definition, calendar, input.start ?? input.now, offering.legalTime);
}

export class WorkflowInvalidError extends ConflictError {
  constructor(readonly issues: ValidationIssue[]) {
    super("WORKFLOW_INVALID", {
      vi: `Quy trình chưa hợp lệ (${issues.length} lỗi), chưa thể ban hành`,
      en: `The workflow is not valid (${issues.length} issues) and cannot be published`,
    });
  }
}

/**
 * Publishes the draft (or the given definition) as the offering's next version (R-CAT-4): refused with its issues
 * when invalid; the draft is consumed. Dossiers already started keep their version.
 */
export async function publishWorkflow(
  db: Kysely<Database>,
  actor: Actor,
  input: { offeringId: string; definition?: WorkflowDefinition | undefined; now: Date },
): Promise<PublishedVersion> {
  const offering = await ownOffering(db, actor, input.offeringId);
  const draft = input.definition ? null : await findDraft(db, offering);
  if (!input.definition && !draft)
    throw new ConflictError("NO_DRAFT", {
      vi: "Chưa có bản nháp quy trình để ban hành",
      en: "There is no draft workflow to publish",
    });
  const definition = input.definition ?? draft!.definition;
  const issues = await issuesOf(db, offering, definition);
  if (issues.length > 0) throw new WorkflowInvalidError(issues);
  return inTransaction(db, async (trx) => {
    const version = await insertVersion(trx, {
      offeringId: offering.offeringId,
      definition,
      by: actor.userId,
      now: input.now,
    });
    await trx.deleteFrom("workflow_drafts").where("offering_id", "=", offering.offeringId).execute();
    await recordAdminChange(trx, actor, input.now, {
      agencyId: offering.agency.id,
      action: "workflow.publish",
      entity: "workflow",
      entityId: version.id,
      summary: `Ban hành quy trình ${offering.procedure.code} tại ${offering.agency.code}, phiên bản ${version.version}`,
      before: null,
      after: definition,
    });
    return version;
  });
}

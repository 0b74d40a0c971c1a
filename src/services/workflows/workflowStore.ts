import type { Kysely } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import type { WorkflowDefinition } from "../../domain/workflow/definition.ts";
import type { ValidationContext } from "../../domain/workflow/validate.ts";
import { NotFoundError } from "../errors.ts";

/** One offering (procedure × agency) as the workflow admin sees it. */
export interface OfferingSummary {
  offeringId: string;
  agency: { id: string; code: string; name: string };
  procedure: { id: string; code: string; name: string };
  legalTime: { amount: number; unit: "wh" | "wd" | "d" } | null;
}

export interface PublishedVersion {
  id: string;
  offeringId: string;
  version: number;
  definition: WorkflowDefinition;
  publishedAt: Date;
  publishedBy: string | null;
}

const offeringQuery = (db: Kysely<Database>) =>
  db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select([
      "o.id as offering_id",
      "a.id as agency_id",
      "a.code as agency_code",
      "a.name as agency_name",
      "p.id as procedure_id",
      "p.code as procedure_code",
      "p.name as procedure_name",
      "o.time_limit_amount as o_amount",
      "o.time_limit_unit as o_unit",
      "p.time_limit_amount as p_amount",
      "p.time_limit_unit as p_unit",
    ]);

type OfferingRow = Awaited<ReturnType<ReturnType<typeof offeringQuery>["executeTakeFirstOrThrow"]>>;

function summaryOf(row: OfferingRow): OfferingSummary {
  // The offering's own time limit when the agency set one, the procedure's published one otherwise (R-CAT-4).
  const amount = row.o_amount ?? row.p_amount;
  const unit = row.o_amount !== null ? row.o_unit : row.p_unit;
  return {
    offeringId: row.offering_id,
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
    procedure: { id: row.procedure_id, code: row.procedure_code, name: row.procedure_name },
    legalTime: amount !== null && unit !== null ? { amount, unit } : null,
  };
}

export async function listOfferings(
  db: Kysely<Database>,
  filter: {
    agencyId?: string | undefined;
    agencyCode?: string | undefined;
    procedureCode?: string | undefined;
  },
): Promise<OfferingSummary[]> {
  const rows = await offeringQuery(db)
    .$if(filter.agencyId !== undefined, (q) => q.where("a.id", "=", filter.agencyId!))
    .$if(filter.agencyCode !== undefined, (q) => q.where("a.code", "=", filter.agencyCode!))
    .$if(filter.procedureCode !== undefined, (q) => q.where("p.code", "=", filter.procedureCode!))
    .orderBy("a.code")
    .orderBy("p.code")
    .execute();
  return rows.map(summaryOf);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findOffering(
  db: Kysely<Database>,
  offeringId: string,
): Promise<OfferingSummary | undefined> {
  if (!UUID.test(offeringId)) return undefined;
  const row = await offeringQuery(db).where("o.id", "=", offeringId).executeTakeFirst();
  return row && summaryOf(row);
}

export function offeringNotFound(): NotFoundError {
  return new NotFoundError({
    vi: "Không tìm thấy thủ tục tại cơ quan này",
    en: "No such procedure offering",
  });
}

type VersionRow = {
  id: string;
  offering_id: string;
  version: number;
  definition: WorkflowDefinition | string;
  published_at: Date;
  published_by: string | null;
};

function versionOf(row: VersionRow): PublishedVersion {
  return {
    id: row.id,
    offeringId: row.offering_id,
    version: row.version,
    definition: typeof row.definition === "string" ? JSON.parse(row.definition) : row.definition,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}

/** Published versions never change (R-CAT-4: a new version is published instead), so a process may keep them. */
const versionCache = new Map<string, PublishedVersion>();

export async function loadVersion(db: Kysely<Database>, id: string): Promise<PublishedVersion | undefined> {
  const cached = versionCache.get(id);
  if (cached) return cached;
  const row = await db.selectFrom("workflow_versions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const version = versionOf(row);
  versionCache.set(id, version);
  return version;
}

/** The version in force for new dossiers of an offering: the latest published. */
export async function latestVersion(
  db: Kysely<Database>,
  offeringId: string,
): Promise<PublishedVersion | undefined> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this offering.
  const query = compiledOnce("latestVersion", db, (db) =>
    db
      .selectFrom("workflow_versions")
      .selectAll()
      .where("offering_id", "=", slot("offeringId"))
      .orderBy("version", "desc"),
  );
  const row = (await db.executeQuery(bindSlots(query, { offeringId }))).rows[0];
  return row && versionOf(row);
}

export async function listVersions(db: Kysely<Database>, offeringId: string): Promise<PublishedVersion[]> {
  const rows = await db
    .selectFrom("workflow_versions")
    .selectAll()
    .where("offering_id", "=", offeringId)
    .orderBy("version", "desc")
    .execute();
  return rows.map(versionOf);
}

/**
 * Writes the next version of an offering's workflow. Two publications at once both read the same last number; the
 * unique (offering, version) constraint lets only one of them commit.
 */
export async function insertVersion(
  db: Kysely<Database>,
  input: { offeringId: string; definition: WorkflowDefinition; by: string | null; now: Date },
): Promise<PublishedVersion> {
  const last = await db
    .selectFrom("workflow_versions")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("offering_id", "=", input.offeringId)
    .executeTakeFirst();
  const row = await db
    .insertInto("workflow_versions")
    .values({
      offering_id: input.offeringId,
      version: Number(last?.version ?? 0) + 1,
      definition: JSON.stringify(input.definition),
      published_at: input.now,
      published_by: input.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return versionOf(row);
}

/** The roles active officers hold, by agency code: read once, shared by the validation of many offerings. */
export async function loadProvinceRoles(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const [grants, agencies] = await Promise.all([
    db
      .selectFrom("role_grants as g")
      .innerJoin("users as u", "u.id", "g.user_id")
      .innerJoin("agencies as a", "a.id", "g.agency_id")
      .select(["a.code as agency_code", "g.role"])
      .where("u.is_active", "=", true)
      .distinct()
      .execute(),
    db.selectFrom("agencies").select("code").execute(),
  ]);
  const byCode: Record<string, string[]> = {};
  for (const agency of agencies) byCode[agency.code] = [];
  for (const grant of grants) byCode[grant.agency_code]!.push(grant.role);
  return byCode;
}

/** What validation needs of the province for an offering: roles held per agency, the legal time (R-PROC-4). */
export function validationContextOf(
  offering: OfferingSummary,
  byCode: Readonly<Record<string, readonly string[]>>,
): ValidationContext {
  const own = byCode[offering.agency.code] ?? [];
  // The receiving agency is whichever counter of the province took the dossier (R-XFER-3), so a receiving step is
  // valid when someone in the province holds its role.
  const anywhere = [...new Set(Object.values(byCode).flat())];
  return {
    decidingAgencyCode: offering.agency.code,
    roles: { deciding: own, receiving: anywhere, agencies: byCode },
    legalTime: offering.legalTime,
  };
}

export async function validationContextFor(
  db: Kysely<Database>,
  offering: OfferingSummary,
): Promise<ValidationContext> {
  return validationContextOf(offering, await loadProvinceRoles(db));
}

import type { Kysely } from "kysely";
import type { AgencyLevel, Database, UnitKind, WorkingIntervalRow } from "../../db/schema.ts";

/** What the public may know of an agency: contact information and working hours (R-OPS-4; S4 Đ4.4). */
export interface AgencyNode {
  code: string;
  name: string;
  shortName: string | null;
  level: AgencyLevel;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  hotline: string | null;
  workingIntervals: WorkingIntervalRow[] | null;
  receivedAt: { code: string; name: string } | null;
  units: { code: string; name: string; kind: UnitKind }[];
  children: AgencyNode[];
}

async function loadAgencies(
  db: Kysely<Database>,
  onlyCode?: string,
): Promise<Map<string, AgencyNode & { parentCode: string | null }>> {
  let query = db
    .selectFrom("agencies as a")
    .leftJoin("agencies as parent", "parent.id", "a.parent_id")
    .leftJoin("agencies as receiver", "receiver.id", "a.received_at_agency_id")
    .select([
      "a.id",
      "a.code",
      "a.name",
      "a.short_name",
      "a.level",
      "a.address",
      "a.phone",
      "a.email",
      "a.website",
      "a.hotline",
      "a.working_intervals",
      "parent.code as parent_code",
      "receiver.code as receiver_code",
      "receiver.name as receiver_name",
    ])
    .orderBy("a.level")
    .orderBy("a.name");
  if (onlyCode) query = query.where("a.code", "=", onlyCode);
  const agencies = await query.execute();
  const units =
    agencies.length === 0
      ? []
      : await db
          .selectFrom("units")
          .select(["agency_id", "code", "name", "kind"])
          .where(
            "agency_id",
            "in",
            agencies.map((a) => a.id),
          )
          .orderBy("name")
          .execute();

  const nodes = new Map<string, AgencyNode & { parentCode: string | null }>();
  for (const agency of agencies) {
    nodes.set(agency.code, {
      code: agency.code,
      name: agency.name,
      shortName: agency.short_name,
      level: agency.level,
      address: agency.address,
      phone: agency.phone,
      email: agency.email,
      website: agency.website,
      hotline: agency.hotline,
      workingIntervals: agency.working_intervals,
      receivedAt: agency.receiver_code
        ? { code: agency.receiver_code, name: agency.receiver_name ?? "" }
        : null,
      units: units
        .filter((unit) => unit.agency_id === agency.id)
        .map((unit) => ({ code: unit.code, name: unit.name, kind: unit.kind })),
      children: [],
      parentCode: agency.parent_code,
    });
  }
  return nodes;
}

function strip(node: AgencyNode & { parentCode?: string | null }): AgencyNode {
  const { parentCode: _parentCode, ...rest } = node;
  return { ...rest, children: node.children.map(strip) };
}

/** The agencies as a tree: roots are those without a parent. */
export async function agencyTree(db: Kysely<Database>): Promise<AgencyNode[]> {
  const nodes = await loadAgencies(db);
  const roots: AgencyNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots.map(strip);
}

/** One agency with its units (no children), or undefined. */
export async function findAgency(
  db: Kysely<Database>,
  code: string,
): Promise<(AgencyNode & { parentCode: string | null }) | undefined> {
  const node = (await loadAgencies(db, code)).get(code);
  if (!node) return undefined;
  const { children: _children, ...rest } = node;
  return { ...rest, children: [] };
}

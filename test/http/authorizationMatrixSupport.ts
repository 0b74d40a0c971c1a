/**
 * What the authorization matrix test and the OpenAPI fuzz test share (issue #20): the routes of the running app from
 * its OpenAPI document, a sampler that builds a schema-valid request for a route, the sessions of every matrix role on
 * the seeded demo province, and a fingerprint of the database to prove that a refused request changed nothing.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import type { App } from "../../src/http/app.ts";
import type { FileStorage } from "../../src/integrations/storage/fileStorage.ts";
import { createTestUser } from "../support/accounts.ts";
import { loginAs, type TestSession } from "../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../support/dossierFixtures.ts";
import type { MatrixRole } from "./authorizationMatrix.ts";

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  nullable?: boolean;
  additionalProperties?: boolean | JsonSchema;
};

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiRoute {
  /** `METHOD /path/{param}` as the OpenAPI document writes it: the matrix's key. */
  key: string;
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  body?: JsonSchema;
  bodyType?: string;
}

/** Every operation of the app's OpenAPI document (`/docs/json`). */
export async function openApiRoutes(app: App): Promise<OpenApiRoute[]> {
  const response = await app.inject({ method: "GET", url: "/docs/json" });
  if (response.statusCode !== 200) throw new Error(`/docs/json answered ${response.statusCode}`);
  const document = response.json() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: OpenApiParameter[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        }
      >
    >;
  };
  const routes: OpenApiRoute[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const content = operation.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      routes.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: bodyType ? content[bodyType]?.schema : undefined,
        bodyType,
      });
    }
  }
  return routes;
}

/** Fastify's `/a/:id` written as OpenAPI's `/a/{id}` (the onRoute hook sees the former). */
export const openApiPathOf = (fastifyUrl: string) =>
  fastifyUrl.replace(/:([A-Za-z0-9_]+)(\.[a-z]+)?/g, (_, name: string, suffix = "") => `{${name}}${suffix}`);

let sampleSeed = 20;
/** One value matching a pattern, from fast-check with a fixed seed (the run is reproducible). */
function matching(pattern: string): string {
  sampleSeed += 1;
  try {
    return fc.sample(fc.stringMatching(new RegExp(pattern)), { seed: sampleSeed, numRuns: 1 })[0] ?? "";
  } catch {
    return "a";
  }
}

/** A small value that satisfies `schema` (required properties only), so a request reaches the route's own checks. */
export function sampleValid(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((part) => sampleValid(part, depth + 1));
    return Object.assign({}, ...parts.filter((part) => typeof part === "object"));
  }
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice?.length) {
    const concrete = choice.find((option) => option.type !== "null") ?? choice[0];
    return sampleValid(concrete, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? [])
        value[name] = sampleValid(schema.properties?.[name], depth + 1);
      return value;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValid(schema.items, depth + 1));
    case "integer":
    case "number":
      return schema.minimum ?? (schema.maximum !== undefined ? Math.min(1, schema.maximum) : 1);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return sampleString(schema);
  }
}

function sampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case "uuid":
      return randomUUID();
    case "date":
      return "2031-03-03";
    case "date-time":
      return "2031-03-03T02:00:00.000Z";
    case "email":
      return "kiemthu.phanquyen@example.com";
    case "uri":
    case "url":
      return "https://example.com/a";
    case "time":
      return "08:00";
  }
  let text = schema.pattern ? matching(schema.pattern) : "Kiểm thử phân quyền";
  if (schema.minLength && text.length < schema.minLength) text = text.padEnd(schema.minLength, "a");
  if (schema.maxLength !== undefined && text.length > schema.maxLength)
    text = text.slice(0, schema.maxLength);
  return text;
}

/** The matrix roles, with the demo account (or a test account made here) that plays each. */
export const roleAccounts: Record<
  Exclude<MatrixRole, "anonymous">,
  { username: string; password: string }
> = {
  citizen: { username: "congdan.demo", password: "Demo@2026!CongDan" },
  otherCitizen: { username: "kiemthu.congdan.khac", password: "KiemThu@2026!Khac" },
  organisation: { username: "doanhnghiep.demo", password: "Demo@2026!DoanhNghiep" },
  counterOfficer: { username: "motcua.trungtam", password: "Demo@2026!MotCuaTT" },
  specialist: { username: "chuyenvien.trungtam", password: "Demo@2026!ChuyenVienTT" },
  unitHead: { username: "truongphong.trungtam", password: "Demo@2026!TruongPhongTT" },
  agencyLeader: { username: "lanhdao.trungtam", password: "Demo@2026!LanhDaoTT" },
  agencyAdmin: { username: "quantri.trungtam", password: "Demo@2026!QuanTriTT" },
  counterOfficerElsewhere: { username: "motcua.sotaichinh", password: "Demo@2026!MotCuaSTC" },
  specialistElsewhere: { username: "chuyenvien.sotaichinh", password: "Demo@2026!ChuyenVienSTC" },
  unitHeadElsewhere: { username: "truongphong.sotaichinh", password: "Demo@2026!TruongPhongSTC" },
  agencyLeaderElsewhere: { username: "lanhdao.sotaichinh", password: "Demo@2026!LanhDaoSTC" },
  agencyAdminElsewhere: { username: "kiemthu.quantri.stc", password: "KiemThu@2026!QuanTriSTC" },
  monitor: { username: "giamsat.ttpvhcc", password: "Demo@2026!GiamSatHCC" },
  support: { username: "hotro.ttpvhcc", password: "Demo@2026!HoTroHCC" },
  systemAdmin: { username: "quantri.hethong", password: "Demo@2026!QuanTriHT" },
};

/** Every rate limit out of the way: the matrix sends thousands of requests from one address. */
export const matrixLimits = {
  publicRateLimitPerMinute: 1_000_000,
  loginRateLimitPerMinute: 1_000_000,
  apiRateLimitPerMinute: 1_000_000,
  uploadRateLimitPerMinute: 1_000_000,
  integrationRateLimitPerMinute: 1_000_000,
  lookupRateLimitPerMinute: 1_000_000,
};

/** The agency whose data the matrix targets (Phường Trung Tâm) and the other one (Sở Tài chính). */
export const HOME_AGENCY = "000.20.01.H99";
export const OTHER_AGENCY = "000.00.13.H99";

export interface MatrixFixtures {
  sessions: Partial<Record<MatrixRole, TestSession>>;
  /** Path parameter values by name, and by `route key|name` where one route needs its own. */
  params: Record<string, string>;
  /** The body a route gets instead of the sampled one, where the sample cannot reach the route's own checks. */
  bodies: Record<string, unknown>;
}

/**
 * Seeds what the matrix targets on the demo province: a dossier of the demo citizen at the home agency (with its
 * files, their bytes in `storage`: the app's own store, so that whoever may read a file gets it and a refusal is a
 * refusal, not a missing file), a second citizen and an administrator of the other agency, an officer account an
 * administrator may change, an organisation whose legal representative is the demo citizen (VNeID-verified) with one
 * mandate; then signs every role in once, and the citizen sends a feedback about the dossier, routed to the home agency.
 */
export async function prepareMatrix(
  app: App,
  db: Kysely<Database>,
  storage?: FileStorage,
): Promise<MatrixFixtures> {
  await createTestUser(db, { ...roleAccounts.otherCitizen, kind: "citizen", role: "citizen" });
  await createTestUser(db, {
    ...roleAccounts.agencyAdminElsewhere,
    role: "agency_admin",
    agencyCode: OTHER_AGENCY,
  });
  const target = await createTestUser(db, {
    username: "kiemthu.doituong.quantri",
    password: "KiemThu@2026!DoiTuong",
    role: "specialist",
    agencyCode: HOME_AGENCY,
    unitCode: "PVHXH",
  });
  const grant = await db
    .selectFrom("role_grants")
    .select("id")
    .where("user_id", "=", target.id)
    .executeTakeFirstOrThrow();
  const users = await demoUserIds(db);
  const citizenId = users["congdan.demo"];
  if (!citizenId) throw new Error("no demo citizen");
  const dossier = await submitBirthRegistration(db, citizenId, new Date()).catch((error: unknown) => {
    // The procedure's e-form (data/forms/1.001193.json) decides what formData must hold: fill it from its schema.
    const formPath = new URL("../../data/forms/1.001193.json", import.meta.url);
    if (!existsSync(formPath)) throw error;
    const formData = sampleValid(JSON.parse(readFileSync(formPath, "utf8")) as JsonSchema) as Record<
      string,
      unknown
    >;
    return submitBirthRegistration(db, citizenId, new Date(), { formData });
  });
  const dossierRow = await db
    .selectFrom("dossiers")
    .select(["id", "code"])
    .where("id", "=", dossier.row.id)
    .executeTakeFirstOrThrow();
  const file = await db
    .selectFrom("dossier_files")
    .select("id")
    .where("dossier_id", "=", dossierRow.id)
    .where("purpose", "!=", "internal")
    .executeTakeFirstOrThrow();
  if (storage) {
    const stored = await storage.put(new TextEncoder().encode("%PDF-1.4\n% ma tran phan quyen\n%%EOF\n"));
    await db
      .updateTable("dossier_files")
      .set({ storage_key: stored.key, size_bytes: stored.size })
      .where("dossier_id", "=", dossierRow.id)
      .execute();
  }
  const organisation = await seedOrganisation(db, citizenId, users["doanhnghiep.demo"]);
  const agency = await db
    .selectFrom("agencies")
    .select("id")
    .where("code", "=", HOME_AGENCY)
    .executeTakeFirstOrThrow();
  const unit = await db
    .selectFrom("units")
    .select("id")
    .where("agency_id", "=", agency.id)
    .executeTakeFirstOrThrow();
  const offering = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select("o.id")
    .where("o.agency_id", "=", agency.id)
    .where("p.code", "=", "1.001193")
    .executeTakeFirstOrThrow();

  const sessions: MatrixFixtures["sessions"] = {};
  for (const [role, account] of Object.entries(roleAccounts)) {
    sessions[role as MatrixRole] = await loginAs(app, account.username, account.password);
  }
  // A feedback about the dossier by its applicant: the home agency answers it, the center routes it (R-FB-*).
  const submitted = await app.inject({
    method: "POST",
    url: "/api/public/feedback",
    headers: sessions.citizen?.headers ?? {},
    payload: {
      subject: "dossier",
      dossierCode: dossierRow.code,
      title: "Hồ sơ chậm trả kết quả",
      content: "Hồ sơ của tôi đã quá hẹn mà chưa có kết quả, đề nghị cơ quan trả lời.",
      name: "Công Dân Demo",
      phone: "0912345678",
      consentPublish: false,
    },
  });
  if (submitted.statusCode !== 201) throw new Error(`feedback: ${submitted.statusCode} ${submitted.body}`);
  const feedbackId = (submitted.json() as { id: string }).id;
  const routed = await app.inject({
    method: "POST",
    url: `/api/monitoring/feedback/${feedbackId}/route`,
    headers: sessions.monitor?.headers ?? {},
    payload: { agencyCode: HOME_AGENCY, category: "procedureHandling" },
  });
  if (routed.statusCode !== 200) throw new Error(`routing the feedback: ${routed.statusCode} ${routed.body}`);
  const params: Record<string, string> = {
    mandateId: organisation.mandateId,
    "GET /api/citizen/organisations/{id}/mandates|id": organisation.id,
    "POST /api/citizen/organisations/{id}/mandates|id": organisation.id,
    "POST /api/citizen/organisations/{id}/mandates/{mandateId}/revoke|id": organisation.id,
    id: dossierRow.id,
    fileId: file.id,
    code: dossierRow.code,
    offeringId: offering.id,
    year: "2031",
    grantId: grant.id,
    format: "svg",
    form: "reception-slip",
    "GET /api/public/procedures/{code}|code": "1.001193",
    "GET /api/public/agencies/{code}|code": HOME_AGENCY,
    "PUT /api/admin/agencies/{id}|id": agency.id,
    "POST /api/admin/agencies/{id}/units|id": agency.id,
    "GET /api/admin/agencies/{id}/payment-account|id": agency.id,
    "PUT /api/admin/agencies/{id}/payment-account|id": agency.id,
    "PUT /api/admin/units/{id}|id": unit.id,
  };
  for (const route of [
    "GET /api/feedback/{id}",
    "POST /api/feedback/{id}/refuse",
    "POST /api/citizen/feedback/{id}/reaction",
    "POST /api/office/feedback/{id}/answer",
    "POST /api/office/feedback/{id}/return",
    "POST /api/monitoring/feedback/{id}/route",
    "POST /api/monitoring/feedback/{id}/faq",
  ])
    params[`${route}|id`] = feedbackId;
  for (const key of ["deactivate", "activate", "reset-password", "grants"])
    params[`POST /api/admin/users/{id}/${key}|id`] = target.id;
  params["DELETE /api/admin/users/{id}/grants/{grantId}|id"] = target.id;
  for (const route of [
    "GET /api/admin/offerings/{id}",
    "PUT /api/admin/offerings/{id}",
    "PUT /api/admin/offerings/{id}/form",
    "GET /api/admin/offerings/{id}/rule-options",
    "PUT /api/admin/offerings/{id}/rule-options",
    "GET /api/admin/offerings/{id}/fees",
    "POST /api/admin/offerings/{id}/fees",
    "PUT /api/admin/offerings/{id}/fees/{itemId}",
    "DELETE /api/admin/offerings/{id}/fees/{itemId}",
    "GET /api/admin/offerings/{id}/identity-requirement",
    "PUT /api/admin/offerings/{id}/identity-requirement",
  ])
    params[`${route}|id`] = offering.id;
  const bodies: Record<string, unknown> = {
    // Acting for oneself is always a valid choice: the citizen's own request reaches the route.
    "PUT /api/citizen/organisations/acting-for": { organisationId: null },
    // A rating needs one criterion (R-EVAL-1); the sample's empty `points` would stop everyone at the schema.
    "POST /api/citizen/dossiers/{id}/rating": { points: { "1": 2 } },
    // A role of the home agency for the target officer: its administrator gives it, the other agency's may not
    // (province roles are the system administrator's: grantRules, tested for every pair in its own test).
    "POST /api/admin/users/{id}/grants": { role: "unit_head", agencyId: agency.id, unitId: null },
  };
  return { sessions, params, bodies };
}

/** An organisation whose legal representative is the (VNeID-verified) citizen, with one mandate to another person. */
async function seedOrganisation(db: Kysely<Database>, citizenId: string, accountUserId: string | undefined) {
  if (!accountUserId) throw new Error("no demo organisation account");
  const now = new Date();
  const citizen = await db
    .selectFrom("users")
    .select(["identification_number", "full_name"])
    .where("id", "=", citizenId)
    .executeTakeFirstOrThrow();
  const idNumber = citizen.identification_number ?? "099090001234";
  await db
    .updateTable("users")
    .set({ identification_number: idNumber })
    .where("id", "=", citizenId)
    .execute();
  await db
    .insertInto("vneid_identities")
    .values({
      user_id: citizenId,
      issuer: "https://vneid.example",
      subject: `matrix-${citizenId}`,
      assurance_level: 2,
      verified_at: now,
      last_login_at: now,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const organisation = await db
    .insertInto("organisations")
    .values({
      tax_code: "0109988776",
      name: "Công ty Kiểm thử Phân quyền",
      address: null,
      account_user_id: accountUserId,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("organisation_representatives")
    .values({
      organisation_id: organisation.id,
      id_number: idNumber,
      full_name: citizen.full_name,
      recorded_at: now,
      ended_at: null,
    })
    .execute();
  const mandate = await db
    .insertInto("organisation_mandates")
    .values({
      organisation_id: organisation.id,
      holder_id_number: "099090009999",
      holder_name: "Người Được Ủy Quyền",
      valid_from: "2026-01-01",
      valid_until: "2036-01-01",
      scope_kind: "all",
      procedure_codes: "[]",
      granted_by_user_id: citizenId,
      granted_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: organisation.id, mandateId: mandate.id };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Percent-encoding that also carries lone surrogates (as their 3-byte forms a hostile client can send). */
export function encodeHostile(value: string): string {
  return value
    .split(LONE_SURROGATE)
    .map((part) => encodeURIComponent(part))
    .join("%ED%A0%80");
}

/** The URL of `route` with its path parameters filled and its required query parameters sampled. */
export function urlFor(route: OpenApiRoute, params: Record<string, string>): string {
  let path = route.path;
  const query = new URLSearchParams();
  for (const parameter of route.parameters) {
    const explicit = params[`${route.key}|${parameter.name}`];
    const generic =
      // Only routes about a dossier take the dossier's id and file; others get a well-formed value of their own.
      parameter.name === "id" && !route.path.includes("/dossiers/{id}") ? undefined : params[parameter.name];
    const value = explicit ?? generic ?? String(sampleValid(parameter.schema ?? { type: "string" }) ?? "");
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, encodeHostile(value));
    else if (parameter.in === "query" && parameter.required) query.set(parameter.name, value);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A fingerprint of every table's rows: count and the newest row version (`xmin` changes on insert and update), so a
 * refused request that wrote anything shows. Tables that record the refusal itself (sessions touched, security and
 * audit events, throttles, rate limits) are left out.
 */
export const fingerprintIgnored = new Set([
  "sessions",
  "security_events",
  "admin_audit",
  "login_throttle",
  "kysely_migration",
  "kysely_migration_lock",
  "health_probe",
]);

export async function databaseFingerprint(db: Kysely<Database>): Promise<Map<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const names = tables.rows.map((row) => row.table_name).filter((name) => !fingerprintIgnored.has(name));
  const union = names
    .map(
      (name) =>
        `select '${name}' as t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as f from "${name}"`,
    )
    .join(" union all ");
  const result = await sql<{ t: string; f: string }>`${sql.raw(union)}`.execute(db);
  return new Map(result.rows.map((row) => [row.t, row.f]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name));
}

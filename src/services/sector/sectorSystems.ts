import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { SectorSystemKind } from "../../db/sectorTables.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireSystemAdmin } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { openSecret, sealSecret } from "../mfa/secretSeal.ts";
import type { FieldError } from "../validation/messages.ts";

/**
 * The sector systems registered by the system administrator (issue #18, R-STATUS-4): who may report dossiers, with
 * which key, for which procedures and agencies. The API key is stored only as its sha256 and the HMAC secret sealed
 * at rest (under MFA_ENCRYPTION_KEY, the key of every secret OneStop must be able to read back); both are shown once,
 * in the answer to the registration.
 */

export const SECTOR_SYSTEM_KINDS: readonly SectorSystemKind[] = [
  "civil_status",
  "land",
  "business_registration",
  "other",
];

export interface RegisterSectorSystemInput {
  actor: Actor;
  scope: AdminScope;
  now: Date;
  sealKey: string | undefined;
  code: string;
  name: string;
  kind: SectorSystemKind;
  procedureCodes: string[];
  agencyCodes: string[];
}

export interface RegisteredSectorSystem {
  id: string;
  code: string;
  /** Shown once: only its sha256 is kept. */
  apiKey: string;
  /** Shown once: kept sealed. */
  hmacSecret: string;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

const field = (name: string, vi: string, en: string): FieldError => ({ field: name, message: { vi, en } });

export async function registerSectorSystem(
  db: Kysely<Database>,
  input: RegisterSectorSystemInput,
): Promise<RegisteredSectorSystem> {
  requireSystemAdmin(input.scope);
  const procedureCodes = [...new Set(input.procedureCodes)];
  const agencyCodes = [...new Set(input.agencyCodes)];
  return inTransaction(db, async (trx) => {
    const errors: FieldError[] = [];
    const procedures = procedureCodes.length
      ? await trx.selectFrom("procedures").select("code").where("code", "in", procedureCodes).execute()
      : [];
    const unknownProcedures = procedureCodes.filter((code) => !procedures.some((p) => p.code === code));
    if (unknownProcedures.length > 0)
      errors.push(
        field(
          "procedureCodes",
          `Không có thủ tục mã ${unknownProcedures.join(", ")}`,
          `No procedure with code ${unknownProcedures.join(", ")}`,
        ),
      );
    const agencies = agencyCodes.length
      ? await trx.selectFrom("agencies").select(["id", "code"]).where("code", "in", agencyCodes).execute()
      : [];
    const unknownAgencies = agencyCodes.filter((code) => !agencies.some((a) => a.code === code));
    if (unknownAgencies.length > 0)
      errors.push(
        field(
          "agencyCodes",
          `Không có cơ quan mã ${unknownAgencies.join(", ")}`,
          `No agency with code ${unknownAgencies.join(", ")}`,
        ),
      );
    if (errors.length > 0) throw new ValidationError(errors);
    const taken = await trx
      .selectFrom("sector_systems")
      .select("id")
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (taken)
      throw new ConflictError("SECTOR_SYSTEM_CODE_TAKEN", {
        vi: `Mã hệ thống ${input.code} đã được đăng ký`,
        en: `System code ${input.code} is already registered`,
      });
    const apiKey = `sk_${input.code}_${randomBytes(24).toString("base64url")}`;
    const hmacSecret = randomBytes(32).toString("base64url");
    const row = await trx
      .insertInto("sector_systems")
      .values({
        code: input.code,
        name: input.name,
        kind: input.kind,
        api_key_sha256: sha256Hex(apiKey),
        api_key_hint: apiKey.slice(-4),
        hmac_secret_sealed: sealSecret(hmacSecret, input.sealKey),
        procedure_codes: JSON.stringify(procedureCodes),
        agency_ids: JSON.stringify(agencies.map((agency) => agency.id)),
        created_at: input.now,
        created_by: input.actor.userId,
      })
      .returning(["id", "code"])
      .executeTakeFirstOrThrow();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: null,
      action: "create",
      entity: "sector_system",
      entityId: row.id,
      summary: `Đăng ký hệ thống chuyên ngành ${input.code}`,
      before: null,
      after: { code: input.code, name: input.name, kind: input.kind, procedureCodes, agencyCodes },
    });
    return { id: row.id, code: row.code, apiKey, hmacSecret };
  });
}

export async function setSectorSystemEnabled(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; now: Date; id: string; enabled: boolean },
): Promise<void> {
  requireSystemAdmin(input.scope);
  await inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable("sector_systems")
      .set({ enabled: input.enabled, disabled_at: input.enabled ? null : input.now })
      .where("id", "=", input.id)
      .returning(["id", "code"])
      .executeTakeFirst();
    if (!row)
      throw new NotFoundError({ vi: "Không tìm thấy hệ thống chuyên ngành", en: "No such sector system" });
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: null,
      action: input.enabled ? "enable" : "disable",
      entity: "sector_system",
      entityId: row.id,
      summary: `${input.enabled ? "Bật" : "Tắt"} hệ thống chuyên ngành ${row.code}`,
      before: { enabled: !input.enabled },
      after: { enabled: input.enabled },
    });
  });
}

export interface SectorCall {
  receivedAt: string;
  reportId: string | null;
  dossierCode: string | null;
  httpStatus: number;
  outcome: string;
}

export interface SectorSystemView {
  id: string;
  code: string;
  name: string;
  kind: SectorSystemKind;
  apiKeyHint: string;
  procedureCodes: string[];
  agencies: { id: string; code: string; name: string }[];
  enabled: boolean;
  createdAt: string;
  lastCallAt: string | null;
  dossierCount: number;
  lastCalls: SectorCall[];
}

/** The registered systems with their last calls (newest first), for the admin console. */
export async function listSectorSystems(
  db: Kysely<Database>,
  input: { scope: AdminScope; callsPerSystem?: number },
): Promise<SectorSystemView[]> {
  requireSystemAdmin(input.scope);
  const systems = await db.selectFrom("sector_systems").selectAll().orderBy("code").execute();
  if (systems.length === 0) return [];
  const agencyIds = [...new Set(systems.flatMap((system) => system.agency_ids))];
  const agencies = agencyIds.length
    ? await db.selectFrom("agencies").select(["id", "code", "name"]).where("id", "in", agencyIds).execute()
    : [];
  const counts = await db
    .selectFrom("dossiers")
    .select(["sector_system_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("sector_system_id", "is not", null)
    .groupBy("sector_system_id")
    .execute();
  const views: SectorSystemView[] = [];
  for (const system of systems) {
    const calls = await db
      .selectFrom("sector_reports")
      .select(["received_at", "report_id", "dossier_code", "http_status", "outcome_code"])
      .where("system_id", "=", system.id)
      .orderBy("received_at", "desc")
      .limit(input.callsPerSystem ?? 10)
      .execute();
    views.push({
      id: system.id,
      code: system.code,
      name: system.name,
      kind: system.kind,
      apiKeyHint: system.api_key_hint,
      procedureCodes: system.procedure_codes,
      agencies: system.agency_ids
        .map((id) => agencies.find((agency) => agency.id === id))
        .filter((agency) => agency !== undefined),
      enabled: system.enabled,
      createdAt: system.created_at.toISOString(),
      lastCallAt: system.last_call_at?.toISOString() ?? null,
      dossierCount: Number(counts.find((count) => count.sector_system_id === system.id)?.n ?? 0),
      lastCalls: calls.map((call) => ({
        receivedAt: call.received_at.toISOString(),
        reportId: call.report_id,
        dossierCode: call.dossier_code,
        httpStatus: call.http_status,
        outcome: call.outcome_code,
      })),
    });
  }
  return views;
}

export interface AuthenticatedSectorSystem {
  id: string;
  code: string;
  name: string;
  procedureCodes: string[];
  agencyIds: string[];
  hmacSecret: string;
}

/**
 * The enabled system holding this API key, with its HMAC secret opened; undefined for an unknown or disabled key.
 * The key is compared by its sha256 (a lookup on a unique index: no timing on the key itself).
 */
export async function findSectorSystemByKey(
  db: Kysely<Database>,
  apiKey: string,
  sealKey: string | undefined,
): Promise<AuthenticatedSectorSystem | undefined> {
  const row = await db
    .selectFrom("sector_systems")
    .selectAll()
    .where("api_key_sha256", "=", sha256Hex(apiKey))
    .where("enabled", "=", true)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    procedureCodes: row.procedure_codes,
    agencyIds: row.agency_ids,
    hmacSecret: openSecret(row.hmac_secret_sealed, sealKey),
  };
}

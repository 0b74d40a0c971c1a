import type { Kysely, Transaction } from "kysely";
import type { Database, Role } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { INVALID_PHONE_MESSAGE, normalizePhone } from "../../domain/contact/phone.ts";
import type { Actor } from "../accounts/actor.ts";
import { checkPasswordPolicy } from "../accounts/passwordPolicy.ts";
import { hashPassword } from "../accounts/passwords.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { type AdminScope, inScope } from "./adminScope.ts";
import { recordAdminChange } from "./auditLog.ts";
import { granterOf, grantRules, mayGrant, provinceScopeRoles } from "./grantRules.ts";

/** Roles an agency administrator may grant within their agency (R-ACC-2): the grant rules' table (grantRules.ts). */
export const agencyGrantableRoles: readonly Role[] = grantRules.agency_admin;

export interface AdminGrant {
  id: string;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  unitId: string | null;
  unitName: string | null;
}

export interface AdminUser {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
  grants: AdminGrant[];
}

export interface GrantInput {
  role: Role;
  agencyId: string | null;
  unitId?: string | null | undefined;
}

const unknownUser = { vi: "Không tìm thấy tài khoản", en: "No such account" };

async function grantsOf(
  db: Kysely<Database>,
  userIds: string[],
): Promise<(AdminGrant & { userId: string })[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom("role_grants as g")
    .leftJoin("agencies as a", "a.id", "g.agency_id")
    .leftJoin("units as u", "u.id", "g.unit_id")
    .select([
      "g.id",
      "g.user_id as userId",
      "g.role",
      "g.agency_id as agencyId",
      "a.name as agencyName",
      "g.unit_id as unitId",
      "u.name as unitName",
    ])
    .where("g.user_id", "in", userIds)
    .orderBy("a.name")
    .orderBy("g.role")
    .execute();
}

/**
 * Officer accounts the administrator manages: the system administrator sees every officer; an agency administrator
 * the officers holding a role in their agencies, with only those grants.
 */
export async function listAdminUsers(
  db: Kysely<Database>,
  scope: AdminScope,
  filter: { agencyId?: string | undefined; q?: string | undefined } = {},
): Promise<AdminUser[]> {
  if (!scope.all && scope.agencyIds.length === 0) return [];
  let query = db
    .selectFrom("users as u")
    .select([
      "u.id",
      "u.username",
      "u.full_name",
      "u.email",
      "u.phone",
      "u.is_active",
      "u.must_change_password",
    ])
    .where("u.kind", "=", "officer")
    .orderBy("u.username");
  const agencies = filter.agencyId ? [filter.agencyId] : scope.all ? undefined : scope.agencyIds;
  if (filter.agencyId && !inScope(scope, filter.agencyId)) return [];
  if (agencies)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("role_grants as g")
          .select("g.id")
          .whereRef("g.user_id", "=", "u.id")
          .where("g.agency_id", "in", agencies),
      ),
    );
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["u.username"]), "like", like),
        eb(eb.fn("lower", ["u.full_name"]), "like", like),
      ]),
    );
  }
  const users = await query.limit(500).execute();
  const grants = await grantsOf(
    db,
    users.map((u) => u.id),
  );
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    email: u.email,
    phone: u.phone,
    isActive: u.is_active,
    mustChangePassword: u.must_change_password,
    grants: grants
      .filter((g) => g.userId === u.id && (scope.all || inScope(scope, g.agencyId)))
      .map(({ userId: _userId, ...grant }) => grant),
  }));
}

/** Loads an officer the administrator may manage; 404 otherwise. `wholly`: every grant must be in scope. */
async function managedUser(trx: Transaction<Database>, scope: AdminScope, userId: string, wholly: boolean) {
  const user = await trx
    .selectFrom("users")
    .select(["id", "username", "full_name", "email", "phone", "is_active", "must_change_password", "kind"])
    .where("id", "=", userId)
    .where("kind", "=", "officer")
    .executeTakeFirst();
  if (!user) throw new NotFoundError(unknownUser);
  const grants = await grantsOf(trx, [userId]);
  if (scope.all) return { user, grants };
  if (!grants.some((g) => inScope(scope, g.agencyId))) throw new NotFoundError(unknownUser);
  // R-ACC-2: accounts are issued and revoked by the system owner; an agency administrator acts on an account only
  // when it works nowhere else.
  if (wholly && grants.some((g) => !inScope(scope, g.agencyId)))
    throw new ForbiddenError(
      {
        vi: "Tài khoản này có vai trò ở cơ quan khác; chỉ quản trị hệ thống được thực hiện thao tác này",
        en: "This account holds roles in other agencies; only the system administrator may do this",
      },
      "ACCOUNT_SHARED",
    );
  return { user, grants };
}

/** Checks a grant the administrator wants to give: the role, the agency in scope, the unit inside the agency. */
async function checkGrant(trx: Transaction<Database>, scope: AdminScope, grant: GrantInput, field: string) {
  const errors: FieldError[] = [];
  if (grant.role === "citizen" || grant.role === "organisation_representative")
    errors.push({
      field: `${field}.role`,
      message: {
        vi: "Không cấp vai trò công dân cho cán bộ",
        en: "Applicant roles are not granted to officers",
      },
    });
  const applicantRole = grant.role === "citizen" || grant.role === "organisation_representative";
  if (!applicantRole && !mayGrant(granterOf(scope), grant.role))
    // Issue #20: province-wide roles (the service-center monitor, the system administrator) are the system
    // administrator's to give; an agency administrator cannot give them, not even to themselves.
    throw new ForbiddenError(
      provinceScopeRoles.includes(grant.role)
        ? {
            vi: "Chỉ quản trị hệ thống được cấp vai trò có phạm vi toàn tỉnh",
            en: "Only the system administrator grants province-wide roles",
          }
        : { vi: "Bạn không được cấp vai trò này", en: "You may not grant this role" },
      "SYSTEM_ADMIN_ONLY",
    );
  if (grant.role === "system_admin") {
    if (grant.agencyId || grant.unitId)
      errors.push({
        field: `${field}.agencyId`,
        message: {
          vi: "Vai trò quản trị hệ thống không gắn với cơ quan",
          en: "The system administrator role has no agency",
        },
      });
  } else if (!grant.agencyId) {
    errors.push({
      field: `${field}.agencyId`,
      message: { vi: "Vai trò phải gắn với một cơ quan", en: "The role must be granted in an agency" },
    });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  if (grant.agencyId) {
    if (!inScope(scope, grant.agencyId))
      throw new NotFoundError({ vi: "Không tìm thấy cơ quan", en: "No such agency" });
    const agency = await trx
      .selectFrom("agencies")
      .select("id")
      .where("id", "=", grant.agencyId)
      .executeTakeFirst();
    if (!agency) throw new NotFoundError({ vi: "Không tìm thấy cơ quan", en: "No such agency" });
    if (grant.unitId) {
      const unit = await trx
        .selectFrom("units")
        .select("id")
        .where("id", "=", grant.unitId)
        .where("agency_id", "=", grant.agencyId)
        .executeTakeFirst();
      if (!unit)
        throw new ValidationError([
          {
            field: `${field}.unitId`,
            message: { vi: "Đơn vị không thuộc cơ quan đã chọn", en: "The unit is not in the chosen agency" },
          },
        ]);
    }
  }
}

async function insertGrant(
  trx: Transaction<Database>,
  actor: Actor,
  userId: string,
  grant: GrantInput,
  now: Date,
) {
  const existing = await trx
    .selectFrom("role_grants")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "=", grant.role)
    .where((eb) => (grant.agencyId ? eb("agency_id", "=", grant.agencyId) : eb("agency_id", "is", null)))
    .where((eb) => (grant.unitId ? eb("unit_id", "=", grant.unitId) : eb("unit_id", "is", null)))
    .executeTakeFirst();
  if (existing)
    throw new ConflictError("GRANT_EXISTS", {
      vi: "Tài khoản đã có vai trò này",
      en: "The account already holds this role",
    });
  return trx
    .insertInto("role_grants")
    .values({
      user_id: userId,
      role: grant.role,
      agency_id: grant.agencyId,
      unit_id: grant.unitId ?? null,
      granted_at: now,
      granted_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export interface NewUserInput {
  username: string;
  fullName: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  /** A temporary password, changed at the first login (R-ACC-2). */
  password: string;
  grants: GrantInput[];
}

/**
 * Creates an officer account with a temporary password (argon2id) that must be changed at the first login
 * (R-ACC-2), and its roles. An agency administrator must grant at least one role in their agency.
 */
export async function createOfficer(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  input: NewUserInput,
  now: Date,
): Promise<{ id: string }> {
  const username = input.username.trim().toLowerCase();
  const errors: FieldError[] = [];
  if (!/^[a-z0-9][a-z0-9._-]{2,59}$/.test(username))
    errors.push({
      field: "username",
      message: {
        vi: "Tên đăng nhập gồm 3–60 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang",
        en: "The username has 3–60 characters: lower-case ASCII letters, digits, dot, underscore, hyphen",
      },
    });
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim()))
    errors.push({
      field: "email",
      message: { vi: "Địa chỉ thư điện tử không hợp lệ", en: "The e-mail address is not valid" },
    });
  // Issue #12 §7: the account's number in the national form, like every other number typed in.
  const phone = input.phone?.trim() ? normalizePhone(input.phone) : undefined;
  if (input.phone?.trim() && !phone) errors.push({ field: "phone", message: { ...INVALID_PHONE_MESSAGE } });
  errors.push(...checkPasswordPolicy(input.password, username, "password"));
  if (!scope.all && input.grants.length === 0)
    errors.push({
      field: "grants",
      message: {
        vi: "Cần cấp ít nhất một vai trò trong cơ quan",
        en: "Grant at least one role in your agency",
      },
    });
  if (errors.length > 0) throw new ValidationError(errors);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    for (const [index, grant] of input.grants.entries())
      await checkGrant(trx, scope, grant, `grants.${index}`);
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["username"]), "=", username))
      .executeTakeFirst();
    if (taken)
      throw new ConflictError("USERNAME_TAKEN", {
        vi: `Tên đăng nhập ${username} đã được dùng`,
        en: `The username ${username} is taken`,
      });
    const values = {
      username,
      kind: "officer" as const,
      full_name: input.fullName.trim(),
      email: input.email?.trim() || null,
      phone: phone ?? null,
      password_hash: passwordHash,
      must_change_password: true,
      is_active: true,
      created_at: now,
      updated_at: now,
    };
    const { id } = await trx.insertInto("users").values(values).returning("id").executeTakeFirstOrThrow();
    for (const grant of input.grants) await insertGrant(trx, actor, id, grant, now);
    await recordAdminChange(trx, actor, now, {
      agencyId: input.grants.find((g) => g.agencyId)?.agencyId ?? null,
      action: "user.create",
      entity: "user",
      entityId: id,
      summary: username,
      before: null,
      // The password (even hashed) never goes to the audit.
      after: {
        username,
        full_name: values.full_name,
        email: values.email,
        phone: values.phone,
        grants: input.grants,
      },
    });
    return { id };
  });
}

/** Deactivates or reactivates an account; deactivation ends its sessions at once. */
export async function setUserActive(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  userId: string,
  active: boolean,
  now: Date,
): Promise<void> {
  if (userId === actor.userId && !active)
    throw new ConflictError("SELF_DEACTIVATION", {
      vi: "Không thể tự khóa tài khoản của mình",
      en: "You cannot deactivate your own account",
    });
  await inTransaction(db, async (trx) => {
    const { user, grants } = await managedUser(trx, scope, userId, true);
    await trx
      .updateTable("users")
      .set({ is_active: active, updated_at: now })
      .where("id", "=", userId)
      .execute();
    if (!active) await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: grants.find((g) => g.agencyId && inScope(scope, g.agencyId))?.agencyId ?? null,
      action: active ? "user.activate" : "user.deactivate",
      entity: "user",
      entityId: userId,
      summary: user.username,
      before: { is_active: user.is_active },
      after: { is_active: active },
    });
  });
}

/**
 * Sets a new temporary password: the account's sessions end and the next login must change it (R-ACC-2). The lock
 * after failed logins is lifted too, since the administrator has just identified the officer.
 */
export async function resetPassword(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  userId: string,
  password: string,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { user, grants } = await managedUser(trx, scope, userId, true);
    const errors = checkPasswordPolicy(password, user.username, "password");
    if (errors.length > 0) throw new ValidationError(errors);
    await trx
      .updateTable("users")
      .set({
        password_hash: await hashPassword(password),
        must_change_password: true,
        failed_login_count: 0,
        locked_until: null,
        updated_at: now,
      })
      .where("id", "=", userId)
      .execute();
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: grants.find((g) => g.agencyId && inScope(scope, g.agencyId))?.agencyId ?? null,
      action: "user.resetPassword",
      entity: "user",
      entityId: userId,
      summary: user.username,
      before: { must_change_password: user.must_change_password },
      after: { must_change_password: true },
    });
  });
}

/** Grants a role in an agency (or one of its units) the administrator administers. */
export async function grantRole(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  userId: string,
  grant: GrantInput,
  now: Date,
): Promise<{ id: string }> {
  return inTransaction(db, async (trx) => {
    const { user } = await managedUser(trx, scope, userId, false);
    await checkGrant(trx, scope, grant, "grant");
    const { id } = await insertGrant(trx, actor, userId, grant, now);
    await recordAdminChange(trx, actor, now, {
      agencyId: grant.agencyId,
      action: "grant.create",
      entity: "user",
      entityId: userId,
      summary: `${user.username}: ${grant.role}`,
      before: null,
      after: { id, ...grant, unitId: grant.unitId ?? null },
    });
    return { id };
  });
}

/** Revokes one grant; an administrator cannot revoke their own administrator grant (the agency would lose it). */
export async function revokeRole(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  userId: string,
  grantId: string,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { user, grants } = await managedUser(trx, scope, userId, false);
    const grant = grants.find((g) => g.id === grantId);
    if (!grant || !inScope(scope, grant.agencyId))
      throw new NotFoundError({ vi: "Không tìm thấy vai trò", en: "No such role grant" });
    if (userId === actor.userId && (grant.role === "agency_admin" || grant.role === "system_admin"))
      throw new ConflictError("SELF_REVOCATION", {
        vi: "Không thể tự thu hồi quyền quản trị của mình",
        en: "You cannot revoke your own administrator role",
      });
    await trx.deleteFrom("role_grants").where("id", "=", grantId).execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: grant.agencyId,
      action: "grant.revoke",
      entity: "user",
      entityId: userId,
      summary: `${user.username}: ${grant.role}`,
      before: { id: grant.id, role: grant.role, agencyId: grant.agencyId, unitId: grant.unitId },
      after: null,
    });
  });
}

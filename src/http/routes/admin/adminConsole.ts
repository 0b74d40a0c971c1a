import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { type AdminScope, adminScopeOf } from "../../../services/admin/adminScope.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { adminAgencyRoutes } from "./agencies.ts";
import { adminAuditRoutes } from "./audit.ts";
import { adminCalendarRoutes } from "./calendar.ts";
import { adminOfferingRoutes } from "./offerings.ts";
import { adminRuleOptionRoutes } from "./ruleOptions.ts";
import { adminUserRoutes } from "./users.ts";

export interface AdminRouteContext {
  db: Kysely<Database>;
  clock: () => Date;
}

/** Every admin console route: agency and system administrators only (403 for any other role, 401 without login). */
export const adminGuard = requireRole(["agency_admin", "system_admin"]);

/** The acting administrator and what they administer. */
export function adminOf(request: FastifyRequest) {
  const actor = actorFrom(request);
  return { actor, scope: adminScopeOf(actor) as AdminScope };
}

/** The admin console's API (issue #6) under /api/admin, except workflows (their own plugin). */
export const adminConsoleRoutes: FastifyPluginAsyncTypebox<AdminRouteContext> = async (
  app,
  { db, clock },
) => {
  // Not the received options: they carry the parent's prefix, which the children would add a second time.
  const context = { db, clock };
  await app.register(adminAgencyRoutes, context);
  await app.register(adminUserRoutes, context);
  await app.register(adminOfferingRoutes, context);
  // Rule options (issue #12 §6): the province's values and each offering's overrides.
  await app.register(adminRuleOptionRoutes, context);
  await app.register(adminCalendarRoutes, context);
  await app.register(adminAuditRoutes, context);
};

import type { Role } from "../../db/schema.ts";
import { type Actor, agencyIdsFor, hasRole } from "../accounts/actor.ts";
import { ForbiddenError } from "../errors.ts";

/**
 * Which dossiers a reader of statistics may count: the service-center monitor (and the system administrator) the
 * whole province; an agency leader or unit head their own agencies (R-FUNC-2: the Service Center monitors, agencies
 * see their statistics). `agencyIds` null means the province.
 */
export interface StatisticsScope {
  agencyIds: string[] | null;
}

export const PROVINCE_READERS: readonly Role[] = ["service_center_monitor"];
export const AGENCY_READERS: readonly Role[] = ["agency_leader", "unit_head"];

/**
 * The scope of the actor, narrowed to `agencyId` when asked. Someone without a statistics role, or asking for an
 * agency outside their own, is refused (403): they know the agency exists, they may not read its figures.
 */
export function statisticsScope(actor: Actor, agencyId?: string): StatisticsScope {
  if (hasRole(actor, PROVINCE_READERS)) return { agencyIds: agencyId ? [agencyId] : null };
  const own = agencyIdsFor(actor, AGENCY_READERS);
  if (own.length === 0) throw new ForbiddenError();
  if (agencyId === undefined) return { agencyIds: own };
  if (!own.includes(agencyId))
    throw new ForbiddenError({
      vi: "Bạn chỉ được xem số liệu của cơ quan mình",
      en: "You may only see your own agency's figures",
    });
  return { agencyIds: [agencyId] };
}

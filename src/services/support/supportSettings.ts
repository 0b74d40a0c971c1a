import { ConfigError } from "../../config.ts";
import { DEFAULT_SUPPORT_TARGETS, type SupportTargets } from "../../domain/operations/supportTickets.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";

/** Who runs the support desk (R-OPS-4): support staff, province-wide, and the system administrator. */
export const SUPPORT_DESK_ROLES = ["support_staff", "system_admin"] as const;

export function isSupportDesk(actor: Actor): boolean {
  return hasRole(actor, SUPPORT_DESK_ROLES);
}

/**
 * The support targets (issue #17; README, configuration). Part of Config. The rules set no support answer time, so
 * the defaults reuse R-OPS-2's (4 and 8 working hours); a province that sets its own changes them here.
 */
export interface SupportSettings {
  supportResponseWorkingHours: number;
  supportResolutionWorkingHours: number;
}

type Env = Record<string, string | undefined>;

function readHours(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0 || value > 400)
    throw new ConfigError(name, `phải là số giờ làm việc trong khoảng (0, 400] (đang là "${raw}")`);
  return value;
}

export function readSupportSettings(env: Env): SupportSettings {
  const supportResponseWorkingHours = readHours(
    env,
    "SUPPORT_RESPONSE_WORKING_HOURS",
    DEFAULT_SUPPORT_TARGETS.responseWorkingHours,
  );
  const supportResolutionWorkingHours = readHours(
    env,
    "SUPPORT_RESOLUTION_WORKING_HOURS",
    DEFAULT_SUPPORT_TARGETS.resolutionWorkingHours,
  );
  if (supportResolutionWorkingHours < supportResponseWorkingHours)
    throw new ConfigError(
      "SUPPORT_RESOLUTION_WORKING_HOURS",
      "không được nhỏ hơn SUPPORT_RESPONSE_WORKING_HOURS",
    );
  return { supportResponseWorkingHours, supportResolutionWorkingHours };
}

/** The targets in force from the settings (the rules' safest reading when unset). */
export function supportTargetsFrom(settings: Partial<SupportSettings>): SupportTargets {
  return {
    responseWorkingHours:
      settings.supportResponseWorkingHours ?? DEFAULT_SUPPORT_TARGETS.responseWorkingHours,
    resolutionWorkingHours:
      settings.supportResolutionWorkingHours ?? DEFAULT_SUPPORT_TARGETS.resolutionWorkingHours,
  };
}

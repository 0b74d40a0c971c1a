import type { Config } from "../../config.ts";

/** The account rules an operator tunes (README, configuration): lockout and session lifetimes. */
export type AccountPolicy = Pick<
  Config,
  | "loginMaxFailures"
  | "loginLockMinutes"
  | "sessionIdleMinutes"
  | "sessionApplicantIdleMinutes"
  | "sessionMaxHours"
> &
  // The login throttle's own settings (issue #20); its defaults when unset (loginThrottle.ts).
  Partial<Pick<Config, "loginAddressMaxFailures" | "loginThrottleBaseSeconds">>;

/** The defaults of src/config.ts. */
export const defaultAccountPolicy: AccountPolicy = {
  loginMaxFailures: 5,
  loginLockMinutes: 15,
  sessionIdleMinutes: 30,
  sessionApplicantIdleMinutes: 120,
  sessionMaxHours: 12,
};

/** Kysely types of the login throttle (migration 0026_login_throttle, issue #20). */
export interface LoginThrottleTable {
  /** `account:<name>`, `address:<ip>` or `pair:<name>|<ip>`. */
  key: string;
  failures: number;
  last_failure_at: Date;
  blocked_until: Date | null;
}

export interface LoginThrottleTables {
  login_throttle: LoginThrottleTable;
}

import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Login throttling with increasing delays (issue #20 "Account lockout as a weapon"). Before, five wrong passwords
 * from anywhere locked an account for 15 minutes, so anyone could lock anyone out, and one address could try every
 * account. Now wrong passwords are counted under three keys, each with its own allowance:
 *
 * - the account from one address (`pair`): the owner's own typos, LOGIN_MAX_FAILURES free;
 * - the account from every address (`account`): guessing one password from many machines, 4 × LOGIN_MAX_FAILURES free,
 *   so a stranger's failures elsewhere do not shut the owner out at once;
 * - the address against every account (`address`): one machine trying many accounts, LOGIN_ADDRESS_MAX_FAILURES free.
 *
 * Past its allowance each further failure blocks the key for LOGIN_THROTTLE_BASE_SECONDS, doubled each time, at most
 * LOGIN_LOCK_MINUTES. A count is forgotten after 4 × LOGIN_LOCK_MINUTES without failures, and a successful login
 * clears its account's keys (never the address's: a caller's own account must not reset its guessing elsewhere).
 * The key is the name as typed, whether an account has it or not, so a block says nothing about which names exist.
 * The counts live in PostgreSQL (login_throttle, migration 0026) so every process of a province shares them.
 */
export interface LoginThrottleSettings {
  /** Free failures for an account from one address (LOGIN_MAX_FAILURES). */
  loginMaxFailures: number;
  /** Longest block (LOGIN_LOCK_MINUTES). */
  loginLockMinutes: number;
  /** Free failures from one address over every account (LOGIN_ADDRESS_MAX_FAILURES). */
  loginAddressMaxFailures?: number | undefined;
  /** The first block's length; each further failure doubles it (LOGIN_THROTTLE_BASE_SECONDS). */
  loginThrottleBaseSeconds?: number | undefined;
}

export const DEFAULT_ADDRESS_MAX_FAILURES = 20;
export const DEFAULT_THROTTLE_BASE_SECONDS = 60;
/** An account from all addresses gets this many times the allowance of one address. */
const ACCOUNT_ALLOWANCE_FACTOR = 4;
const MAX_KEY_PART = 200;

export interface ThrottleKey {
  key: string;
  scope: "pair" | "account" | "address";
  free: number;
}

/** The keys one attempt counts under. */
export function throttleKeys(
  username: string,
  ip: string | null | undefined,
  settings: LoginThrottleSettings,
): ThrottleKey[] {
  const name = username.trim().toLowerCase().slice(0, MAX_KEY_PART);
  const address = ip ? ip.slice(0, MAX_KEY_PART) : undefined;
  const keys: ThrottleKey[] = [
    { key: `pair:${name}|${address ?? ""}`, scope: "pair", free: settings.loginMaxFailures },
    {
      key: `account:${name}`,
      scope: "account",
      free: settings.loginMaxFailures * ACCOUNT_ALLOWANCE_FACTOR,
    },
  ];
  // Without an address (a call that did not come over HTTP) there is no address to count under.
  if (address)
    keys.push({
      key: `address:${address}`,
      scope: "address",
      free: settings.loginAddressMaxFailures ?? DEFAULT_ADDRESS_MAX_FAILURES,
    });
  return keys;
}

/** How long the `failures`-th failure blocks a key allowed `free` of them: 0, then base, 2 × base, … up to the cap. */
export function blockSeconds(failures: number, free: number, settings: LoginThrottleSettings): number {
  if (failures < free) return 0;
  const base = settings.loginThrottleBaseSeconds ?? DEFAULT_THROTTLE_BASE_SECONDS;
  const cap = settings.loginLockMinutes * 60;
  // 2 ** 30 already exceeds any cap; the exponent is bounded so the number stays finite.
  return Math.min(cap, base * 2 ** Math.min(30, failures - free));
}

const forgetBefore = (now: Date, settings: LoginThrottleSettings) =>
  new Date(now.getTime() - ACCOUNT_ALLOWANCE_FACTOR * settings.loginLockMinutes * 60_000);

/** The end of the latest block among the keys, when one is still running at `now`. */
export async function throttledUntil(
  db: Kysely<Database>,
  keys: readonly ThrottleKey[],
  now: Date,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom("login_throttle")
    .select((eb) => eb.fn.max("blocked_until").as("until"))
    .where(
      "key",
      "in",
      keys.map((k) => k.key),
    )
    .where("blocked_until", ">", now)
    .executeTakeFirst();
  return row?.until ? new Date(row.until) : undefined;
}

export interface FailureOutcome {
  /** When this failure starts (or extends) a block: its end, and the keys that block. */
  blockedUntil?: Date | undefined;
  scopes: ThrottleKey["scope"][];
}

/**
 * Counts one failure under every key, in one statement per key (an upsert that adds one in SQL, so attempts from
 * several processes at once all count), and starts a block for each key past its allowance.
 */
export async function recordLoginFailure(
  db: Kysely<Database>,
  keys: readonly ThrottleKey[],
  now: Date,
  settings: LoginThrottleSettings,
): Promise<FailureOutcome> {
  const stale = forgetBefore(now, settings);
  let blockedUntil: Date | undefined;
  const scopes: ThrottleKey["scope"][] = [];
  for (const key of keys) {
    const row = await db
      .insertInto("login_throttle")
      .values({ key: key.key, failures: 1, last_failure_at: now, blocked_until: null })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          failures: sql`case when login_throttle.last_failure_at < ${stale} then 1 else login_throttle.failures + 1 end`,
          last_failure_at: now,
        }),
      )
      .returning("failures")
      .executeTakeFirstOrThrow();
    const seconds = blockSeconds(row.failures, key.free, settings);
    if (seconds === 0) continue;
    const until = new Date(now.getTime() + seconds * 1000);
    await db.updateTable("login_throttle").set({ blocked_until: until }).where("key", "=", key.key).execute();
    scopes.push(key.scope);
    if (!blockedUntil || until > blockedUntil) blockedUntil = until;
  }
  // Counts nobody added to for a long time are forgotten anyway; dropping them keeps the table small.
  await db.deleteFrom("login_throttle").where("last_failure_at", "<", stale).execute();
  return { blockedUntil, scopes };
}

/** A successful login: the account's own counts start again (the address's stay). */
export async function clearAccountThrottle(
  db: Kysely<Database>,
  keys: readonly ThrottleKey[],
): Promise<void> {
  const own = keys.filter((k) => k.scope !== "address").map((k) => k.key);
  if (own.length > 0) await db.deleteFrom("login_throttle").where("key", "in", own).execute();
}

import { isIP } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DvcqgInboundSettings, readDvcqgInboundSettings } from "./integrations/dvcqg/inboundSettings.ts";
import { type DvcqgSyncSettings, readDvcqgSyncSettings } from "./integrations/dvcqg/syncSettings.ts";
import {
  type PopulationSettings,
  readPopulationSettings,
} from "./integrations/population/populationSettings.ts";
import {
  type ProvinceSsoSettings,
  readProvinceSsoSettings,
} from "./integrations/provinceSso/provinceSsoSettings.ts";
import type { S3StorageSettings } from "./integrations/storage/s3Storage.ts";
import { readVneidSettings, type VneidSettings } from "./integrations/vneid/vneidSettings.ts";
import { type MfaSettings, readMfaSettings } from "./services/mfa/mfaSettings.ts";
import { readSupportSettings, type SupportSettings } from "./services/support/supportSettings.ts";

/**
 * Configuration from the environment, validated once at boot. A bad value stops the process with a message that
 * names the variable (issue #2 §8). Every variable is listed in the README's configuration table.
 */

/**
 * The folder holding package.json (src/ and dist/ are both one level below it): default data paths are under it, so
 * they do not move with the working directory a service manager happens to start us in (issue #20).
 */
export const packageRoot = fileURLToPath(new URL("../", import.meta.url));

export interface Config extends VneidSettings, DvcqgSyncSettings, DvcqgInboundSettings, PopulationSettings {
  host: string;
  port: number;
  /** PostgreSQL server; when unset the embedded PGlite in `pgliteDataDir` is used. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  /** PostgreSQL timeouts (issue #20): opening a connection, one statement, a transaction left idle. */
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  databaseIdleInTransactionTimeoutMs: number;
  /** How long `serve` waits at boot for a PostgreSQL server that is not up yet; 0 = fail at once. */
  databaseStartupWaitSeconds: number;
  /**
   * WEB_WORKERS (issue #21, `onestop serve --workers`): HTTP worker processes on PostgreSQL; `auto` = one per core.
   * 1 (default) = one process, as ever; the embedded PGlite is always one process.
   */
  webWorkers: number | "auto";
  /** REDIS_URL (issue #21): rate-limit counters shared by every process in Redis; unset = PostgreSQL or memory. */
  redisUrl: string | undefined;
  /** RATE_LIMIT_STORE: `auto` (Redis with REDIS_URL, else PostgreSQL with several workers, else memory) or forced. */
  rateLimitStore: "auto" | "memory" | "postgres" | "redis";
  /**
   * DATABASE_READ_URL (issue #21): a streaming replica of DATABASE_URL that serves dashboards, reports, public
   * statistics and lookups while its staleness is within DATABASE_READ_MAX_LAG_MS; unset = every read on the primary.
   */
  databaseReadUrl: string | undefined;
  databaseReadMaxLagMs: number;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs); empty = none (issue #20). */
  trustProxy: string[];
  /** Bearer token that opens /metrics from anywhere; unset = only the METRICS_ALLOW addresses. */
  metricsToken: string | undefined;
  /** Addresses or CIDRs that read /metrics without the token (default loopback). */
  metricsAllow: string[];
  /** Folder of the embedded database, or `memory://` for an in-memory one. */
  pgliteDataDir: string;
  /** PGLITE_DURABILITY: `fsync` (default) puts each acknowledged commit on disk; `relaxed` skips fsync (issue #20). */
  pgliteDurability: "fsync" | "relaxed";
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /**
   * DEMO_MODE: a demonstration installation (default: on the embedded database only, issue #20 "First install"). Demo
   * accounts' passwords are public, so `onestop init` refuses them outside demo mode.
   */
  demoMode: boolean;
  /** Load the demo province on start when the database has no agency yet (default: in demo mode). */
  seedOnEmpty: boolean;
  /** DEMO_HISTORY: with the demo province, about six months of finished dossiers behind it (`serve` only; issue #19). */
  demoHistory: boolean;
  /** Requests per minute per client on public (no login) routes. */
  publicRateLimitPerMinute: number;
  publicUrl: string;
  /** Consecutive wrong passwords before an account is locked (issue #4 §1). */
  loginMaxFailures: number;
  /** How long a lockout lasts. */
  loginLockMinutes: number;
  /** Wrong passwords from one address over every account before it waits (issue #20, login throttle). */
  loginAddressMaxFailures: number;
  /** The first wait of the login throttle, doubled at each further failure up to LOGIN_LOCK_MINUTES. */
  loginThrottleBaseSeconds: number;
  /** Login and registration attempts per minute per client address. */
  loginRateLimitPerMinute: number;
  /** Idle minutes before an officer's session ends (sliding). */
  sessionIdleMinutes: number;
  /** Idle minutes before a citizen's or organisation's session ends (sliding). */
  sessionApplicantIdleMinutes: number;
  /** Hours after login when any session ends, however active. */
  sessionMaxHours: number;
  /** Folder of the content-addressed file store (issue #4 §3). */
  filesDir: string;
  /** FILES_S3_*: the S3-compatible file store, used instead of FILES_DIR when FILES_S3_BUCKET is set (issue #21). */
  filesS3: S3StorageSettings | undefined;
  /** Largest accepted file, in bytes. */
  maxFileBytes: number;
  /** Largest total of one dossier's files, in bytes. */
  maxDossierBytes: number;
  /** Public dossier lookups per minute per client (R-LOOK-2). */
  lookupRateLimitPerMinute: number;
  /** File uploads per minute per client (issue #20: a rate limit per route class). */
  uploadRateLimitPerMinute: number;
  /** Requests per minute per partner system's address on the integration webhooks and callbacks. */
  integrationRateLimitPerMinute: number;
  /** Requests per minute per signed-in account (per address when signed out) on the rest of the API. */
  apiRateLimitPerMinute: number;
  /**
   * Mask applicant names in a public lookup by bare code ("Nguyễn V** A*"); the QR's token or the last 4 digits of
   * the phone or ID number show the full name (issue #20). false = the literal reading of R-LOOK-2.
   */
  lookupMaskNames: boolean;
  /** Inbound dossiers from the national portal (R-LAW-4): the API key and HMAC secret; unset = endpoint off. */
  nationalPortalApiKey: string | undefined;
  nationalPortalHmacSecret: string | undefined;
  /** Hours before a deadline when the deadline watch marks a dossier or task "due soon". */
  dueSoonWorkingHours: number;
  /** Notifications (issue #7, R-LOOK-3): SMTP server; unset = an SMTP simulator on loopback (development). */
  smtpUrl: string | undefined;
  /** The sender of notification e-mails. */
  mailFrom: string;
  /** SMS gateway (HTTP POST); unset = a simulator on loopback. */
  smsGatewayUrl: string | undefined;
  /** Approved social network relay (HTTP POST); unset = a simulator on loopback. */
  socialGatewayUrl: string | undefined;
  /** Failed attempts after which a notification becomes a dead letter. */
  notifyMaxAttempts: number;
  /** Wait after a first failed attempt, doubled after each further one. */
  notifyBackoffSeconds: number;
  /** Dossier events older than this are not notified (a long outage, an old outbox at the first run). */
  notifyMaxEventAgeHours: number;
  /**
   * OUTBOX_RETENTION_DAYS (issue #21): outbox rows older than this that every consumer has handled are deleted, and
   * their month partitions dropped once empty (src/jobs/partitionMaintenance.ts).
   */
  outboxRetentionDays: number;
  /** R-LOOK-1: the keyword of SMS lookups (`TRACUU <mã hồ sơ>`). */
  smsLookupKeyword: string;
  /** SMS lookups answered per phone number per hour. */
  smsLookupPerHour: number;
  /** Shared secret the SMS gateway sends in X-Gateway-Secret on inbound messages; unset = the webhook is off. */
  smsInboundSecret: string | undefined;
  /** The national payment platform (issue #15, R-FEE-6); unset = a simulator on loopback. */
  paymentPlatformUrl: string | undefined;
  /** Secret of the payment callback's X-Signature (HMAC-SHA256); unset with the simulator = a random one per process. */
  paymentCallbackSecret: string | undefined;
  /** BIN of the bank of the agencies' collection accounts, in the VietQR codes. */
  paymentBankBin: string;
}

/** Officers sign-in settings (issue #14), declared beside the rest of Config. */
export interface Config extends ProvinceSsoSettings, MfaSettings {}

/** Support targets (issue #17, R-OPS-4): SUPPORT_*_WORKING_HOURS. */
export interface Config extends SupportSettings {}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Cấu hình không hợp lệ: biến môi trường ${variable} ${detail}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `phải là số nguyên (đang là "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `phải nằm trong khoảng ${min}–${max} (đang là ${value})`);
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `phải là true hoặc false (đang là "${raw}")`);
}

function readChoice<T extends string>(env: Env, name: string, fallback: T, choices: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `phải là một trong: ${choices.join(", ")} (đang là "${raw}")`);
  }
  return raw as T;
}

function readUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, "không phải là một URL hợp lệ");
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `phải bắt đầu bằng ${protocols.join(" hoặc ")}`);
  }
  return raw;
}

/** A secret: unset, or at least 16 characters (a short one is a configuration mistake, not a secret). */
function readSecret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (raw.length < 16) throw new ConfigError(name, "phải dài ít nhất 16 ký tự");
  return raw;
}

/** A comma-separated list of IP addresses or CIDRs (`10.0.0.0/8, 192.168.1.5, ::1`). */
function readAddressList(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const entries = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const version = isIP(address);
    const maxPrefix = version === 6 ? 128 : 32;
    if (version === 0 || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix)))
      throw new ConfigError(
        name,
        `phải là danh sách địa chỉ IP hoặc dải CIDR, cách nhau bởi dấu phẩy (sai: "${entry}")`,
      );
  }
  return entries;
}

/** One word of letters and digits (what a phone user types before the code). */
function readKeyword(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^[\p{L}\p{N}]{2,20}$/u.test(raw))
    throw new ConfigError(name, `phải là một từ 2–20 chữ cái hoặc chữ số (đang là "${raw}")`);
  return raw;
}

/** A number of worker processes (1–64) or `auto` (one per core): WEB_WORKERS and `serve --workers` (issue #21). */
export function readWorkers(raw: string | undefined, name: string): number | "auto" {
  if (raw === undefined || raw === "") return 1;
  if (raw === "auto") return "auto";
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64)
    throw new ConfigError(name, `phải là số nguyên 1–64 hoặc auto (đang là "${raw}")`);
  return Number(raw);
}

function readRateLimitStore(env: Env): Config["rateLimitStore"] {
  const store = readChoice(env, "RATE_LIMIT_STORE", "auto", ["auto", "memory", "postgres", "redis"]);
  if (store === "redis" && !env.REDIS_URL) throw new ConfigError("RATE_LIMIT_STORE", "redis cần REDIS_URL");
  return store;
}

export function loadConfig(env: Env = process.env): Config {
  const port = readInteger(env, "PORT", 3000, 0, 65_535);
  const host = env.HOST || "127.0.0.1";
  const demoMode = readBoolean(env, "DEMO_MODE", !env.DATABASE_URL);
  return {
    host,
    port,
    databaseUrl: readUrl(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    databasePoolMax: readInteger(env, "DATABASE_POOL_MAX", 10, 1, 500),
    webWorkers: readWorkers(env.WEB_WORKERS, "WEB_WORKERS"),
    redisUrl: readUrl(env, "REDIS_URL", ["redis:", "rediss:"]),
    rateLimitStore: readRateLimitStore(env),
    databaseConnectTimeoutMs: readInteger(env, "DATABASE_CONNECT_TIMEOUT_MS", 5_000, 100, 600_000),
    databaseStatementTimeoutMs: readInteger(env, "DATABASE_STATEMENT_TIMEOUT_MS", 30_000, 100, 3_600_000),
    databaseIdleInTransactionTimeoutMs: readInteger(
      env,
      "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS",
      60_000,
      100,
      3_600_000,
    ),
    databaseStartupWaitSeconds: readInteger(env, "DATABASE_STARTUP_WAIT_SECONDS", 300, 0, 86_400),
    databaseReadUrl: readReadUrl(env),
    databaseReadMaxLagMs: readInteger(env, "DATABASE_READ_MAX_LAG_MS", 5_000, 100, 3_600_000),
    trustProxy: readAddressList(env, "TRUST_PROXY", []),
    metricsToken: readSecret(env, "METRICS_TOKEN"),
    metricsAllow: readAddressList(env, "METRICS_ALLOW", ["127.0.0.0/8", "::1/128"]),
    pgliteDataDir: env.PGLITE_DATA_DIR || join(packageRoot, "var", "db"),
    pgliteDurability: readChoice(env, "PGLITE_DURABILITY", "fsync", ["fsync", "relaxed"]),
    logLevel: readChoice(env, "LOG_LEVEL", "info", [
      "fatal",
      "error",
      "warn",
      "info",
      "debug",
      "trace",
      "silent",
    ]),
    // Issue #20 "First install": demo data is for the embedded database, unless asked for (DEMO_MODE / SEED_ON_EMPTY).
    demoMode,
    seedOnEmpty: readBoolean(env, "SEED_ON_EMPTY", demoMode),
    demoHistory: readBoolean(env, "DEMO_HISTORY", true),
    publicRateLimitPerMinute: readInteger(env, "PUBLIC_RATE_LIMIT_PER_MINUTE", 600, 1, 1_000_000),
    publicUrl: readUrl(env, "PUBLIC_URL", ["http:", "https:"]) ?? `http://${host}:${port}`,
    loginMaxFailures: readInteger(env, "LOGIN_MAX_FAILURES", 5, 1, 100),
    loginLockMinutes: readInteger(env, "LOGIN_LOCK_MINUTES", 15, 1, 24 * 60),
    loginAddressMaxFailures: readInteger(env, "LOGIN_ADDRESS_MAX_FAILURES", 20, 1, 10_000),
    loginThrottleBaseSeconds: readInteger(env, "LOGIN_THROTTLE_BASE_SECONDS", 60, 1, 24 * 3600),
    loginRateLimitPerMinute: readInteger(env, "LOGIN_RATE_LIMIT_PER_MINUTE", 10, 1, 1_000_000),
    sessionIdleMinutes: readInteger(env, "SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
    sessionApplicantIdleMinutes: readInteger(env, "SESSION_APPLICANT_IDLE_MINUTES", 120, 1, 24 * 60),
    sessionMaxHours: readInteger(env, "SESSION_MAX_HOURS", 12, 1, 24 * 30),
    filesDir: env.FILES_DIR || join(packageRoot, "var", "files"),
    filesS3: readFilesS3(env),
    maxFileBytes: readInteger(env, "MAX_FILE_MB", 20, 1, 1024) * 1_048_576,
    maxDossierBytes: readInteger(env, "MAX_DOSSIER_MB", 100, 1, 10_240) * 1_048_576,
    lookupRateLimitPerMinute: readInteger(env, "LOOKUP_RATE_LIMIT_PER_MINUTE", 30, 1, 1_000_000),
    uploadRateLimitPerMinute: readInteger(env, "UPLOAD_RATE_LIMIT_PER_MINUTE", 120, 1, 1_000_000),
    integrationRateLimitPerMinute: readInteger(env, "INTEGRATION_RATE_LIMIT_PER_MINUTE", 1200, 1, 1_000_000),
    apiRateLimitPerMinute: readInteger(env, "API_RATE_LIMIT_PER_MINUTE", 1200, 1, 1_000_000),
    lookupMaskNames: readBoolean(env, "LOOKUP_MASK_NAMES", true),
    nationalPortalApiKey: readSecret(env, "NATIONAL_PORTAL_API_KEY"),
    nationalPortalHmacSecret: readSecret(env, "NATIONAL_PORTAL_HMAC_SECRET"),
    dueSoonWorkingHours: readInteger(env, "DUE_SOON_WORKING_HOURS", 8, 1, 240),
    smtpUrl: readUrl(env, "SMTP_URL", ["smtp:", "smtps:"]),
    mailFrom: env.MAIL_FROM || "OneStop <no-reply@onestop.invalid>",
    smsGatewayUrl: readUrl(env, "SMS_GATEWAY_URL", ["http:", "https:"]),
    socialGatewayUrl: readUrl(env, "SOCIAL_GATEWAY_URL", ["http:", "https:"]),
    notifyMaxAttempts: readInteger(env, "NOTIFY_MAX_ATTEMPTS", 6, 1, 50),
    notifyBackoffSeconds: readInteger(env, "NOTIFY_BACKOFF_SECONDS", 30, 1, 3600),
    notifyMaxEventAgeHours: readInteger(env, "NOTIFY_MAX_EVENT_AGE_HOURS", 72, 1, 8760),
    outboxRetentionDays: readInteger(env, "OUTBOX_RETENTION_DAYS", 90, 1, 36500),
    smsLookupKeyword: readKeyword(env, "SMS_LOOKUP_KEYWORD", "TRACUU"),
    smsLookupPerHour: readInteger(env, "SMS_LOOKUP_PER_HOUR", 10, 1, 1000),
    smsInboundSecret: readSecret(env, "SMS_INBOUND_SECRET"),
    paymentPlatformUrl: readUrl(env, "PAYMENT_PLATFORM_URL", ["http:", "https:"]),
    paymentCallbackSecret: readSecret(env, "PAYMENT_CALLBACK_SECRET"),
    paymentBankBin: readPaymentBankBin(env),
    // VNeID sign-in (issue #14): OIDC_*, CITIZEN_PASSWORD_LOGIN
    ...readVneidSettings(env),
    // Officers: the province SSO (OFFICER_OIDC_*) and the second factor (MFA_*), issue #14
    ...readProvinceSsoSettings(env),
    ...readMfaSettings(env),
    // National-portal sync (issue #13): DVCQG_SYNC_*
    ...readDvcqgSyncSettings(env),
    ...readDvcqgInboundSettings(env),
    // Support desk targets (issue #17, R-OPS-4): SUPPORT_*_WORKING_HOURS
    ...readSupportSettings(env),
    // The national population database (issue #14): POPULATION_DB_*
    ...readPopulationSettings(env),
  };
}

/** DATABASE_READ_URL: a replica of the PostgreSQL server, so only beside DATABASE_URL (issue #21). */
function readReadUrl(env: Env): string | undefined {
  const url = readUrl(env, "DATABASE_READ_URL", ["postgres:", "postgresql:"]);
  if (url !== undefined && !env.DATABASE_URL)
    throw new ConfigError(
      "DATABASE_READ_URL",
      "chỉ dùng được cùng DATABASE_URL (bản sao của máy chủ PostgreSQL)",
    );
  return url;
}

/** An S3 bucket name: 3–63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
function readS3Bucket(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw))
    throw new ConfigError(name, `không phải tên bucket S3 hợp lệ (đang là "${raw}")`);
  return raw;
}

/** An S3 credential or region: printable ASCII without spaces. */
function readS3Word(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^[\x21-\x7e]{2,256}$/.test(raw))
    throw new ConfigError(name, "chỉ gồm ký tự ASCII in được, không dấu cách");
  return raw;
}

/** FILES_S3_* (issue #21): the S3-compatible file store when FILES_S3_BUCKET is set; unset = the filesystem store. */
function readFilesS3(env: Env): Config["filesS3"] {
  const endpoint = readUrl(env, "FILES_S3_ENDPOINT", ["http:", "https:"]);
  const region = readS3Word(env, "FILES_S3_REGION") ?? "us-east-1";
  const accessKeyId = readS3Word(env, "FILES_S3_ACCESS_KEY_ID");
  const secretAccessKey = readS3Word(env, "FILES_S3_SECRET_ACCESS_KEY");
  const forcePathStyle = readBoolean(env, "FILES_S3_FORCE_PATH_STYLE", endpoint !== undefined);
  const bucket = readS3Bucket(env, "FILES_S3_BUCKET");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new ConfigError(
      accessKeyId === undefined ? "FILES_S3_ACCESS_KEY_ID" : "FILES_S3_SECRET_ACCESS_KEY",
      "phải đặt cùng FILES_S3_ACCESS_KEY_ID và FILES_S3_SECRET_ACCESS_KEY",
    );
  if (bucket === undefined) {
    if (endpoint !== undefined || accessKeyId !== undefined)
      throw new ConfigError(
        "FILES_S3_BUCKET",
        "cần đặt khi dùng kho tệp S3 (FILES_S3_ENDPOINT, khóa truy cập)",
      );
    return undefined;
  }
  return { bucket, region, endpoint, accessKeyId, secretAccessKey, forcePathStyle };
}

/** PAYMENT_BANK_BIN: a bank's 6-digit identifier in VietQR (default 970415). */
function readPaymentBankBin(env: Env): string {
  const value = env.PAYMENT_BANK_BIN || "970415";
  if (!/^[0-9]{6}$/.test(value)) throw new ConfigError("PAYMENT_BANK_BIN", "phải gồm đúng 6 chữ số");
  return value;
}

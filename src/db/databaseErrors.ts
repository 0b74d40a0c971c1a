/**
 * Which database failures mean "the database is away" (answer 503 and retry later) rather than a bug, and which mean
 * "the disk is full" (507). Node's socket errors, `pg`'s own messages, and PostgreSQL's SQLSTATE classes 08
 * (connection exception), 57P (operator intervention: shutdown, crash recovery) and 53 (insufficient resources).
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown: `pg_ctl stop -m fast`, a failover
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, in recovery
  "57P05", // idle_session_timeout
  "25P03", // idle_in_transaction_session_timeout
  "57014", // query_canceled: statement_timeout
  "53300", // too_many_connections
  "58000",
  "58030",
]);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /connection is insecure|terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** PostgreSQL's disk_full (53100) or a file system's ENOSPC/EDQUOT: the operator must free space. */
export function isDiskFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === "53100" ||
    code === "ENOSPC" ||
    code === "EDQUOT" ||
    /No space left on device/i.test(error.message)
  );
}

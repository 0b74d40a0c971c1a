import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Gauge, type Registry } from "prom-client";
import type { ReadRouter } from "../../db/readReplica.ts";
import type { Database } from "../../db/schema.ts";

/**
 * Issue #21 item 4, "a write is always read back from the primary": the read-only routes that may be served by the
 * replica (dashboards, reports, public statistics and evaluation, the public lookup) run their queries through a
 * `ReadFor`. A client that has just written carries a short-lived cookie with the time of its last write (set on
 * every answer to a POST, PUT, PATCH or DELETE, whatever its outcome), and reads from the primary until the replica
 * is certain to hold that write. A cookie rather than process memory: it holds with several worker processes
 * (`serve --workers`) and for signed-out citizens alike.
 */
export type ReadFor = <T>(request: FastifyRequest, work: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

export const WROTE_COOKIE = "onestop_wrote";

const READING_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A route plugin's reads: its `readFor` when the app routes reads, else its own (primary) database. */
export function readsOf(options: { db: Kysely<Database>; readFor?: ReadFor | undefined }): ReadFor {
  return options.readFor ?? ((_request, work) => work(options.db));
}

/** When the client last wrote, from its cookie; undefined when it has not (or the cookie is not a time). */
export function wroteAtOf(request: FastifyRequest): number | undefined {
  const raw = request.cookies?.[WROTE_COOKIE];
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * Marks writers and returns the `ReadFor` of the routed routes. Without a replica nothing is marked and every read
 * is on the primary.
 */
export function registerReadRouting(
  app: FastifyInstance,
  router: ReadRouter,
  options: { secureCookies: boolean; now?: () => number },
): ReadFor {
  if (!router.configured) return (_request, work) => router.read({}, work);
  const now = options.now ?? Date.now;
  app.addHook("onSend", async (request, reply, payload) => {
    if (!READING_METHODS.has(request.method))
      reply.setCookie(WROTE_COOKIE, String(now()), {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: options.secureCookies,
        maxAge: Math.ceil(router.maxLagMs / 1000) + 1,
      });
    return payload;
  });
  return (request, work) => router.read({ wroteAt: wroteAtOf(request) }, work);
}

/** `/metrics`: whether the replica answers, its staleness, and the reads each side served (issue #21). */
export function registerReplicaMetrics(registry: Registry, router: ReadRouter): void {
  if (!router.configured) return;
  new Gauge({
    name: "onestop_read_replica_up",
    help: "1 when the read replica (DATABASE_READ_URL) answered its last probe",
    registers: [registry],
    collect() {
      this.set(router.state().reachable ? 1 : 0);
    },
  });
  new Gauge({
    name: "onestop_read_replica_staleness_seconds",
    help: "How far the read replica is behind the primary (-1 when unknown); reads go to it up to DATABASE_READ_MAX_LAG_MS",
    registers: [registry],
    collect() {
      const { stalenessMs } = router.state();
      this.set(stalenessMs === null ? -1 : stalenessMs / 1000);
    },
  });
  new Gauge({
    name: "onestop_read_replica_reads",
    help: "Routed reads served since start, by side (replica, primary, fallback after a replica failure)",
    labelNames: ["side"],
    registers: [registry],
    collect() {
      const { reads } = router.state();
      this.set({ side: "replica" }, reads.replica);
      this.set({ side: "primary" }, reads.primary);
      this.set({ side: "fallback" }, reads.fallbacks);
    },
  });
}

import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  isReplicaFailure,
  type LsnSample,
  openReadReplica,
  parseLsn,
  primaryOnly,
  type ReadRouter,
  readTarget,
  stalenessMs,
} from "../../src/db/readReplica.ts";
import type { Database } from "../../src/db/schema.ts";

/**
 * Issue #21 item 4: the read router's decisions, without a server. The replica's WAL position is compared with
 * samples of the primary's; a read goes to the replica only within the staleness bound and not right after a write.
 */

describe("WAL positions and staleness", () => {
  it("parses PostgreSQL's LSN text", () => {
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("0/16B3748")).toBe(0x16b3748n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(() => parseLsn("nonsense")).toThrow();
  });

  const samples: LsnSample[] = [
    { at: 1_000, lsn: 100n },
    { at: 2_000, lsn: 200n },
    { at: 3_000, lsn: 300n },
  ];

  it("is the time since the latest sample the replica has replayed", () => {
    expect(stalenessMs(samples, 300n, 3_400)).toBe(400);
    expect(stalenessMs(samples, 250n, 3_400)).toBe(1_400);
    expect(stalenessMs(samples, 100n, 3_400)).toBe(2_400);
  });

  it("an idle primary (its position does not move) gives a replica that has caught up no staleness", () => {
    const idle: LsnSample[] = [
      { at: 1_000, lsn: 500n },
      { at: 2_000, lsn: 500n },
      { at: 3_000, lsn: 500n },
    ];
    expect(stalenessMs(idle, 500n, 3_000)).toBe(0);
  });

  it("is unknown (infinite) behind every sample kept, or when the server is not a replica", () => {
    expect(stalenessMs(samples, 50n, 3_400)).toBe(Number.POSITIVE_INFINITY);
    expect(stalenessMs(samples, null, 3_400)).toBe(Number.POSITIVE_INFINITY);
    expect(stalenessMs([], 50n, 3_400)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("where a read goes", () => {
  const base = { configured: true, reachable: true, stalenessMs: 800, maxLagMs: 5_000, now: 100_000 };

  it("no replica configured: the primary", () => {
    expect(readTarget({ ...base, configured: false })).toBe("primary");
  });

  it("lag within the bound: the replica; over it: the primary", () => {
    expect(readTarget(base)).toBe("replica");
    expect(readTarget({ ...base, stalenessMs: 5_000 })).toBe("replica");
    expect(readTarget({ ...base, stalenessMs: 5_001 })).toBe("primary");
    expect(readTarget({ ...base, stalenessMs: Number.POSITIVE_INFINITY })).toBe("primary");
  });

  it("a reader who wrote within the bound: the primary; once the bound has passed: the replica", () => {
    expect(readTarget({ ...base, wroteAt: 100_000 - 4_999 })).toBe("primary");
    expect(readTarget({ ...base, wroteAt: 100_000 - 5_000 })).toBe("replica");
  });

  it("an unreachable replica: the primary", () => {
    expect(readTarget({ ...base, reachable: false })).toBe("primary");
  });

  it("falls back on unreachable, read-only and recovery-conflict failures, not on timeouts or bugs", () => {
    const failure = (code: string, message = "x") => Object.assign(new Error(message), { code });
    expect(isReplicaFailure(failure("ECONNREFUSED"))).toBe(true);
    expect(isReplicaFailure(failure("57P03"))).toBe(true);
    expect(isReplicaFailure(failure("25006"))).toBe(true);
    expect(isReplicaFailure(failure("40001"))).toBe(true);
    expect(isReplicaFailure(failure("57014"))).toBe(false);
    expect(isReplicaFailure(failure("42P01"))).toBe(false);
    expect(isReplicaFailure(new TypeError("bug"))).toBe(false);
  });
});

describe("the router", () => {
  const primary = { name: "primary" } as unknown as Kysely<Database>;
  const side = async (db: Kysely<Database>) => (db === primary ? "primary" : "replica");
  let router: ReadRouter | undefined;
  afterEach(async () => router?.close());

  /** A router over a fake probe: the primary's position and the replica's, set by the test; a clock it moves. */
  function fakeRouter() {
    const state = { clock: 1_000_000, primaryLsn: "0/100", replayLsn: "0/100" as string | null, down: false };
    let probes = 0;
    router = openReadReplica({
      primary,
      readUrl: "postgres://nobody@127.0.0.1:1/none",
      maxLagMs: 5_000,
      now: () => state.clock,
      probe: {
        primaryLsn: async () => {
          probes++;
          return state.primaryLsn;
        },
        replayLsn: async () => {
          if (state.down) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
          return state.replayLsn;
        },
      },
    });
    return { state, router, probes: () => probes };
  }

  it("without a replica every read is on the primary", async () => {
    const only = primaryOnly(primary);
    expect(await only.read({}, side)).toBe("primary");
    expect(only.state()).toMatchObject({ configured: false });
  });

  it("reads from a replica that has caught up, and keeps doing so while the primary is idle", async () => {
    const { state, router } = fakeRouter();
    expect(await router.read({}, side)).toBe("replica");
    state.clock += 60_000;
    expect(await router.read({}, side)).toBe("replica");
    expect(router.state()).toMatchObject({ reachable: true, stalenessMs: 0 });
  });

  it("probes at most once a second", async () => {
    const { state, router, probes } = fakeRouter();
    await router.read({}, side);
    await router.read({}, side);
    state.clock += 999;
    await router.read({}, side);
    expect(probes()).toBe(1);
    state.clock += 1;
    await router.read({}, side);
    expect(probes()).toBe(2);
  });

  it("a replica that stopped replaying is read until it is more than the bound behind", async () => {
    const { state, router } = fakeRouter();
    expect(await router.read({}, side)).toBe("replica");
    // Writes go on on the primary; the replica stays at 0/100 (its replay paused).
    for (let second = 1; second <= 5; second++) {
      state.clock += 1_000;
      state.primaryLsn = `0/${(0x100 + second * 0x10).toString(16)}`;
      expect(await router.read({}, side)).toBe("replica");
    }
    state.clock += 1;
    state.primaryLsn = "0/200";
    expect(await router.read({}, side)).toBe("primary");
    expect(router.state().stalenessMs).toBe(5_001);
    // It catches up: back on the replica.
    state.clock += 1_000;
    state.replayLsn = "0/200";
    expect(await router.read({}, side)).toBe("replica");
  });

  it("a reader who has just written reads from the primary", async () => {
    const { state, router } = fakeRouter();
    expect(await router.read({ wroteAt: state.clock - 100 }, side)).toBe("primary");
    expect(await router.read({ wroteAt: state.clock - 5_000 }, side)).toBe("replica");
  });

  it("an unreachable replica, or one that fails under a read, gives the primary's answer", async () => {
    const { state, router } = fakeRouter();
    state.down = true;
    expect(await router.read({}, side)).toBe("primary");
    expect(router.state()).toMatchObject({ reachable: false, stalenessMs: null });
    state.down = false;
    state.clock += 1_000;
    const refused = Object.assign(new Error("cannot execute INSERT in a read-only transaction"), {
      code: "25006",
    });
    let attempts = 0;
    const answer = await router.read({}, async (db) => {
      attempts++;
      if (db !== primary) throw refused;
      return "from the primary";
    });
    expect({ answer, attempts }).toEqual({ answer: "from the primary", attempts: 2 });
    expect(router.state().reads).toMatchObject({ fallbacks: 1 });
    // Any other failure is the route's own, not retried.
    state.clock += 1_000;
    await expect(
      router.read({}, async () => {
        throw new TypeError("bug");
      }),
    ).rejects.toThrow("bug");
  });

  it("a server at DATABASE_READ_URL that is not a replica is never read", async () => {
    const { state, router } = fakeRouter();
    state.replayLsn = null;
    expect(await router.read({}, side)).toBe("primary");
  });
});

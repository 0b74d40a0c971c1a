import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindSlots, compiledOnce, slot, slotted } from "../../src/db/compiledOnce.ts";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/**
 * Issue #21: hot statements compiled once per process and run with each call's values give the text the builder
 * gives and the rows it reads, with each call's own values.
 */
describe("statements compiled once (issue #21)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle.close());

  it("runs the builder's text with each call's values in its slots, compiled the first time only", async () => {
    const { db } = handle;
    // A value in a subselect and a static one (the limit) beside the slot, as the dossier commands' statements.
    const build = (code: string, limit: number) =>
      db.selectNoFrom([sql<string>`(select ${code}::text limit ${limit})`.as("code")]);
    let builds = 0;
    const query = () =>
      compiledOnce("test:codeAndLimit", db, () => {
        builds += 1;
        return build(slot("code"), 1);
      });
    const codes = ["1.004884", "000.20.01.H99"];
    for (const code of codes) {
      const bound = bindSlots(query(), { code });
      expect(bound.sql).toBe(build(code, 1).compile().sql);
      expect(bound.parameters).toEqual(build(code, 1).compile().parameters);
      expect((await db.executeQuery(bound)).rows).toEqual([{ code }]);
    }
    expect(builds).toBe(1);
    expect(query()).toBe(query());
    expect(() => bindSlots(query(), {})).toThrow(/slot code/);
  });

  it("slots an object's defined values, gives its shape, and refuses an expression", () => {
    const bound: Record<string, unknown> = {};
    const at = new Date("2026-11-23T01:00:00Z");
    const { slots, shape } = slotted("set.", { status: 2, note: null, unit: undefined, at }, bound);
    expect(shape).toBe("status,note,at,");
    expect(slots).toEqual({ status: slot("set.status"), note: slot("set.note"), at: slot("set.at") });
    expect(bound).toEqual({ "set.status": 2, "set.note": null, "set.at": at });
    expect(() => slotted("x.", { status: sql`2` }, {})).toThrow(/expression/);
    expect(() => slotted("x.", { status: () => 2 }, {})).toThrow(/expression/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { type Actor, findActor } from "../../../src/services/accounts/actor.ts";
import { adminScopeOf } from "../../../src/services/admin/adminScope.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../../../src/services/errors.ts";
import {
  effectiveRuleOptions,
  effectiveRuleOptionsOf,
  getOfferingRuleOptions,
  updateOfferingRuleOptions,
  updateProvinceRuleOptions,
} from "../../../src/services/options/ruleOptions.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/** Issue #12 §6: the options service — scopes, validation before any write, audit in the same transaction. */
describe("rule options service", () => {
  let handle: DatabaseHandle;
  let system: Actor;
  let agencyAdmin: Actor;
  let ownOffering: string;
  let otherOffering: string;
  const now = new Date("2026-11-23T03:00:00Z");
  const audits = async () =>
    Number(
      (
        await handle.db
          .selectFrom("admin_audit")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const users = await demoUserIds(handle.db);
    system = (await findActor(handle.db, users["quantri.hethong"]!))!;
    agencyAdmin = (await findActor(handle.db, users["quantri.trungtam"]!))!;
    const offerings = await handle.db
      .selectFrom("procedure_offerings as o")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .select(["o.id", "a.code"])
      .execute();
    ownOffering = offerings.find((o) => o.code === "000.20.01.H99")!.id;
    otherOffering = offerings.find((o) => o.code === "000.00.13.H99")!.id;
  }, 120_000);
  afterAll(async () => handle?.close());

  it("resolves offering ?? province ?? default for one offering and for many", async () => {
    await updateProvinceRuleOptions(
      handle.db,
      system,
      adminScopeOf(system),
      { abandonmentWorkingDays: 20 },
      now,
    );
    await updateOfferingRuleOptions(
      handle.db,
      agencyAdmin,
      adminScopeOf(agencyAdmin),
      ownOffering,
      { abandonmentWorkingDays: 30, supplementClock: "pauseAndExtend" },
      now,
    );
    const own = await effectiveRuleOptions(handle.db, ownOffering);
    expect(own.options).toMatchObject({ abandonmentWorkingDays: 30, supplementClock: "pauseAndExtend" });
    expect(own.sources).toMatchObject({
      abandonmentWorkingDays: "offering",
      receptionWorkingHours: "default",
    });
    const of = await effectiveRuleOptionsOf(handle.db, [ownOffering, otherOffering]);
    expect(of(otherOffering).abandonmentWorkingDays).toBe(20);
    expect(of(ownOffering).abandonmentWorkingDays).toBe(30);
  });

  it("a stored value this release does not accept is ignored, never a reason to stop", async () => {
    await handle.db
      .updateTable("offering_rule_options")
      .set({ options: JSON.stringify({ abandonmentWorkingDays: -1, receptionWorkingHours: 6, old: true }) })
      .where("offering_id", "=", ownOffering)
      .execute();
    const { options } = await effectiveRuleOptions(handle.db, ownOffering);
    expect(options).toMatchObject({ abandonmentWorkingDays: 20, receptionWorkingHours: 6 });
  });

  it("refuses before writing anything: wrong values (400), the province for an agency administrator (403), another agency's offering (404)", async () => {
    const before = await audits();
    const view = await getOfferingRuleOptions(handle.db, adminScopeOf(system), ownOffering);
    await expect(
      updateOfferingRuleOptions(
        handle.db,
        agencyAdmin,
        adminScopeOf(agencyAdmin),
        ownOffering,
        { receptionWorkingHours: 0 },
        now,
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      updateProvinceRuleOptions(
        handle.db,
        agencyAdmin,
        adminScopeOf(agencyAdmin),
        { abandonmentWorkingDays: 3 },
        now,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      updateOfferingRuleOptions(handle.db, agencyAdmin, adminScopeOf(agencyAdmin), otherOffering, {}, now),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await audits()).toBe(before);
    expect(await getOfferingRuleOptions(handle.db, adminScopeOf(system), ownOffering)).toEqual(view);
  });

  it("an empty override removes the offering's row, audited with what it had", async () => {
    await updateOfferingRuleOptions(handle.db, system, adminScopeOf(system), ownOffering, {}, now);
    const rows = await handle.db
      .selectFrom("offering_rule_options")
      .selectAll()
      .where("offering_id", "=", ownOffering)
      .execute();
    expect(rows).toEqual([]);
    const last = await handle.db
      .selectFrom("admin_audit")
      .selectAll()
      .where("entity_id", "=", ownOffering)
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .execute();
    expect(last.some((entry) => JSON.stringify(entry.after) === "{}")).toBe(true);
  });
});

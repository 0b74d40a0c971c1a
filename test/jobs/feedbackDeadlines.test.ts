import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { runFeedbackDeadlines } from "../../src/jobs/feedbackDeadlines.ts";
import { findActor } from "../../src/services/accounts/actor.ts";
import { routeItem } from "../../src/services/feedback/handleItem.ts";
import { submitItem } from "../../src/services/feedback/submitItem.ts";
import { at } from "../services/evaluation/evaluationFixtures.ts";
import { demoUserIds } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/** Issue #17: warnings and escalation of feedback deadlines on the working calendar (R-PAKN-2), each level once. */

let handle: DatabaseHandle;
let id: string;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  const users = await demoUserIds(handle.db);
  const citizen = await findActor(handle.db, users["congdan.demo"] as string);
  const monitor = await findActor(handle.db, users["giamsat.ttpvhcc"] as string);
  // Monday 23 November 2026 09:00: due Monday 7 December 09:00 (10 wd).
  const sent = await submitItem(handle.db, {
    kind: "feedback",
    subject: "agency",
    agencyCode: "000.20.01.H99",
    title: "Góp ý thái độ phục vụ",
    content: "Cán bộ một cửa hướng dẫn chưa rõ ràng, đề nghị hướng dẫn đầy đủ một lần.",
    name: "Nguyễn Văn An",
    phone: "0912345678",
    consentPublish: false,
    actor: citizen,
    now: at("2026-11-23T09:00"),
  });
  id = sent.id;
  await routeItem(handle.db, {
    actor: monitor as NonNullable<typeof monitor>,
    id,
    agencyCode: "000.20.01.H99",
    category: "staffConduct",
    now: at("2026-11-23T10:00"),
  });
});
afterAll(async () => handle?.close());

const events = async () =>
  (
    await handle.db
      .selectFrom("feedback_events")
      .select("type")
      .where("feedback_id", "=", id)
      .orderBy("id")
      .execute()
  ).map((row) => row.type);

const notices = async () =>
  (
    await handle.db
      .selectFrom("notifications")
      .select(["kind", "address"])
      .where("kind", "like", "feedback.%")
      .orderBy("created_at")
      .orderBy("kind")
      .execute()
  ).map((row) => `${row.kind} ${row.address}`);

describe("runFeedbackDeadlines (issue #17, R-PAKN-2)", () => {
  it("nothing two working days before; due soon within one working day, once; the agency is told", async () => {
    expect(await runFeedbackDeadlines(handle.db, at("2026-12-03T09:00"))).toEqual({
      dueSoon: 0,
      overdue: 0,
      escalated: 0,
    });
    // Friday 4 December 10:00 is 7 working hours before Monday 09:00.
    expect((await runFeedbackDeadlines(handle.db, at("2026-12-04T10:00"))).dueSoon).toBe(1);
    expect((await runFeedbackDeadlines(handle.db, at("2026-12-04T11:00"))).dueSoon).toBe(0);
    const ward = await handle.db
      .selectFrom("agencies")
      .select("email")
      .where("code", "=", "000.20.01.H99")
      .executeTakeFirstOrThrow();
    expect(ward.email).toBeTruthy();
    expect(await notices()).toEqual([`feedback.dueSoon ${ward.email}`]);
  });

  it("overdue at the deadline, escalated a working day later to the service center too; each once", async () => {
    expect((await runFeedbackDeadlines(handle.db, at("2026-12-07T09:00"))).overdue).toBe(1);
    // The weekend does not count: Monday 16:00 is 6 working hours late — still only overdue.
    expect(await runFeedbackDeadlines(handle.db, at("2026-12-07T16:00"))).toEqual({
      dueSoon: 0,
      overdue: 0,
      escalated: 0,
    });
    expect((await runFeedbackDeadlines(handle.db, at("2026-12-08T09:00"))).escalated).toBe(1);
    expect((await runFeedbackDeadlines(handle.db, at("2026-12-09T09:00"))).escalated).toBe(0);
    expect(await events()).toEqual(["received", "routed", "dueSoon", "overdue", "escalated"]);
    const sent = await notices();
    expect(sent.filter((line) => line.startsWith("feedback.escalated"))).toContain(
      "feedback.escalated ttpvhcc@demo.gov.vn",
    );
  });

  it("an answered item is no longer watched", async () => {
    await handle.db.updateTable("feedback_items").set({ status: "answered", watch_level: null }).execute();
    expect(await runFeedbackDeadlines(handle.db, at("2026-12-20T09:00"))).toEqual({
      dueSoon: 0,
      overdue: 0,
      escalated: 0,
    });
  });
});

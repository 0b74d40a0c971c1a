import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import {
  type FeedbackPortalSimulator,
  startFeedbackPortalSimulator,
} from "../../../src/integrations/feedbackPortal/feedbackPortalSimulator.ts";
import { httpFeedbackPortal } from "../../../src/integrations/feedbackPortal/httpFeedbackPortal.ts";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { searchFaq } from "../../../src/services/feedback/faq.ts";
import { answerItem, routeItem } from "../../../src/services/feedback/handleItem.ts";
import { importPortalFaq, syncFeedbackPortal } from "../../../src/services/feedback/portalSync.ts";
import { submitItem } from "../../../src/services/feedback/submitItem.ts";
import { at } from "../../services/evaluation/evaluationFixtures.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/** Issue #17 (R-PAKN-1): feedback synchronised both ways with the national feedback system, under its faults. */

let handle: DatabaseHandle;
let simulator: FeedbackPortalSimulator;
let port: ReturnType<typeof httpFeedbackPortal>;
let users: Record<string, string>;
let id: string;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  users = await demoUserIds(handle.db);
  simulator = await startFeedbackPortalSimulator();
  port = httpFeedbackPortal({ url: simulator.url, token: simulator.token, timeoutMs: 300 });
  const citizen = await findActor(handle.db, users["congdan.demo"] as string);
  id = (
    await submitItem(handle.db, {
      kind: "feedback",
      subject: "procedure",
      procedureCode: "1.001193",
      title: "Biểu mẫu khó hiểu",
      content: "Tờ khai đăng ký khai sinh trên cổng khó hiểu, đề nghị có hướng dẫn ví dụ.",
      name: "Nguyễn Văn An",
      phone: "0912345678",
      consentPublish: true,
      actor: citizen,
      now: at("2026-11-23T09:00"),
    })
  ).id;
});
afterAll(async () => {
  await simulator?.close();
  await handle?.close();
});

const row = () =>
  handle.db
    .selectFrom("feedback_items")
    .select(["national_id", "sync_attempts", "sync_error", "sync_next_at", "answer_pushed_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

describe("syncFeedbackPortal (issue #17)", () => {
  it("a 500 is recorded and retried later; the item is not pushed before its retry time", async () => {
    simulator.faults.set({ mode: "error", remaining: 1, delayMs: 0 });
    const now = at("2026-11-23T09:05");
    expect(await syncFeedbackPortal(handle.db, port, now)).toMatchObject({ pushed: 0, failed: 1 });
    const failed = await row();
    expect(failed).toMatchObject({ national_id: null, sync_attempts: 1 });
    expect(failed.sync_error).toMatch(/HTTP 500/);
    expect(failed.sync_next_at).toEqual(new Date(now.getTime() + 30_000));
    expect(await syncFeedbackPortal(handle.db, port, at("2026-11-23T09:05"))).toMatchObject({
      pushed: 0,
      failed: 0,
    });
  });

  it("a timeout fails the same way and backs off longer", async () => {
    simulator.faults.set({ mode: "timeout", remaining: 1, delayMs: 0 });
    expect(await syncFeedbackPortal(handle.db, port, at("2026-11-23T09:10"))).toMatchObject({ failed: 1 });
    const failed = await row();
    expect(failed.sync_error).toMatch(/không trả lời trong 300 ms/);
    expect(failed.sync_next_at).toEqual(new Date(at("2026-11-23T09:10").getTime() + 60_000));
  });

  it("a lost acknowledgement: resent with the same key, the portal keeps one item and gives the same id", async () => {
    simulator.faults.set({ mode: "duplicate", remaining: 1, delayMs: 0 });
    expect(await syncFeedbackPortal(handle.db, port, at("2026-11-23T09:20"))).toMatchObject({ failed: 1 });
    expect(simulator.received.size).toBe(1);
    expect(await syncFeedbackPortal(handle.db, port, at("2026-11-23T09:30"))).toMatchObject({
      pushed: 1,
      failed: 0,
    });
    expect(simulator.received.size).toBe(1);
    const pushed = await row();
    expect(pushed).toMatchObject({ sync_attempts: 0, sync_error: null });
    expect(simulator.received.get(pushed.national_id as string)?.code).toMatch(/^PA-/);
  });

  it("the answer follows once the agency answered", async () => {
    const monitor = await findActor(handle.db, users["giamsat.ttpvhcc"] as string);
    const specialist = await findActor(handle.db, users["chuyenvien.trungtam"] as string);
    await routeItem(handle.db, {
      actor: monitor as NonNullable<typeof monitor>,
      id,
      agencyCode: "000.20.01.H99",
      category: "onlineService",
      now: at("2026-11-23T10:00"),
    });
    await answerItem(handle.db, {
      actor: specialist as NonNullable<typeof specialist>,
      id,
      answer: "Cổng đã bổ sung hướng dẫn kèm ví dụ cho tờ khai.",
      signature: {
        name: "Lê Văn Cường",
        title: "Chuyên viên",
        phone: "02253800100",
        email: "a@b.vn",
        legalReferences: "",
      },
      now: at("2026-11-24T10:00"),
    });
    expect(await syncFeedbackPortal(handle.db, port, at("2026-11-24T10:01"))).toMatchObject({
      answersPushed: 1,
    });
    const pushed = await row();
    expect(pushed.answer_pushed_at).toEqual(at("2026-11-24T10:01"));
    expect(simulator.received.get(pushed.national_id as string)?.answer?.text).toMatch(/hướng dẫn kèm ví dụ/);
  });

  it("items sent at the national portal come in once, waiting for routing with their 10-day deadline", async () => {
    simulator.addCitizenItem({
      kind: "feedback",
      title: "Phản ánh gửi trên Cổng quốc gia",
      content: "Hồ sơ khai sinh của tôi chưa được trả kết quả đúng hẹn.",
      submitterName: "Phạm Thị Dung",
      phone: "0987000111",
      email: null,
      procedureCode: "1.001193",
      dossierCode: null,
      receivedAt: at("2026-11-25T08:00").toISOString(),
    });
    expect((await syncFeedbackPortal(handle.db, port, at("2026-11-25T09:00"))).pulled).toBe(1);
    expect((await syncFeedbackPortal(handle.db, port, at("2026-11-25T09:01"))).pulled).toBe(0);
    const pulled = await handle.db
      .selectFrom("feedback_items")
      .select(["channel", "status", "due_at", "national_id"])
      .where("channel", "=", "national_portal")
      .execute();
    expect(pulled).toEqual([
      {
        channel: "national_portal",
        status: "received",
        due_at: at("2026-12-09T08:00"),
        national_id: "PAKN-DAN-000001",
      },
    ]);
  });

  it("a pull that fails leaves nothing half-done; the national FAQ imports once", async () => {
    simulator.faults.set({ mode: "error", remaining: 1, delayMs: 0 });
    await expect(syncFeedbackPortal(handle.db, port, at("2026-11-25T10:00"))).rejects.toThrow(/HTTP 500/);
    expect(await importPortalFaq(handle.db, port, at("2026-11-25T10:00"))).toEqual({ added: 1, updated: 0 });
    expect(await importPortalFaq(handle.db, port, at("2026-11-25T10:05"))).toEqual({ added: 0, updated: 1 });
    expect((await searchFaq(handle.db, { q: "nop ho so truc tuyen ngay nghi" }))[0]?.source).toBe("national");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { httpSyncClient } from "../../src/integrations/dvcqg/httpSyncClient.ts";
import { startDvcqgSimulator } from "../../src/integrations/dvcqg/simulator/server.ts";
import { smtpEmail } from "../../src/integrations/email/smtpEmail.ts";
import { startSmtpSimulator } from "../../src/integrations/email/smtpSimulator.ts";
import { smsGateway } from "../../src/integrations/sms/smsGateway.ts";
import { startSmsSimulator } from "../../src/integrations/sms/smsSimulator.ts";
import { socialGateway } from "../../src/integrations/social/socialGateway.ts";
import { startSocialSimulator } from "../../src/integrations/social/socialSimulator.ts";
import { runDvcqgSync } from "../../src/jobs/dvcqgSync.ts";
import { runWithJobLease } from "../../src/jobs/jobLease.ts";
import { startScheduler } from "../../src/jobs/scheduler.ts";
import type { NotificationChannels } from "../../src/services/notifications/channels.ts";
import { markHistorySynchronised } from "../../src/services/sync/fanOutSync.ts";
import { demoUserIds, submitBirthRegistration } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

// Issue #21 "More than one process": two `onestop serve` (or workers, or `onestop jobs`) on one database run the same
// jobs at the same moment. Nothing that is sent or published may happen twice: notifications (R-LOOK-3), the national
// portal sync (R-SYNC-1…5), the late list (R-LATE-4), the deadline watch's events; and the jobs under a job lease
// run in one process at a time.

const at = (local: string) => new Date(`${local}:00+07:00`);

describe("two schedulers ticking at once on one database (issue #21)", () => {
  let handle: DatabaseHandle;
  let users: Record<string, string>;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    users = await demoUserIds(handle.db);
  }, 60_000);
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await handle?.close();
  });

  it("deadline watch, late list and notifications: each event, publication and message once", async () => {
    const [smtp, sms, social] = await Promise.all([
      startSmtpSimulator(),
      startSmsSimulator(),
      startSocialSimulator(),
    ]);
    closers.push(smtp.close, sms.close, social.close);
    const channels = (): NotificationChannels => ({
      email: smtpEmail({ url: smtp.url, from: "OneStop <no-reply@onestop.test>" }),
      sms: smsGateway(sms.url),
      social: socialGateway(social.url),
    });
    const dossiers = [];
    for (let index = 0; index < 4; index++)
      dossiers.push(
        (await submitBirthRegistration(handle.db, users["congdan.demo"]!, at("2026-11-23T09:00"))).row,
      );
    // December 1st: the dossiers are overdue, November's late list is due, the submissions' messages are waiting.
    const now = at("2026-12-01T09:30");
    const errors: unknown[] = [];
    const schedulers = [channels(), channels()].map((ports) =>
      startScheduler({
        db: handle.db,
        deadlineWatch: { dueSoonWorkingHours: 8 },
        notifications: { channels: ports, options: { maxAttempts: 3, backoffSeconds: 10 }, intervalMs: 30 },
        clock: () => now,
        intervalMs: 30,
        log: { info: () => {}, error: (object) => errors.push(object) },
      }),
    );
    // Both first ticks start one second after start, together; let several more ticks of each run.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    expect(errors).toEqual([]);

    const ids = dossiers.map((row) => row.id);
    const overdue = await handle.db
      .selectFrom("dossier_events")
      .select(["dossier_id", "type"])
      .where("dossier_id", "in", ids)
      .where("type", "in", ["dueSoon", "overdue"])
      .execute();
    expect(overdue.map((event) => event.dossier_id).sort()).toEqual([...ids].sort());

    const publications = await handle.db
      .selectFrom("late_list_publications")
      .selectAll()
      .where("month", "=", "2026-11-01")
      .execute();
    expect(publications).toHaveLength(1);

    const notifications = await handle.db
      .selectFrom("notifications")
      .select(["status", "attempts", "channel", "idempotency_key"])
      .where("dossier_id", "in", ids)
      .execute();
    expect(notifications.length).toBeGreaterThan(0);
    expect(notifications.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    const smsKeys = sms.received().map((message) => message.idempotencyKey);
    expect(smsKeys.length).toBe(notifications.filter((row) => row.channel === "sms").length);
    expect(new Set(smsKeys).size).toBe(smsKeys.length);
    const mails = smtp.received().map((mail) => mail.messageId);
    expect(mails.length).toBe(notifications.filter((row) => row.channel === "email").length);
    expect(new Set(mails).size).toBe(mails.length);
  }, 60_000);

  it("national portal sync: two passes at once deliver each packet once", async () => {
    const simulator = await startDvcqgSimulator({ token: "bi-mat" });
    closers.push(simulator.close);
    await handle.db.deleteFrom("outbound_deliveries").execute();
    await markHistorySynchronised(handle.db, new Date());
    const now = at("2026-12-02T09:00");
    const dossiers = [];
    for (let index = 0; index < 3; index++)
      dossiers.push((await submitBirthRegistration(handle.db, users["congdan.demo"]!, now)).row);
    const port = () => httpSyncClient({ url: simulator.syncUrl, token: simulator.token, timeoutMs: 2_000 });
    const options = { publicUrl: "http://127.0.0.1:3000", maxBackoffSeconds: 60 };
    await Promise.all([
      runDvcqgSync(handle.db, port(), () => now, options),
      runDvcqgSync(handle.db, port(), () => now, options),
    ]);
    await Promise.all([
      runDvcqgSync(handle.db, port(), () => now, options),
      runDvcqgSync(handle.db, port(), () => now, options),
    ]);
    for (const dossier of dossiers) {
      const packets = simulator.context.sync.received().filter((packet) => packet.maHoSo === dossier.code);
      expect(packets.length).toBeGreaterThan(0);
      const sequences = packets.map((packet) => packet.sequence ?? 0);
      expect(new Set(sequences).size).toBe(sequences.length);
    }
    const deliveries = await handle.db
      .selectFrom("outbound_deliveries")
      .select(["status", "attempts"])
      .where("status", "!=", "sent")
      .execute();
    expect(deliveries).toEqual([]);
  }, 60_000);

  it("a job under a lease runs in one process at a time, and again once the lease is released", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const job = async () => {
      running++;
      runs++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
    };
    const taken = await Promise.all([
      runWithJobLease(handle.db, "test-lease", 60_000, job),
      runWithJobLease(handle.db, "test-lease", 60_000, job),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(most).toBe(1);
    expect(await runWithJobLease(handle.db, "test-lease", 60_000, job)).toBe(true);
    expect(runs).toBe(2);
  });
});

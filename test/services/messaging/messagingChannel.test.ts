import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { type App, buildApp } from "../../../src/http/app.ts";
import { smtpEmail } from "../../../src/integrations/email/smtpEmail.ts";
import { type SmtpSimulator, startSmtpSimulator } from "../../../src/integrations/email/smtpSimulator.ts";
import type { GatewaySimulator } from "../../../src/integrations/gateway/gatewaySimulator.ts";
import { SIGNATURE_HEADER, signEvent, zaloOa } from "../../../src/integrations/messaging/zaloOa.ts";
import {
  startZaloOaSimulator,
  type ZaloOaSimulator,
} from "../../../src/integrations/messaging/zaloOaSimulator.ts";
import { smsGateway } from "../../../src/integrations/sms/smsGateway.ts";
import { startSmsSimulator } from "../../../src/integrations/sms/smsSimulator.ts";
import { socialGateway } from "../../../src/integrations/social/socialGateway.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { lookupDossier } from "../../../src/services/lookup/lookupDossier.ts";
import { MAX_FOLLOW_FAILURES_PER_DAY } from "../../../src/services/messaging/handleMessagingEvent.ts";
import type { NotificationChannels } from "../../../src/services/notifications/channels.ts";
import { deliverDueNotifications } from "../../../src/services/notifications/deliverNotifications.ts";
import { fanOutOutbox } from "../../../src/services/notifications/fanOut.ts";
import { smsReplyText } from "../../../src/services/notifications/smsLookup.ts";
import { loginAs, TestClock, type TestSession } from "../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration, temporaryStorage } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const secret = "bi-mat-kenh-nhan-tin-tinh-2026";
const appId = "oa-app-tinh";
const publicUrl = "https://dichvucong.tinh.example";
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * Issue #18, the messaging channel end to end over real HTTP: the simulated platform delivers signed events to the
 * webhook of a listening app; replies and notifications come back to the simulator through the port.
 */
describe("messaging channel (official account): webhook, follow, photos, dispatcher", () => {
  let handle: DatabaseHandle;
  let app: App;
  let oa: ZaloOaSimulator;
  let smtp: SmtpSimulator;
  let sms: GatewaySimulator;
  let channels: NotificationChannels;
  let users: Record<string, string>;
  let webhookUrl: string;
  const clock = new TestClock(new Date());
  let accepted: { id: string; code: string };
  let waiting: { id: string; code: string };
  let counter: TestSession;

  const send = (message: Parameters<ZaloOaSimulator["userSends"]>[0]) =>
    oa.userSends({ timestamp: clock.now().getTime(), ...message });
  const lastTo = (follower: string) => oa.sentTo(follower).at(-1)?.text ?? "";
  const dispatch = async () => {
    await fanOutOutbox(handle.db, clock.now(), { publicUrl });
    return deliverDueNotifications(handle.db, channels, clock.now, { maxAttempts: 3, backoffSeconds: 1 });
  };
  const asCounter = (id: string, status: number) =>
    runDossierCommand(handle.db, {
      dossierId: id,
      command:
        status === 2
          ? { type: "accept" }
          : {
              type: "requestSupplementAtReception",
              reason: "Thiếu giấy tờ",
              items: ["Bản sao giấy chứng sinh"],
            },
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now: clock.now(),
      authorize: () => {},
    });

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    [oa, smtp, sms] = await Promise.all([startZaloOaSimulator(), startSmtpSimulator(), startSmsSimulator()]);
    const port = zaloOa({
      url: oa.url,
      token: oa.token,
      timeoutMs: 20_000,
      mediaHosts: [new URL(oa.url).host],
    });
    channels = {
      email: smtpEmail({ url: smtp.url, from: "no-reply@onestop.test" }),
      sms: smsGateway(sms.url),
      social: socialGateway(sms.url),
      zalo: port,
    };
    users = await demoUserIds(handle.db);
    const first = await submitBirthRegistration(handle.db, users["congdan.demo"]!, clock.now());
    accepted = { id: first.row.id, code: (await asCounter(first.row.id, 2)).row.code };
    const second = await submitBirthRegistration(handle.db, users["congdan.demo"]!, clock.now());
    waiting = { id: second.row.id, code: second.row.code };
    // Earlier events are not news to followers who come later.
    await fanOutOutbox(handle.db, clock.now(), { publicUrl });
    await handle.db.updateTable("notifications").set({ status: "sent" }).execute();
    app = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      clock: clock.now,
      storage: temporaryStorage(),
      notifications: { channels },
      messaging: { port, webhook: { appId, secret, windowSeconds: 300 } },
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl,
        smsLookupPerHour: 12,
        adminMfaRequired: false,
      },
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    webhookUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/integration/messaging/zalo/webhook`;
    oa.setWebhook({ url: webhookUrl, secret, appId });
    counter = await loginAs(app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    // Seeding, argon2 logins and three simulators take long on a busy CI machine.
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await channels?.email.close();
    await Promise.all([oa?.close(), smtp?.close(), sms?.close()]);
    await handle?.close();
  });

  it("a lookup by code is answered exactly as the SMS reply, without the applicant's name", async () => {
    const [answer] = await send({ from: "9001", text: `tra cứu ${accepted.code.toLowerCase()}` });
    expect(answer).toEqual({ status: 200, body: { outcome: "found", replied: true, repeated: false } });
    const found = await lookupDossier(handle.db, accepted.code, { publicUrl, maskNames: true });
    expect(lastTo("9001")).toBe(smsReplyText(found!));
    expect(lastTo("9001")).not.toContain("Nguyễn");
  });

  it("an unknown code is answered as by SMS; anything else gets the help text", async () => {
    const [unknown] = await send({ from: "9002", text: "TRACUU 000.00.00.H99-000000-9999" });
    expect(unknown!.body).toMatchObject({ outcome: "unknown", replied: true });
    expect(lastTo("9002")).toContain("Không tìm thấy hồ sơ mã 000.00.00.H99-000000-9999");
    const [help] = await send({ from: "9002", text: "xin chào" });
    expect(help!.body).toMatchObject({ outcome: "help" });
    expect(lastTo("9002")).toContain("THEO DOI <mã hồ sơ>");
  });

  it("a forged signature is refused (401) and nothing is recorded or answered", async () => {
    const [answer] = await send({
      from: "9003",
      text: `TRACUU ${accepted.code}`,
      forge: true,
      eventId: "forged-1",
    });
    expect(answer!.status).toBe(401);
    expect((answer!.body as { error: { code: string } }).error.code).toBe("INVALID_SIGNATURE");
    const recorded = await handle.db
      .selectFrom("messaging_inbound_events")
      .select("event_id")
      .where("event_id", "=", "forged-1")
      .execute();
    expect(recorded).toHaveLength(0);
    expect(oa.sentTo("9003")).toHaveLength(0);
  });

  it("a signed event replayed after the window is refused (401); so is another app's or an unsigned one", async () => {
    const [stale] = await send({
      from: "9004",
      text: `TRACUU ${accepted.code}`,
      timestamp: clock.now().getTime() - 10 * 60_000,
    });
    expect(stale!.status).toBe(401);
    expect((stale!.body as { error: { code: string } }).error.code).toBe("STALE_EVENT");
    const timestamp = String(clock.now().getTime());
    const body = JSON.stringify({
      app_id: "another-app",
      event_name: "user_send_text",
      timestamp,
      sender: { id: "9004" },
      message: { msg_id: "other-1", text: "TRACUU X" },
    });
    const other = await fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signEvent(secret, "another-app", body, timestamp),
      },
      body,
    });
    expect(other.status).toBe(401);
    const unsigned = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(oa.sentTo("9004")).toHaveLength(0);
  });

  it("a signed event with a malformed body is a 400; a redelivered event is answered once", async () => {
    const timestamp = String(clock.now().getTime());
    const body = JSON.stringify({
      app_id: appId,
      event_name: "user_send_text",
      timestamp,
      sender: { id: "bad id!" },
    });
    const malformed = await fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signEvent(secret, appId, body, timestamp),
      },
      body,
    });
    expect(malformed.status).toBe(400);
    const answers = await send({ from: "9005", text: `TRACUU ${accepted.code}`, times: 3 });
    expect(answers.map((answer) => answer.body)).toEqual([
      { outcome: "found", replied: true, repeated: false },
      { outcome: "found", replied: false, repeated: true },
      { outcome: "found", replied: false, repeated: true },
    ]);
    expect(oa.sentTo("9005")).toHaveLength(1);
  });

  it("following needs the second fact; unfollowing stops it; too many wrong proofs block following for the day", async () => {
    const [wrong] = await send({ from: "9006", text: `THEO DOI ${waiting.code} 0000` });
    expect(wrong!.body).toMatchObject({ outcome: "followRefused" });
    expect(lastTo("9006")).toContain("Không xác minh được");
    const [none] = await send({ from: "9006", text: `THEO DOI ${waiting.code}` });
    expect(none!.body).toMatchObject({ outcome: "followRefused" });
    const [unknownCode] = await send({ from: "9006", text: "THEO DOI KHONG-CO 5678" });
    expect(unknownCode!.body).toMatchObject({ outcome: "followRefused" });
    expect(lastTo("9006")).toContain("Không xác minh được");
    const [right] = await send({ from: "9006", text: `theo dõi ${waiting.code.toLowerCase()} 5678` });
    expect(right!.body).toMatchObject({ outcome: "followed", replied: true });
    expect(lastTo("9006")).toContain(`Đã theo dõi hồ sơ ${waiting.code}`);
    expect(lastTo("9006")).not.toContain("Nguyễn");
    const [again] = await send({ from: "9006", text: `THEO DOI ${waiting.code} 5678` });
    expect(again!.body).toMatchObject({ outcome: "alreadyFollowing" });
    const [stop] = await send({ from: "9006", text: `BO THEO DOI ${waiting.code}` });
    expect(stop!.body).toMatchObject({ outcome: "unfollowed" });
    const [stopAgain] = await send({ from: "9006", text: `BO THEO DOI ${waiting.code}` });
    expect(stopAgain!.body).toMatchObject({ outcome: "notFollowing" });
    const [english] = await send({ from: "9006", text: `FOLLOW ${waiting.code} 1234` });
    expect(english!.body).toMatchObject({ outcome: "followed" });
    expect(lastTo("9006")).toContain(`You now follow dossier ${waiting.code}`);
    await send({ from: "9006", text: `UNFOLLOW ${waiting.code}` });
    for (let attempt = 0; attempt < MAX_FOLLOW_FAILURES_PER_DAY; attempt++)
      await send({ from: "9007", text: `THEO DOI ${waiting.code} ${String(1000 + attempt)}` });
    const [blocked] = await send({ from: "9007", text: `THEO DOI ${waiting.code} 5678` });
    expect(blocked!.body).toMatchObject({ outcome: "followBlocked" });
    const follows = await handle.db
      .selectFrom("messaging_followers")
      .select("follower_id")
      .where("unfollowed_at", "is", null)
      .execute();
    expect(follows.map((row) => row.follower_id)).not.toContain("9007");
  });

  it("done when: a person looks a dossier up, follows it, and receives its next notification on the channel", async () => {
    const person = "9100";
    await send({ from: person, text: `TRACUU ${waiting.code}` });
    expect(lastTo(person)).toContain(`Hồ sơ ${waiting.code}: Mới đăng ký.`);
    await send({ from: person, text: `THEO DOI ${waiting.code} 1234` }); // the ID number's last digits
    expect(lastTo(person)).toContain(`Đã theo dõi hồ sơ ${waiting.code}`);
    const before = oa.sentTo(person).length;
    clock.advanceMinutes(5);
    await asCounter(waiting.id, 5); // the counter asks to complete the dossier: the applicant is told
    const counts = await dispatch();
    expect(counts.sent).toBeGreaterThan(0);
    const received = oa.sentTo(person).slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain(waiting.code);
    const row = await handle.db
      .selectFrom("notifications")
      .select(["channel", "status", "kind"])
      .where("address", "=", person)
      .where("outbox_id", "is not", null)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "zalo", status: "sent" });
  });

  it("the owner's preference turns the channel off for their dossiers' followers", async () => {
    const citizen = await loginAs(app, "congdan.demo", "Demo@2026!CongDan");
    const current = (
      await app.inject({
        method: "GET",
        url: "/api/account/notification-preferences",
        headers: citizen.headers,
      })
    ).json();
    expect(current.zalo).toBe(true);
    const saved = await app.inject({
      method: "PUT",
      url: "/api/account/notification-preferences",
      headers: citizen.headers,
      payload: {
        email: current.email,
        sms: current.sms,
        social: false,
        socialHandle: null,
        language: "vi",
        zalo: false,
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().zalo).toBe(false);
    const third = await submitBirthRegistration(handle.db, users["congdan.demo"]!, clock.now());
    const [followed] = await send({ from: "9200", text: `THEO DOI ${third.row.code} 5678` });
    expect(followed!.body).toMatchObject({ outcome: "followed" });
    const before = oa.sentTo("9200").length;
    clock.advanceMinutes(5);
    await asCounter(third.row.id, 2); // accepted: the applicant is told, but not on the channel
    await dispatch();
    expect(oa.sentTo("9200").length).toBe(before);
    const zaloRows = await handle.db
      .selectFrom("notifications")
      .select("id")
      .where("address", "=", "9200")
      .where("outbox_id", "is not", null)
      .execute();
    expect(zaloRows).toHaveLength(0);
    await app.inject({
      method: "PUT",
      url: "/api/account/notification-preferences",
      headers: citizen.headers,
      payload: {
        email: current.email,
        sms: current.sms,
        social: false,
        socialHandle: null,
        language: "vi",
        zalo: true,
      },
    });
  });

  it("photos for a dossier awaiting a supplement: refused without a follow or with a wrong type, held otherwise", async () => {
    const [notFollowing] = await send({ from: "9300", photo: { content: PNG, contentType: "image/png" } });
    expect(notFollowing!.body).toMatchObject({ outcome: "photoRefused" });
    expect(lastTo("9300")).toContain("chưa theo dõi hồ sơ nào");
    const [badType] = await send({
      from: "9100",
      photo: { content: Buffer.from("not an image at all"), contentType: "image/jpeg" },
    });
    expect(badType!.body).toMatchObject({ outcome: "photoRefused" });
    expect(lastTo("9100")).toContain("loại tệp không được chấp nhận");
    const [good] = await send({
      from: "9100",
      text: "Giấy chứng sinh",
      photo: { content: PNG, contentType: "image/png" },
    });
    expect(good!.body).toMatchObject({ outcome: "photoReceived", replied: true });
    expect(lastTo("9100")).toContain(`Đã nhận ảnh giấy tờ bổ sung cho hồ sơ ${waiting.code}`);
    const [second] = await send({
      from: "9100",
      photo: { content: Buffer.concat([PNG]), contentType: "image/png" },
    });
    expect(second!.body).toMatchObject({ outcome: "photoReceived" });
  });

  it("the office lists and views the photos; only the counter accepts or rejects; 401 / 403 / 404 / 400 / 409", async () => {
    const list = await app.inject({
      method: "GET",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos`,
      headers: counter.headers,
    });
    expect(list.statusCode).toBe(200);
    const photos = list.json().photos as { id: string; status: string; mediaType: string }[];
    expect(photos).toHaveLength(2);
    expect(photos.every((photo) => photo.status === "pending" && photo.mediaType === "image/png")).toBe(true);
    const view = await app.inject({
      method: "GET",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos/${photos[0]!.id}`,
      headers: counter.headers,
    });
    expect(view.statusCode).toBe(200);
    expect(view.headers["content-type"]).toBe("image/png");
    expect(view.rawPayload).toEqual(PNG);
    expect(
      (await app.inject({ method: "GET", url: `/api/office/dossiers/${waiting.id}/messaging-photos` }))
        .statusCode,
    ).toBe(401);
    const otherAgency = await loginAs(app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/api/office/dossiers/${waiting.id}/messaging-photos`,
          headers: otherAgency.headers,
        })
      ).statusCode,
    ).toBe(404);
    const specialist = await loginAs(app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
    const forbidden = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos/accept`,
      headers: specialist.headers,
      payload: { photoIds: [photos[0]!.id] },
    });
    expect(forbidden.statusCode).toBe(403);
    const empty = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos/accept`,
      headers: counter.headers,
      payload: { photoIds: [] },
    });
    expect(empty.statusCode).toBe(400);
    const notOurs = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${accepted.id}/messaging-photos/accept`,
      headers: counter.headers,
      payload: { photoIds: [photos[0]!.id] },
    });
    expect(notOurs.statusCode).toBe(400);
    const blankReason = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos/${photos[1]!.id}/reject`,
      headers: counter.headers,
      payload: { reason: "   " },
    });
    expect(blankReason.statusCode).toBe(400);
    const rejected = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos/${photos[1]!.id}/reject`,
      headers: counter.headers,
      payload: { reason: "Ảnh bị mờ" },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: "rejected", rejectReason: "Ảnh bị mờ" });
    await dispatch();
    expect(lastTo("9100")).toContain("chưa được chấp nhận: Ảnh bị mờ");
    const decidedAgain = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos/accept`,
      headers: counter.headers,
      payload: { photoIds: [photos[1]!.id] },
    });
    expect(decidedAgain.statusCode).toBe(409);
  });

  it("accepting a photo attaches it as a supplement file and receives the supplement, with its event", async () => {
    const photos = (
      await app.inject({
        method: "GET",
        url: `/api/office/dossiers/${waiting.id}/messaging-photos`,
        headers: counter.headers,
      })
    ).json().photos as { id: string; status: string }[];
    const pending = photos.find((photo) => photo.status === "pending")!;
    const before = await handle.db
      .selectFrom("dossiers")
      .select(["status", "version"])
      .where("id", "=", waiting.id)
      .executeTakeFirstOrThrow();
    expect(before.status).toBe(5);
    const response = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${waiting.id}/messaging-photos/accept`,
      headers: counter.headers,
      payload: { photoIds: [pending.id], expectedVersion: before.version },
    });
    expect(response.statusCode).toBe(200);
    const after = await handle.db
      .selectFrom("dossiers")
      .select(["status", "version"])
      .where("id", "=", waiting.id)
      .executeTakeFirstOrThrow();
    expect(after.status).not.toBe(5);
    const file = await handle.db
      .selectFrom("dossier_files")
      .select(["id", "purpose", "media_type", "event_sequence", "digitized"])
      .where("dossier_id", "=", waiting.id)
      .where("purpose", "=", "supplement")
      .executeTakeFirstOrThrow();
    expect(file).toMatchObject({ media_type: "image/png", event_sequence: after.version, digitized: false });
    const photo = await handle.db
      .selectFrom("messaging_photos")
      .selectAll()
      .where("id", "=", pending.id)
      .executeTakeFirstOrThrow();
    expect(photo).toMatchObject({
      status: "accepted",
      dossier_file_id: file.id,
      decided_by: users["motcua.trungtam"],
    });
    const event = await handle.db
      .selectFrom("dossier_events")
      .select("type")
      .where("dossier_id", "=", waiting.id)
      .where("sequence", "=", after.version)
      .executeTakeFirstOrThrow();
    expect(event.type).toMatch(/upplement/);
  });

  it("the hourly quota: the first message over it is told so, later ones are not answered", async () => {
    for (let index = 0; index < 12; index++) await send({ from: "9400", text: "xin chào" });
    const [limited] = await send({ from: "9400", text: "xin chào" });
    expect(limited!.body).toMatchObject({ outcome: "limited", replied: true });
    const [silenced] = await send({ from: "9400", text: "xin chào" });
    expect(silenced!.body).toMatchObject({ outcome: "silenced", replied: false });
  });

  it("without a secret the webhook answers 503", async () => {
    const bare = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      config: { logLevel: "silent", publicRateLimitPerMinute: 1_000_000, publicUrl },
    });
    const response = await bare.inject({
      method: "POST",
      url: "/api/integration/messaging/zalo/webhook",
      payload: {},
    });
    expect(response.statusCode).toBe(503);
    await bare.close();
  });
});

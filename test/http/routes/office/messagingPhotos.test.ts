import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import type { FileStorage } from "../../../../src/integrations/storage/fileStorage.ts";
import { loginAs, type TestSession } from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration, temporaryStorage } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const monday = new Date("2026-11-23T09:00:00+07:00");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * `GET /api/office/dossiers/:id/messaging-photos/:photoId` (issue #18) streams the stored photo (issue #21 item 5):
 * a photo of several chunks comes back byte-identical with its Content-Length and without the store ever being read
 * whole; who may look at it is unchanged (whoever sees the dossier, 404 to everyone else), and a photo whose bytes
 * are gone answers 404 as an unknown one.
 */
describe("GET /api/office/dossiers/:id/messaging-photos/:photoId streams the stored photo", () => {
  let handle: DatabaseHandle;
  let app: App;
  let dossierId: string;
  let otherDossierId: string;
  let photoId: string;
  let missingPhotoId: string;
  const photo = Buffer.concat([PNG_SIGNATURE, randomBytes(3 * 1024 * 1024 - PNG_SIGNATURE.length)]);
  const sessions: Record<string, TestSession> = {};
  let wholeReads = 0;

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const users = await demoUserIds(handle.db);
    const base = temporaryStorage();
    // The app's store, counting whole reads: a download must not make any.
    const storage: FileStorage = {
      ...base,
      get: async (key) => {
        wholeReads += 1;
        return base.get(key);
      },
    };
    const citizen = users["congdan.demo"]!;
    const dossier = (await submitBirthRegistration(handle.db, citizen, monday)).row;
    dossierId = dossier.id;
    otherDossierId = (await submitBirthRegistration(handle.db, citizen, monday)).row.id;
    const stored = await base.put(photo);
    const event = async (eventId: string) =>
      handle.db
        .insertInto("messaging_inbound_events")
        .values({
          event_id: eventId,
          follower_id: "follower-9100",
          event_name: "user_send_image",
          received_at: monday,
          outcome: "photoReceived",
          dossier_id: dossier.id,
          notification_id: null,
        })
        .execute();
    const insertPhoto = async (
      eventId: string,
      key: string,
      digest: string,
      size: number,
      fileName: string,
    ) => {
      await event(eventId);
      return (
        await handle.db
          .insertInto("messaging_photos")
          .values({
            dossier_id: dossier.id,
            agency_id: dossier.agency_id,
            follower_id: "follower-9100",
            event_id: eventId,
            storage_key: key,
            sha256: digest,
            file_name: fileName,
            media_type: "image/png",
            size_bytes: size,
            received_at: monday,
            decided_by: null,
            decided_at: null,
            reject_reason: null,
            dossier_file_id: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    };
    photoId = await insertPhoto(
      "event-photo-1",
      stored.key,
      stored.sha256,
      photo.byteLength,
      "Ảnh giấy chứng sinh.png",
    );
    // A record whose bytes the store no longer has.
    const gone = sha256(Buffer.from("never stored"));
    missingPhotoId = await insertPhoto("event-photo-2", gone, gone, 12, "anh-mat.png");
    app = await buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      storage,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        loginRateLimitPerMinute: 1_000_000,
      },
    });
    await app.ready();
    const passwords: Record<string, string> = {
      "motcua.trungtam": "Demo@2026!MotCuaTT",
      "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
      "motcua.sotaichinh": "Demo@2026!MotCuaSTC",
      "congdan.demo": "Demo@2026!CongDan",
      "doanhnghiep.demo": "Demo@2026!DoanhNghiep",
    };
    for (const [username, password] of Object.entries(passwords))
      sessions[username] = await loginAs(app, username, password);
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const view = (session: TestSession | undefined, id = photoId, dossier = dossierId, language?: string) =>
    app.inject({
      method: "GET",
      url: `/api/office/dossiers/${dossier}/messaging-photos/${id}`,
      headers: { ...(session?.headers ?? {}), ...(language ? { "accept-language": language } : {}) },
    });

  it("gives a 3 MB photo byte-identical with its Content-Length and headers, never reading it whole", async () => {
    const reads = wholeReads;
    const response = await view(sessions["motcua.trungtam"]);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("image/png");
    expect(response.headers["content-length"]).toBe(String(photo.byteLength));
    expect(response.headers["content-disposition"]).toBe(
      `inline; filename="Anh giay chung sinh.png"; filename*=UTF-8''${encodeURIComponent("Ảnh giấy chứng sinh.png")}`,
    );
    expect(response.headers["cache-control"]).toBe("private, no-store");
    expect(response.rawPayload.byteLength).toBe(photo.byteLength);
    // Compared by hash: a deep equality of 3 MB takes seconds.
    expect(sha256(response.rawPayload)).toBe(sha256(photo));
    expect(wholeReads).toBe(reads);
  });

  it("gives it to whoever sees the dossier: an officer of its agency without the counter role, its owner", async () => {
    for (const username of ["chuyenvien.trungtam", "congdan.demo"]) {
      const response = await view(sessions[username]);
      expect(response.statusCode, username).toBe(200);
      expect(sha256(response.rawPayload), username).toBe(sha256(photo));
    }
  });

  it("401 without a session; 404 to an officer of another agency and to another applicant, as for no photo", async () => {
    expect((await view(undefined)).statusCode).toBe(401);
    for (const username of ["motcua.sotaichinh", "doanhnghiep.demo"]) {
      const response = await view(sessions[username]);
      expect(response.statusCode, username).toBe(404);
      expect(response.headers["content-length"], username).not.toBe(String(photo.byteLength));
    }
  });

  it("404 for the photo asked through another dossier, and 400 for a malformed id", async () => {
    const response = await view(sessions["motcua.trungtam"], photoId, otherDossierId);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe("Không tìm thấy ảnh");
    expect((await view(sessions["motcua.trungtam"], "not-a-uuid")).statusCode).toBe(400);
  });

  it("a photo whose bytes are gone answers 404 as an unknown photo (vi / en), before anything is sent", async () => {
    const vi = await view(sessions["motcua.trungtam"], missingPhotoId);
    expect(vi.statusCode).toBe(404);
    expect(vi.json().error.message).toBe("Không tìm thấy ảnh");
    const en = await view(sessions["motcua.trungtam"], missingPhotoId, dossierId, "en");
    expect(en.statusCode).toBe(404);
    expect(en.json().error.message).toBe("No such photo");
    // The app goes on serving.
    expect((await view(sessions["motcua.trungtam"])).statusCode).toBe(200);
  });
});

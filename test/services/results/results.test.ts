import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { RESULT_TOKEN_TYPE } from "../../../src/domain/results/resultClaims.ts";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { approveResult } from "../../../src/services/dossiers/processing/approveResult.ts";
import { NotFoundError, ValidationError } from "../../../src/services/errors.ts";
import { listDossierResults } from "../../../src/services/results/dossierResults.ts";
import { checkResultFile, findIssuedResult } from "../../../src/services/results/findResult.ts";
import {
  activeSigningKey,
  listSigningKeys,
  publishedJwks,
  rotateSigningKey,
} from "../../../src/services/results/signingKeys.ts";
import { verifyResultToken } from "../../../src/services/results/verifyToken.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { actorNamed, at, snapshot, uploadPdf } from "../dossiers/processing/processingFixtures.ts";
import { approvedDossier, dossierAtApproval, resultUpload } from "./resultFixtures.ts";

let handle: DatabaseHandle;
let users: Record<string, string>;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  users = await demoUserIds(handle.db);
}, 120_000);
afterAll(async () => handle.close());

const resultOf = (dossierId: string) =>
  handle.db.selectFrom("issued_results").selectAll().where("dossier_id", "=", dossierId).execute();
const jwks = () => publishedJwks(handle.db, new Date("2027-01-01T00:00:00Z"));

/** The token with one claim of its payload changed, the signature kept. */
function tampered(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}

describe("issuing a verifiable result with the approval (R-RES-1, R-RES-2)", () => {
  it("approval writes one issued result: code, file hash, key, signed token with the public facts only", async () => {
    const { dossierId, content } = await approvedDossier(handle.db, users);
    const [issued, ...more] = await resultOf(dossierId);
    expect(more).toEqual([]);
    const file = await handle.db
      .selectFrom("dossier_files")
      .select(["id", "sha256"])
      .where("dossier_id", "=", dossierId)
      .where("purpose", "=", "result")
      .executeTakeFirstOrThrow();
    expect(issued).toMatchObject({
      file_id: file.id,
      file_sha256: file.sha256,
      procedure_code: "1.004884",
      procedure_name: expect.stringContaining("khai sinh"),
      holder_kind: "person",
      holder_name: "Nguyễn Văn An",
      issued_at: at("2026-11-23T10:00"),
    });
    expect(issued!.verification_code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const verified = await verifyResultToken(issued!.jws, await jwks());
    expect(verified).toEqual({
      valid: true,
      kid: issued!.kid,
      claims: {
        code: issued!.verification_code,
        dossierCode: issued!.dossier_code,
        procedureCode: "1.004884",
        procedureName: issued!.procedure_name,
        agencyCode: "000.20.01.H99",
        agencyName: issued!.agency_name,
        holder: "Nguyễn V** A*",
        sha256: file.sha256,
        issuedAt: at("2026-11-23T10:00"),
      },
    });
    // No identity number, phone or full name travels in the token the QR code carries.
    const payload = Buffer.from(issued!.jws.split(".")[1]!, "base64url").toString("utf8");
    expect(payload).not.toContain("099090001234");
    expect(payload).not.toContain("0912345678");
    expect(payload).not.toContain("Văn An");
    expect((await checkResultFile(handle.db, issued!.verification_code, content))?.matches).toBe(true);
  });

  it("the result is written in the approval's transaction: both commit, or neither", async () => {
    const { dossierId, leader } = await dossierAtApproval(handle.db, users, "2026-11-24");
    const before = await snapshot(handle.db, dossierId);
    const keysBefore = await listSigningKeys(handle.db);
    const foreign = await uploadPdf(
      handle.db,
      await actorNamed(handle.db, users, "chuyenvien.trungtam"),
      at("2026-11-24T09:50"),
    );
    await expect(
      approveResult(handle.db, { dossierId, actor: leader, now: at("2026-11-24T10:00"), uploadId: foreign }),
    ).rejects.toBeInstanceOf(ValidationError);
    // An approval that succeeds inside a larger transaction which then fails: its result goes with it.
    const { uploadId } = await resultUpload(handle.db, leader, at("2026-11-24T09:55"), "rollback");
    const failure = new Error("the outer transaction fails after the approval");
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await approveResult(trx, { dossierId, actor: leader, now: at("2026-11-24T10:00"), uploadId });
        expect(
          await trx.selectFrom("issued_results").select("id").where("dossier_id", "=", dossierId).execute(),
        ).toHaveLength(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    const after = await snapshot(handle.db, dossierId);
    expect({ ...after, uploads: undefined }).toEqual({ ...before, uploads: undefined });
    expect(await resultOf(dossierId)).toEqual([]);
    expect(await listSigningKeys(handle.db)).toEqual(keysBefore);
  });
});

describe("verifying a result token offline with the JWKS", () => {
  it("tampered payload: the signature no longer matches", async () => {
    const { dossierId } = await approvedDossier(handle.db, users);
    const [issued] = await resultOf(dossierId);
    const keys = await jwks();
    const forged = tampered(issued!.jws, (claims) => {
      claims.hld = "Trần T** B*";
    });
    expect(await verifyResultToken(forged, keys)).toEqual({ valid: false, reason: "badSignature" });
    const otherHash = tampered(issued!.jws, (claims) => {
      claims.sha = "0".repeat(64);
    });
    expect(await verifyResultToken(otherHash, keys)).toEqual({ valid: false, reason: "badSignature" });
  });

  it("unknown key: a token signed by a key the province never published", async () => {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const outsider = await new SignJWT({ v: 1, sub: "X" })
      .setProtectedHeader({ alg: "ES256", kid: "not-ours", typ: RESULT_TOKEN_TYPE })
      .sign(privateKey);
    expect(await verifyResultToken(outsider, await jwks())).toEqual({ valid: false, reason: "unknownKey" });
    const noKid = await new SignJWT({ v: 1 }).setProtectedHeader({ alg: "ES256" }).sign(privateKey);
    expect(await verifyResultToken(noKid, await jwks())).toEqual({ valid: false, reason: "unknownKey" });
    // Another key claiming the province's key id: known id, wrong signature.
    const { keys } = await jwks();
    const impostor = await new SignJWT({ v: 1 })
      .setProtectedHeader({ alg: "ES256", kid: keys[0]!.kid, typ: RESULT_TOKEN_TYPE })
      .sign(privateKey);
    expect(await verifyResultToken(impostor, { keys })).toEqual({ valid: false, reason: "badSignature" });
  });

  it("malformed tokens and signed tokens that are not results", async () => {
    const keys = await jwks();
    expect(await verifyResultToken("", keys)).toEqual({ valid: false, reason: "malformed" });
    expect(await verifyResultToken("abc.def", keys)).toEqual({ valid: false, reason: "malformed" });
    const key = await activeSigningKey(handle.db, at("2026-11-23T10:00"));
    const notResult = await new SignJWT({ v: 1, sub: "X" })
      .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: RESULT_TOKEN_TYPE })
      .sign(key.privateKey);
    expect(await verifyResultToken(notResult, keys)).toEqual({ valid: false, reason: "badClaims" });
    const otherType = await new SignJWT({ v: 1 })
      .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
      .sign(key.privateKey);
    expect(await verifyResultToken(otherType, keys)).toEqual({ valid: false, reason: "badClaims" });
    const [header, payload] = notResult.split(".");
    expect(await verifyResultToken(`${header}.${payload}.!!`, keys)).toEqual({
      valid: false,
      reason: "malformed",
    });
  });

  it("rotation: results signed before still verify; new results use the new key; both keys are published", async () => {
    const before = await approvedDossier(handle.db, users, "2026-11-25");
    const [old] = await resultOf(before.dossierId);
    const rotated = await rotateSigningKey(handle.db, at("2026-11-25T12:00"));
    expect(rotated.retired).toBe(old!.kid);
    expect(rotated.kid).not.toBe(old!.kid);
    const after = await approvedDossier(handle.db, users, "2026-11-26");
    const [fresh] = await resultOf(after.dossierId);
    expect(fresh!.kid).toBe(rotated.kid);
    const keys = await jwks();
    expect(keys.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([old!.kid, rotated.kid]));
    expect(keys.keys[0]!.kid).toBe(rotated.kid);
    expect(await verifyResultToken(old!.jws, keys)).toMatchObject({ valid: true, kid: old!.kid });
    expect(await verifyResultToken(fresh!.jws, keys)).toMatchObject({ valid: true, kid: rotated.kid });
    for (const key of keys.keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
      expect(key).not.toHaveProperty("d");
    }
    const listed = await listSigningKeys(handle.db);
    expect(listed.filter((key) => key.retiredAt === null)).toHaveLength(1);
    expect(listed.find((key) => key.kid === old!.kid)?.retiredAt).toEqual(at("2026-11-25T12:00"));
  });

  it("an expired key is no longer published, and its tokens then name an unknown key", async () => {
    const { dossierId } = await approvedDossier(handle.db, users, "2026-11-27");
    const [issued] = await resultOf(dossierId);
    await rotateSigningKey(handle.db, at("2026-11-27T12:00"));
    await handle.db
      .updateTable("result_signing_keys")
      .set({ expires_at: at("2026-12-31T00:00") })
      .where("kid", "=", issued!.kid)
      .execute();
    const later = await publishedJwks(handle.db, at("2027-01-02T00:00"));
    expect(later.keys.map((key) => key.kid)).not.toContain(issued!.kid);
    expect(await verifyResultToken(issued!.jws, later)).toEqual({ valid: false, reason: "unknownKey" });
    const earlier = await publishedJwks(handle.db, at("2026-12-01T00:00"));
    expect(earlier.keys.map((key) => key.kid)).toContain(issued!.kid);
  });
});

describe("verify by code and by file", () => {
  it("finds the public facts by code in any case; malformed and unknown codes alike find nothing", async () => {
    const { dossierId, content } = await approvedDossier(handle.db, users);
    const [issued] = await resultOf(dossierId);
    const facts = await findIssuedResult(
      handle.db,
      issued!.verification_code.toLowerCase().replaceAll("-", ""),
    );
    expect(facts).toMatchObject({
      code: issued!.verification_code,
      agencyCode: "000.20.01.H99",
      dossierCode: issued!.dossier_code,
      holder: "Nguyễn V** A*",
      fileSha256: issued!.file_sha256,
      token: issued!.jws,
    });
    expect(await findIssuedResult(handle.db, "00000-00000-00000")).toBeUndefined();
    expect(await findIssuedResult(handle.db, "not a code")).toBeUndefined();
    expect(await checkResultFile(handle.db, issued!.verification_code, content)).toEqual({
      matches: true,
      sha256: issued!.file_sha256,
    });
    const other = await checkResultFile(handle.db, issued!.verification_code, new Uint8Array([1, 2, 3]));
    expect(other).toEqual({
      matches: false,
      sha256: "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
    });
    expect(await checkResultFile(handle.db, "00000-00000-00000", content)).toBeUndefined();
  });

  it("the dossier's results for its owner and its officers; another citizen is told it does not exist", async () => {
    const { dossierId } = await approvedDossier(handle.db, users);
    const owner = (await findActor(handle.db, users["congdan.demo"]!))!;
    const listed = await listDossierResults(handle.db, { actor: owner, dossierId });
    expect(listed).toEqual([
      expect.objectContaining({ fileName: "giay-khai-sinh.pdf", issuedAt: at("2026-11-23T10:00") }),
    ]);
    const counter = await actorNamed(handle.db, users, "motcua.trungtam");
    expect(await listDossierResults(handle.db, { actor: counter, dossierId })).toEqual(listed);
    const stranger = await actorNamed(handle.db, users, "doanhnghiep.demo");
    await expect(listDossierResults(handle.db, { actor: stranger, dossierId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      listDossierResults(handle.db, { actor: owner, dossierId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LocalCertificateAuthority,
  localSigning,
  signDigestWithKey,
} from "../../../src/integrations/signing/localCertificateAuthority.ts";
import { signPdf } from "../../../src/integrations/signing/pdfSignature.ts";
import { remoteSigning } from "../../../src/integrations/signing/remoteSigningClient.ts";
import {
  type SigningSimulator,
  startSigningSimulator,
} from "../../../src/integrations/signing/remoteSigningSimulator.ts";
import {
  SigningDeclined,
  type SigningPort,
  SigningUnavailable,
} from "../../../src/integrations/signing/signingPort.ts";
import {
  findPdfSignatures,
  verifyPdfSignatures,
} from "../../../src/integrations/signing/verifyPdfSignatures.ts";

/**
 * Officers' signatures (issue #16, R-RECV-7, R-RES-1): PAdES signatures made through the port and verified as a
 * reader would, across the four certificate states (valid, unknown issuer, revoked, expired) and an alteration.
 */
const officer = { userId: "officer-1", fullName: "Nguyễn Thị Ký Số", organisation: "UBND Phường Trung Tâm" };
const details = { reason: "Số hóa hồ sơ", signerName: officer.fullName, location: "Phường Trung Tâm" };
let ca: LocalCertificateAuthority;
let pdf: Uint8Array;

beforeAll(async () => {
  ca = await LocalCertificateAuthority.create("Test CA");
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]).drawText("Giay khai sinh");
  pdf = await doc.save();
});

async function signedBy(port: SigningPort = localSigning(ca), at = new Date()) {
  const credential = await port.credentialFor(officer);
  return signPdf(pdf, {
    credential,
    sign: (digest) => port.signDigest(credential, digest, "test"),
    signingTime: at,
    ...details,
  });
}

describe("PAdES signature and verification with the local CA", () => {
  it("valid: ByteRange over the whole file, detached CMS, the signer's name and time", async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    const signed = await signedBy(localSigning(ca), at);
    const [found] = findPdfSignatures(signed);
    expect(found!.byteRange[0]).toBe(0);
    expect(found!.byteRange[2] + found!.byteRange[3]).toBe(signed.length);
    expect(signed.toString("latin1")).toContain("/SubFilter /adbe.pkcs7.detached");
    const checks = await verifyPdfSignatures(signed, await ca.trust());
    expect(checks).toEqual([
      expect.objectContaining({
        state: "valid",
        signerName: officer.fullName,
        organisation: officer.organisation,
        signedAt: at,
        issuerName: "Test CA Officers",
      }),
    ]);
  });

  it("broken: one byte changed after signing, or bytes appended", async () => {
    const signed = await signedBy();
    const altered = Buffer.from(signed);
    const position = signed.indexOf("Giay");
    const index = position > 0 ? position : 200;
    altered.writeUInt8(altered.readUInt8(index) ^ 0x01, index);
    expect((await verifyPdfSignatures(altered, await ca.trust()))[0]!.state).toBe("broken");
    const appended = Buffer.concat([signed, Buffer.from("\n% added\n")]);
    expect((await verifyPdfSignatures(appended, await ca.trust()))[0]!.state).toBe("broken");
  });

  it("unknown issuer: another CA's roots do not vouch for it", async () => {
    const other = await LocalCertificateAuthority.create("Other CA");
    const signed = await signedBy();
    expect((await verifyPdfSignatures(signed, await other.trust()))[0]!.state).toBe("unknownIssuer");
  });

  it("expired: a certificate no longer valid at the signing time", async () => {
    const expired = await ca.issueOfficerCertificate(officer, {
      notBefore: new Date("2020-01-01T00:00:00Z"),
      notAfter: new Date("2021-01-01T00:00:00Z"),
    });
    const signed = await signPdf(pdf, {
      credential: expired,
      sign: async (digest) => signDigestWithKey(expired.privateKeyPem, digest),
      signingTime: new Date(),
      ...details,
    });
    expect((await verifyPdfSignatures(signed, await ca.trust()))[0]!.state).toBe("expired");
  });

  it("revoked: listed on the CRL from before the signing time; a signature made before the revocation stays valid", async () => {
    const local = await LocalCertificateAuthority.create("Revoking CA");
    const port = localSigning(local);
    const before = await signedBy(port, new Date(Date.now() - 3_600_000));
    const credential = await port.credentialFor(officer);
    local.revoke((await local.enrol(officer)).serialNumber, new Date(Date.now() - 60_000));
    const after = await signPdf(pdf, {
      credential,
      sign: async (digest) =>
        signDigestWithKey(local.credential(credential.credentialId)!.privateKeyPem, digest),
      signingTime: new Date(),
      ...details,
    });
    const trust = await local.trust();
    expect((await verifyPdfSignatures(after, trust))[0]!.state).toBe("revoked");
    expect((await verifyPdfSignatures(before, trust))[0]!.state).toBe("valid");
  });

  it("an unsigned PDF has no signature", async () => {
    expect(await verifyPdfSignatures(Buffer.from(pdf), await ca.trust())).toEqual([]);
  });
});

describe("remote signing through the simulator", () => {
  let simulator: SigningSimulator;
  beforeAll(async () => {
    simulator = await startSigningSimulator({ token: "test-token" });
  });
  afterAll(() => simulator.close());

  const client = (overrides: { token?: string; timeoutMs?: number } = {}) =>
    remoteSigning({
      url: simulator.url,
      token: overrides.token ?? "test-token",
      timeoutMs: overrides.timeoutMs ?? 5000,
      pollMs: 10,
    });

  it("the officer's key stays at the service; the signature verifies with the service's trust list", async () => {
    const port = client();
    const signed = await signedBy(port);
    const [check] = await verifyPdfSignatures(signed, await port.trust());
    expect(check).toMatchObject({ state: "valid", signerName: officer.fullName });
    expect(simulator.requests().at(-1)).toMatchObject({ description: "test" });
  });

  it("waits while the officer has not confirmed, then signs", async () => {
    simulator.faults.pendingPolls = 2;
    try {
      const signed = await signedBy(client());
      expect((await verifyPdfSignatures(signed, await simulator.ca.trust()))[0]!.state).toBe("valid");
    } finally {
      simulator.resetFaults();
    }
  });

  it("a declined request, a 5xx and a timeout are told apart", async () => {
    const port = client({ timeoutMs: 1000 });
    const credential = await port.credentialFor(officer);
    const digest = new Uint8Array(32);
    simulator.faults.declineNext = 1;
    await expect(port.signDigest(credential, digest, "x")).rejects.toBeInstanceOf(SigningDeclined);
    simulator.faults.failNext = 1;
    await expect(port.signDigest(credential, digest, "x")).rejects.toBeInstanceOf(SigningUnavailable);
    simulator.faults.delayMs = 1500;
    try {
      await expect(port.signDigest(credential, digest, "x")).rejects.toBeInstanceOf(SigningUnavailable);
    } finally {
      simulator.resetFaults();
    }
  });

  it("the simulator checks the token and every field", async () => {
    await expect(client({ token: "wrong" }).trust()).rejects.toThrow(/401/);
    const post = (body: unknown) =>
      fetch(`${simulator.url}/signatures`, {
        method: "POST",
        headers: { authorization: "Bearer test-token", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const credential = await client().credentialFor(officer);
    const hash = Buffer.alloc(32).toString("base64");
    const good = { credentialId: credential.credentialId, hashAlgorithm: "SHA-256", hash, description: "x" };
    expect((await post({ ...good, hashAlgorithm: "SHA-1" })).status).toBe(400);
    expect((await post({ ...good, hash: "AAAA" })).status).toBe(400);
    expect((await post({ ...good, description: "" })).status).toBe(400);
    expect((await post({ ...good, credentialId: "nobody" })).status).toBe(404);
    expect((await post(good)).status).toBe(202);
  });
});

/**
 * Officers' signatures (issue #16): PAdES signatures made and verified per second through the signing port with the
 * local CA, against raw node:crypto RSA-SHA256 signing and verifying of the same PDF bytes in the same run (the floor:
 * what the key operation alone costs). Not in CI.
 *
 * Run: npm run bench signing
 */
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import {
  LocalCertificateAuthority,
  localSigning,
} from "../src/integrations/signing/localCertificateAuthority.ts";
import { signPdf } from "../src/integrations/signing/pdfSignature.ts";
import { verifyPdfSignatures } from "../src/integrations/signing/verifyPdfSignatures.ts";

const SECONDS = 3;

async function perSecond(work: () => Promise<unknown> | unknown): Promise<number> {
  const until = performance.now() + SECONDS * 1000;
  let count = 0;
  const started = performance.now();
  while (performance.now() < until) {
    await work();
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

export default async function run(): Promise<void> {
  const ca = await LocalCertificateAuthority.create("Bench CA");
  const port = localSigning(ca);
  const officer = { userId: "bench", fullName: "Cán bộ Đo Hiệu Năng", organisation: "UBND Phường Trung Tâm" };
  const credential = await ca.enrol(officer);
  const doc = await PDFDocument.create();
  for (let page = 0; page < 3; page += 1) doc.addPage([595.28, 841.89]).drawText(`Trang ${page + 1}`);
  const pdf = await doc.save();
  const trust = await ca.trust();
  const signOnce = () =>
    signPdf(pdf, {
      credential,
      sign: (digest) => port.signDigest(credential, digest, "bench"),
      signingTime: new Date(),
      reason: "Đo hiệu năng",
      signerName: officer.fullName,
      location: "Bench",
    });
  const signed = await signOnce();
  const key = createPrivateKey(credential.privateKeyPem);
  const publicKey = createPublicKey(credential.certificatePem);
  const rawSignature = sign("sha256", pdf, key);

  const padesSign = await perSecond(signOnce);
  const padesVerify = await perSecond(() => verifyPdfSignatures(signed, trust));
  const rawSign = await perSecond(() => sign("sha256", pdf, key));
  const rawVerify = await perSecond(() => verify("sha256", pdf, publicKey, rawSignature));
  const line = (name: string, value: number, base: number) =>
    console.log(
      `${name.padEnd(34)} ${value.toFixed(1).padStart(10)}/s  (${(base / value).toFixed(1)}× the raw cost)`,
    );
  console.log(`PDF ${pdf.length} bytes, signed ${signed.length} bytes, RSA-2048, ${SECONDS} s each`);
  line("PAdES sign (port, local CA)", padesSign, rawSign);
  line("PAdES verify (chain, CRL)", padesVerify, rawVerify);
  line("raw node:crypto sign", rawSign, rawSign);
  line("raw node:crypto verify", rawVerify, rawVerify);
}

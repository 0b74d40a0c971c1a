import { createHash, createPublicKey, verify } from "node:crypto";
import forge from "node-forge";
import type { SigningTrust } from "./signingPort.ts";
import { x509 } from "./x509.ts";

/**
 * What a verifier can say of one signature (issue #16): `broken` when the bytes or the CMS do not match (altered
 * after signing), `unknownIssuer` when no chain leads to a trusted root, `revoked` when a CRL lists the certificate
 * from before the signing time, `expired` when the certificate was not valid at the signing time.
 */
export type SignatureState = "valid" | "broken" | "unknownIssuer" | "revoked" | "expired";

export interface PdfSignatureCheck {
  state: SignatureState;
  signerName: string | null;
  organisation: string | null;
  /** The signing time the signer's CMS claims (no time-stamp authority yet). */
  signedAt: Date | null;
  certificateSerial: string | null;
  issuerName: string | null;
}

interface FoundSignature {
  byteRange: [number, number, number, number];
  cms: Buffer;
}

/** Every signature dictionary's ByteRange and /Contents in the file, in file order. */
export function findPdfSignatures(pdf: Buffer): FoundSignature[] {
  const text = pdf.toString("latin1");
  const found: FoundSignature[] = [];
  const pattern = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
    const hole = text.slice(a + b, c);
    const hex = /^<([0-9a-fA-F]*)>$/.exec(hole.trim())?.[1];
    found.push({ byteRange: [a, b, c, d], cms: Buffer.from(hex ?? "", "hex") });
  }
  return found;
}

const oidOf = (node: forge.asn1.Asn1) => forge.asn1.derToOid(node.value as string);

function attribute(attributes: forge.asn1.Asn1[], oid: string): forge.asn1.Asn1 | undefined {
  const found = attributes.find((attr) => oidOf((attr.value as forge.asn1.Asn1[])[0]!) === oid);
  return found ? ((found.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0] : undefined;
}

function timeOf(node: forge.asn1.Asn1 | undefined): Date | null {
  if (!node) return null;
  return node.type === forge.asn1.Type.UTCTIME
    ? forge.asn1.utcTimeToDate(node.value as string)
    : forge.asn1.generalizedTimeToDate(node.value as string);
}

const BLANK: Omit<PdfSignatureCheck, "state"> = {
  signerName: null,
  organisation: null,
  signedAt: null,
  certificateSerial: null,
  issuerName: null,
};

const field = (name: x509.Name, type: string) => name.getField(type)[0] ?? null;

/** Whether `child` was issued and signed by `issuer` (names match and the signature verifies). */
async function issuedBy(child: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  if (child.issuer !== issuer.subject) return false;
  return child.verify({ publicKey: issuer, signatureOnly: true });
}

async function checkOne(pdf: Buffer, found: FoundSignature, trust: SigningTrust): Promise<PdfSignatureCheck> {
  const [a, b, c, d] = found.byteRange;
  // The signature must cover the whole file but its own hole: bytes appended after signing are an alteration here
  // (OneStop never adds incremental updates to a signed file).
  if (a !== 0 || c < a + b || c + d !== pdf.length || found.cms.length === 0)
    return { state: "broken", ...BLANK };
  const content = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  let message: forge.pkcs7.PkcsSignedData & { rawCapture: Record<string, unknown> };
  try {
    const asn = forge.asn1.fromDer(forge.util.createBuffer(found.cms.toString("binary")), {
      parseAllBytes: false,
    } as unknown as boolean);
    message = forge.pkcs7.messageFromAsn1(asn) as typeof message;
  } catch {
    return { state: "broken", ...BLANK };
  }
  const capture = message.rawCapture;
  const attributes = (capture.authenticatedAttributes as forge.asn1.Asn1[] | undefined) ?? [];
  const signature = Buffer.from((capture.signature as string | undefined) ?? "", "binary");
  const signedAttributes = Buffer.from(
    forge.asn1
      .toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes))
      .getBytes(),
    "binary",
  );
  const certificates = message.certificates.map(
    (certificate) => new x509.X509Certificate(forge.pki.certificateToPem(certificate)),
  );
  // The signer is the certificate whose key verifies the signed attributes.
  const signer = certificates.find((certificate) => {
    try {
      return verify("sha256", signedAttributes, createPublicKey(certificate.toString("pem")), signature);
    } catch {
      return false;
    }
  });
  const digestNode = attribute(attributes, forge.pki.oids.messageDigest!);
  const digest = digestNode ? Buffer.from(digestNode.value as string, "binary") : Buffer.alloc(0);
  const signedAt = timeOf(attribute(attributes, forge.pki.oids.signingTime!));
  const described = {
    signerName: signer ? field(signer.subjectName, "CN") : null,
    organisation: signer ? field(signer.subjectName, "O") : null,
    signedAt,
    certificateSerial: signer?.serialNumber ?? null,
    issuerName: signer ? field(signer.issuerName, "CN") : null,
  };
  if (!signer || !createHash("sha256").update(content).digest().equals(digest))
    return { state: "broken", ...described };

  // The chain: through the CMS's certificates and the trusted intermediates to a trusted root.
  const roots = trust.rootsPem.map((pem) => new x509.X509Certificate(pem));
  const pool = [...certificates, ...trust.intermediatesPem.map((pem) => new x509.X509Certificate(pem))];
  const chain: x509.X509Certificate[] = [signer];
  let anchored: x509.X509Certificate | undefined;
  for (let depth = 0; depth < 6 && !anchored; depth += 1) {
    const current = chain[chain.length - 1]!;
    for (const root of roots) if (await issuedBy(current, root)) anchored = root;
    if (anchored) break;
    let next: x509.X509Certificate | undefined;
    for (const candidate of pool)
      if (!candidate.equal(current) && (await issuedBy(current, candidate))) next = candidate;
    if (!next) break;
    chain.push(next);
  }
  if (!anchored) return { state: "unknownIssuer", ...described };

  const at = signedAt ?? new Date();
  // Revocation (judged at the signing time, as readers do without a time-stamp): a CRL of each link's issuer,
  // itself signed by that issuer, listing the link from before the signing time.
  const crls = trust.crlsPem.map((pem) => new x509.X509Crl(pem));
  const issuers = [...chain.slice(1), anchored];
  for (const [index, link] of chain.entries()) {
    const issuer = issuers[index]!;
    for (const crl of crls) {
      if (crl.issuer !== issuer.subject || !(await crl.verify({ publicKey: issuer }))) continue;
      const entry = crl.findRevoked(link);
      if (entry && entry.revocationDate.getTime() <= at.getTime()) return { state: "revoked", ...described };
    }
  }
  const validAt = (certificate: x509.X509Certificate) =>
    certificate.notBefore.getTime() <= at.getTime() && at.getTime() <= certificate.notAfter.getTime();
  if (![...chain, anchored].every(validAt)) return { state: "expired", ...described };
  return { state: "valid", ...described };
}

/** Checks every signature of a PDF against the trust given (none found: an empty list, the file is unsigned). */
export async function verifyPdfSignatures(pdf: Buffer, trust: SigningTrust): Promise<PdfSignatureCheck[]> {
  const checks: PdfSignatureCheck[] = [];
  for (const found of findPdfSignatures(pdf)) checks.push(await checkOne(pdf, found, trust));
  return checks;
}

import forge from "node-forge";
import type { OfficerCredential } from "./signingPort.ts";

/** Signs the SHA-256 digest of the CMS signed attributes (the port's `signDigest`, bound to one officer). */
export type DigestSigner = (digest: Uint8Array) => Promise<Buffer>;

const binary = (bytes: Uint8Array) => Buffer.from(bytes).toString("binary");

/**
 * A detached CMS SignedData (RFC 5652) over `content`, as PDF signatures carry it (`adbe.pkcs7.detached`): SHA-256,
 * the signed attributes contentType, messageDigest and signingTime, the officer's certificate and chain.
 *
 * node-forge builds the structure but signs synchronously with a key it holds, while our key is elsewhere (the CA's
 * remote-signing service) and answers asynchronously. So it is built twice with the same inputs: the first pass
 * records the digest of the signed attributes, the service signs it, the second pass puts that signature in. Both
 * passes encode the same attributes (same content, certificates and signing time), so the digest is the one signed.
 */
export async function detachedCms(
  content: Uint8Array,
  credential: Pick<OfficerCredential, "certificatePem" | "chainPem">,
  signingTime: Date,
  sign: DigestSigner,
): Promise<Buffer> {
  const certificate = forge.pki.certificateFromPem(credential.certificatePem);
  const chain = credential.chainPem.map((pem) => forge.pki.certificateFromPem(pem));
  const build = (key: { sign(md: forge.md.MessageDigest): string }) => {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(binary(content));
    p7.addCertificate(certificate);
    for (const link of chain) p7.addCertificate(link);
    p7.addSigner({
      // forge only calls `key.sign(md)`; its typing wants a full private key.
      key: key as unknown as forge.pki.rsa.PrivateKey,
      certificate,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
        { type: forge.pki.oids.messageDigest! },
        // forge's typing says string; it encodes a Date as UTCTime.
        { type: forge.pki.oids.signingTime!, value: signingTime as unknown as string },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), "binary");
  };
  let digest: Buffer | undefined;
  build({
    sign(md) {
      digest = Buffer.from(md.digest().getBytes(), "binary");
      return "";
    },
  });
  if (!digest) throw new Error("the signed attributes were not digested");
  const signature = await sign(digest);
  return build({ sign: () => signature.toString("binary") });
}

import { constants, createPrivateKey, privateEncrypt, randomBytes, webcrypto } from "node:crypto";
import {
  type OfficerCredential,
  SHA256_DIGEST_INFO_PREFIX,
  type SigningOfficer,
  type SigningPort,
  type SigningTrust,
} from "./signingPort.ts";
import { type Key, type KeyPair, x509 } from "./x509.ts";

/**
 * A certificate authority of our own for development and tests (issue #16): a root, an intermediate that issues the
 * officers' certificates, revocation lists (CRL) and certificates of any validity, so that every state a verifier
 * must tell apart (valid, unknown issuer, revoked, expired) can be produced. The remote-signing simulator runs on
 * one. Never a production CA: its keys sit in memory (or in the simulator's state file).
 */
const ALGORITHM = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

const DAY_MS = 86_400_000;

interface KeyedCertificate {
  certificate: x509.X509Certificate;
  keys: KeyPair;
}

export interface IssuedOfficerCertificate extends OfficerCredential {
  serialNumber: string;
  privateKeyPem: string;
}

export interface IssueOptions {
  notBefore?: Date;
  notAfter?: Date;
}

/** The state a simulator keeps between runs. */
export interface LocalCaState {
  name: string;
  rootCertificatePem: string;
  rootKeyPem: string;
  intermediateCertificatePem: string;
  intermediateKeyPem: string;
  officers: Record<string, IssuedOfficerCertificate>;
  revoked: { serialNumber: string; at: string }[];
}

const pemOf = (label: string, der: ArrayBuffer) => x509.PemConverter.encode(der, label);

async function exportKeyPem(key: Key): Promise<string> {
  return pemOf("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", key as webcrypto.CryptoKey));
}

async function importKeys(certificatePem: string, keyPem: string): Promise<KeyedCertificate> {
  const certificate = new x509.X509Certificate(certificatePem);
  const privateKey = await webcrypto.subtle.importKey(
    "pkcs8",
    x509.PemConverter.decodeFirst(keyPem),
    ALGORITHM,
    true,
    ["sign"],
  );
  const publicKey = await certificate.publicKey.export(ALGORITHM, ["verify"]);
  return { certificate, keys: { privateKey: privateKey as unknown as Key, publicKey } };
}

const serial = () => `01${randomBytes(15).toString("hex")}`;

export class LocalCertificateAuthority {
  private readonly revoked = new Map<string, Date>();
  private readonly officers = new Map<string, IssuedOfficerCertificate>();

  private constructor(
    readonly name: string,
    private readonly root: KeyedCertificate,
    private readonly intermediate: KeyedCertificate,
  ) {}

  /** A new root (20 years) and intermediate (10 years), named after `name`, valid from `now` less a day. */
  static async create(name = "OneStop Local CA", now = new Date()): Promise<LocalCertificateAuthority> {
    const notBefore = new Date(now.getTime() - DAY_MS);
    const rootKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
    const rootName: x509.JsonName = [{ CN: [`${name} Root`] }, { O: [name] }, { C: ["VN"] }];
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: rootName,
      notBefore,
      notAfter: new Date(now.getTime() + 20 * 365 * DAY_MS),
      keys: rootKeys as unknown as KeyPair,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey as unknown as Key),
      ],
    });
    const intermediateKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
    const intermediate = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: [{ CN: [`${name} Officers`] }, { O: [name] }, { C: ["VN"] }],
      issuer: root.subject,
      notBefore,
      notAfter: new Date(now.getTime() + 10 * 365 * DAY_MS),
      signingKey: rootKeys.privateKey as unknown as Key,
      publicKey: intermediateKeys.publicKey as unknown as Key,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.AuthorityKeyIdentifierExtension.create(root),
        await x509.SubjectKeyIdentifierExtension.create(intermediateKeys.publicKey as unknown as Key),
      ],
    });
    return new LocalCertificateAuthority(
      name,
      { certificate: root, keys: rootKeys as unknown as KeyPair },
      { certificate: intermediate, keys: intermediateKeys as unknown as KeyPair },
    );
  }

  static async restore(state: LocalCaState): Promise<LocalCertificateAuthority> {
    const ca = new LocalCertificateAuthority(
      state.name,
      await importKeys(state.rootCertificatePem, state.rootKeyPem),
      await importKeys(state.intermediateCertificatePem, state.intermediateKeyPem),
    );
    for (const [id, officer] of Object.entries(state.officers)) ca.officers.set(id, officer);
    for (const entry of state.revoked) ca.revoked.set(entry.serialNumber, new Date(entry.at));
    return ca;
  }

  async state(): Promise<LocalCaState> {
    return {
      name: this.name,
      rootCertificatePem: this.root.certificate.toString("pem"),
      rootKeyPem: await exportKeyPem(this.root.keys.privateKey),
      intermediateCertificatePem: this.intermediate.certificate.toString("pem"),
      intermediateKeyPem: await exportKeyPem(this.intermediate.keys.privateKey),
      officers: Object.fromEntries(this.officers),
      revoked: [...this.revoked].map(([serialNumber, at]) => ({ serialNumber, at: at.toISOString() })),
    };
  }

  get rootPem(): string {
    return this.root.certificate.toString("pem");
  }

  get intermediatePem(): string {
    return this.intermediate.certificate.toString("pem");
  }

  /**
   * A certificate for one officer (CN = name, O = agency), for signing documents (digitalSignature,
   * nonRepudiation), one year from now unless `options` say otherwise (an expired one for tests).
   */
  async issueOfficerCertificate(
    officer: SigningOfficer,
    options: IssueOptions = {},
  ): Promise<IssuedOfficerCertificate> {
    const now = new Date();
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
    const serialNumber = serial();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber,
      subject: [{ CN: [officer.fullName] }, { O: [officer.organisation] }, { C: ["VN"] }],
      issuer: this.intermediate.certificate.subject,
      notBefore: options.notBefore ?? new Date(now.getTime() - DAY_MS),
      notAfter: options.notAfter ?? new Date(now.getTime() + 365 * DAY_MS),
      signingKey: this.intermediate.keys.privateKey,
      publicKey: keys.publicKey as unknown as Key,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(this.intermediate.certificate),
      ],
    });
    return {
      credentialId: `${officer.userId}:${serialNumber}`,
      serialNumber,
      certificatePem: certificate.toString("pem"),
      chainPem: [this.intermediatePem],
      privateKeyPem: await exportKeyPem(keys.privateKey as unknown as Key),
    };
  }

  /** The officer's current certificate, issued on first use (the local CA enrols everyone who asks). */
  async enrol(officer: SigningOfficer): Promise<IssuedOfficerCertificate> {
    const known = this.officers.get(officer.userId);
    if (known && !this.revoked.has(known.serialNumber)) return known;
    const issued = await this.issueOfficerCertificate(officer);
    this.officers.set(officer.userId, issued);
    return issued;
  }

  credential(credentialId: string): IssuedOfficerCertificate | undefined {
    return [...this.officers.values()].find((officer) => officer.credentialId === credentialId);
  }

  revoke(serialNumber: string, at = new Date()): void {
    this.revoked.set(serialNumber.toLowerCase(), at);
  }

  /** The intermediate's CRL listing every revoked officer certificate, valid for a week. */
  async crlPem(now = new Date()): Promise<string> {
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.intermediate.certificate.subject,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 7 * DAY_MS),
      signingKey: this.intermediate.keys.privateKey,
      signingAlgorithm: ALGORITHM,
      entries: [...this.revoked].map(([serialNumber, at]) => ({
        serialNumber,
        revocationDate: at,
        reason: x509.X509CrlReason.keyCompromise,
      })),
    });
    return crl.toString("pem");
  }

  async trust(): Promise<SigningTrust> {
    return {
      rootsPem: [this.rootPem],
      intermediatesPem: [this.intermediatePem],
      crlsPem: [await this.crlPem()],
    };
  }
}

/** RSASSA-PKCS1-v1_5 of a SHA-256 digest with a PEM private key (the officer's key, wherever it is held). */
export function signDigestWithKey(privateKeyPem: string, digest: Uint8Array): Buffer {
  if (digest.length !== 32) throw new Error("a SHA-256 digest is 32 bytes");
  return privateEncrypt(
    { key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_PADDING },
    Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]),
  );
}

/** The local CA as a signing port: officers are enrolled on first use and sign at once (no confirmation step). */
export function localSigning(ca: LocalCertificateAuthority): SigningPort & { ca: LocalCertificateAuthority } {
  return {
    ca,
    credentialFor: (officer) => ca.enrol(officer),
    signDigest: async (credential, digest) => {
      const held = ca.credential(credential.credentialId);
      if (!held) throw new Error(`unknown credential ${credential.credentialId}`);
      return signDigestWithKey(held.privateKeyPem, digest);
    },
    trust: () => ca.trust(),
  };
}

// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API loaded before it.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/** @peculiar/x509 on Node's Web Crypto: the one import of it the signing code uses. */
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** Web Crypto keys as @peculiar/x509 types them (the project has no DOM lib). */
export type Key = x509.X509CrlCreateParams["signingKey"];
export type KeyPair = { privateKey: Key; publicKey: Key };

export { x509 };

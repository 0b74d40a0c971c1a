import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from "jose";
import type { Configuration, KoaContextWithOIDC } from "oidc-provider";
import { acrForLevel, type DemoIdentity, demoIdentities, organisationClaims } from "./demoIdentities.ts";
import { directoryLoginPage, loggedOutPage, loginPage, logoutPage, logoutScript } from "./loginPage.ts";

/** One relying party the simulator serves (OneStop's citizen login, the officers' SSO…). */
export interface SimulatedClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  name: string;
}

/**
 * What a test can make the provider do wrong (issue #14 §Security). The ID token is re-signed after the change, with
 * the provider's own key unless `foreignKey`, so the relying party must reject it on the claim, not on the signature.
 */
export interface IdTokenFault {
  issuer?: string;
  audience?: string;
  dropNonce?: boolean;
  /** Expired an hour ago. */
  expired?: boolean;
  /** Signed with a key the provider does not publish. */
  foreignKey?: boolean;
}

export interface IdentitySimulatorFaults {
  idToken?: IdTokenFault;
  /** Every request answered 503 (the national e-ID service down). */
  unavailable?: boolean;
  /** Added to every answer, in milliseconds. */
  delayMs?: number;
}

export interface IdentitySimulator {
  /** The issuer: `http://127.0.0.1:<port>` (plain http is accepted by OneStop on loopback only). */
  issuer: string;
  clients: readonly SimulatedClient[];
  people: readonly DemoIdentity[];
  setFaults(faults: IdentitySimulatorFaults): void;
  close(): Promise<void>;
}

/** One account of a directory other than the national e-ID (the province's SSO for officers, issue #14). */
export interface SimulatedAccount {
  /** The subject (`sub`). */
  id: string;
  /** Shown on the login page's button. */
  label: string;
  detail: string;
  /** Released in the ID token, besides `sub`. */
  claims: Record<string, unknown>;
}

/** The same provider playing another directory: its accounts, its page's wording, the claims each scope releases. */
export interface SimulatedDirectory {
  title: string;
  intro: string;
  accounts: readonly SimulatedAccount[];
  scopeClaims: Record<string, string[]>;
}

export interface IdentitySimulatorOptions {
  port?: number;
  clients: SimulatedClient[];
  people?: readonly DemoIdentity[];
  /** Given: the simulator plays this directory (no assurance levels) instead of VNeID's people. */
  directory?: SimulatedDirectory;
  /** The claim names the relying party reads (OIDC_CLAIM_*): the simulator sends the same. */
  claimNames?: { citizenId?: string; name?: string; birthdate?: string };
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * The national e-ID's other side for development and tests (issue #14, R-ACC-1): a certified OpenID provider
 * (oidc-provider) on loopback, with a sign-in page listing the demo people at their assurance levels, PKCE required,
 * RP-initiated logout, and injectable faults (unavailable, slow, ID tokens with a wrong issuer, audience, nonce,
 * expiry or key). `POST /__simulator/faults` (JSON) sets the faults from another process (browser tests).
 */
export async function startIdentitySimulator(options: IdentitySimulatorOptions): Promise<IdentitySimulator> {
  const people = options.people ?? demoIdentities;
  const claimNames = {
    citizenId: options.claimNames?.citizenId ?? "citizen_id",
    name: options.claimNames?.name ?? "name",
    birthdate: options.claimNames?.birthdate ?? "birthdate",
  };
  let faults: IdentitySimulatorFaults = {};
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    void route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid: "vneid-sim-1", alg: "RS256", use: "sig" };
  const foreign = (await generateKeyPair("RS256")).privateKey;

  const findPerson = (id: string) => people.find((person) => person.citizenId === id);
  const directory = options.directory;
  const findDirectoryAccount = (id: string) => directory?.accounts.find((account) => account.id === id);
  const grantedScope = directory
    ? ["openid", ...Object.keys(directory.scopeClaims)].join(" ")
    : "openid profile phone";
  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: client.name,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    pkce: { required: () => true },
    ...(directory ? {} : { acrValues: [acrForLevel(1), acrForLevel(2)] }),
    claims: directory
      ? { openid: ["sub"], ...directory.scopeClaims }
      : {
          openid: ["sub"],
          profile: [claimNames.citizenId, claimNames.name, claimNames.birthdate, "gender", "organisations"],
          phone: ["phone_number"],
        },
    // The claims go into the ID token itself (what OneStop reads), not only to the userinfo endpoint.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => {
      if (directory) {
        const account = findDirectoryAccount(id);
        return account ? { accountId: id, claims: async () => ({ ...account.claims, sub: id }) } : undefined;
      }
      const person = findPerson(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          [claimNames.citizenId]: person.citizenId,
          [claimNames.name]: person.name,
          [claimNames.birthdate]: person.birthdate,
          gender: person.gender,
          ...(person.phone ? { phone_number: person.phone } : {}),
          ...organisationClaims(person),
        }),
      };
    },
    // A simulated national service: every relying party is trusted, no consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(grantedScope);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = loggedOutPage();
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>VNeID (mô phỏng) — Lỗi</title></head><body><h1>Lỗi</h1><p>${String(out.error).replace(/[<>&"]/g, "")}</p></body></html>`;
    },
  };
  const Provider = await loadOidcProvider();
  const provider = new Provider(issuer, configuration);
  provider.proxy = false;

  // Fault injection on the ID token: re-signed after the change (see IdTokenFault).
  const signing = await importJWK(signingJwk, "RS256");
  const IdToken = provider.IdToken as unknown as {
    prototype: { issue: (...args: unknown[]) => Promise<string> };
  };
  const issue = IdToken.prototype.issue;
  IdToken.prototype.issue = async function (this: unknown, ...args: unknown[]) {
    const jwt = await issue.apply(this, args);
    const fault = faults.idToken;
    if (!fault) return jwt;
    const claims = { ...decodeJwt(jwt) };
    if (fault.issuer) claims.iss = fault.issuer;
    if (fault.audience) claims.aud = fault.audience;
    if (fault.dropNonce) delete claims.nonce;
    if (fault.expired) {
      claims.iat = Math.floor(Date.now() / 1000) - 7200;
      claims.exp = Math.floor(Date.now() / 1000) - 3600;
    }
    const header = decodeProtectedHeader(jwt);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: header.typ, kid: signingJwk.kid })
      .sign(fault.foreignKey ? foreign : signing);
  };

  handler = provider.callback();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", issuer);
      if (url.pathname === "/__simulator/faults" && req.method === "POST") {
        const body = await readBody(req);
        faults = JSON.parse(body || "{}") as IdentitySimulatorFaults;
        res.writeHead(204).end();
        return;
      }
      if (url.pathname === "/__simulator/logout.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(logoutScript);
        return;
      }
      if (url.pathname === "/favicon.ico") {
        res.writeHead(204).end();
        return;
      }
      if (faults.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
      if (faults.unavailable) {
        res
          .writeHead(503, { "content-type": "text/plain; charset=utf-8" })
          .end("VNeID tạm thời không phục vụ");
        return;
      }
      const interaction = /^\/interaction\/([\w-]+)(\/(login|abort))?$/.exec(url.pathname);
      if (interaction) return await interact(req, res, interaction[3]);
      handler?.(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Yêu cầu không hợp lệ: ${(error as Error).message}`);
    }
  }

  async function interact(
    req: IncomingMessage,
    res: ServerResponse,
    action: string | undefined,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (action === undefined && req.method === "GET") {
      const client = options.clients.find((c) => c.clientId === details.params.client_id);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      const clientName = client?.name ?? String(details.params.client_id);
      res.end(
        directory
          ? directoryLoginPage(details.uid, directory, clientName)
          : loginPage(details.uid, people, clientName),
      );
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    if (action === "abort") {
      await provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "Người dùng hủy đăng nhập" },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const form = await readForm(req);
    if (directory) {
      const account = findDirectoryAccount(form.get("account") ?? "");
      if (!account) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Không có tài khoản này");
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.id } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const person = findPerson(form.get("citizen_id") ?? "");
    if (!person) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Không có công dân này");
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: person.citizenId, acr: acrForLevel(person.level) } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    clients: options.clients,
    people,
    setFaults: (next) => {
      faults = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * oidc-provider 9 prints "Unsupported runtime" on Node 20 when its module loads. It only runs this simulator, never
 * production traffic, so the module is loaded on demand (commands that start no simulator never load it) and that
 * one warning is dropped: CLI commands must keep a clean stderr.
 */
async function loadOidcProvider(): Promise<typeof import("oidc-provider").default> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("oidc-provider WARNING: Unsupported runtime"))
      return;
    warn(...args);
  };
  try {
    return (await import("oidc-provider")).default;
  } finally {
    console.warn = warn;
  }
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOidcRelyingParty,
  OidcProviderUnavailableError,
  type OidcRelyingParty,
  OidcSignInRejectedError,
} from "../../../src/integrations/vneid/oidcRelyingParty.ts";
import {
  type IdentitySimulator,
  startIdentitySimulator,
} from "../../../src/integrations/vneid/simulator/identitySimulator.ts";
import { ProviderBrowser } from "../../support/simulatedVneid.ts";

const callback = "http://127.0.0.1:3000/api/auth/oidc/callback";
let simulator: IdentitySimulator;
let rp: OidcRelyingParty;

beforeAll(async () => {
  simulator = await startIdentitySimulator({
    clients: [
      {
        clientId: "onestop",
        clientSecret: "simulator-secret-0123456789",
        redirectUris: [callback],
        postLogoutRedirectUris: ["http://127.0.0.1:3000/"],
        name: "OneStop",
      },
    ],
  });
  rp = createOidcRelyingParty({
    issuer: simulator.issuer,
    clientId: "onestop",
    clientSecret: "simulator-secret-0123456789",
    redirectUri: callback,
    postLogoutRedirectUri: "http://127.0.0.1:3000/",
    scope: "openid profile phone",
    acrValues: "urn:vneid:loa:1 urn:vneid:loa:2",
  });
});
afterAll(async () => simulator.close());

async function signIn(citizenId: string) {
  const pending = await rp.startSignIn();
  const back = await new ProviderBrowser().signIn(pending.url, citizenId, callback);
  return { pending, back: new URL(back) };
}

describe("the OpenID relying party against the simulated VNeID (issue #14, R-ACC-1)", () => {
  it("signs in with code + PKCE and returns the verified claims with the assurance level", async () => {
    const { pending, back } = await signIn("099195004321");
    expect(new URL(pending.url).searchParams.get("code_challenge_method")).toBe("S256");
    const verified = await rp.finishSignIn(back, pending);
    expect(verified.issuer).toBe(simulator.issuer);
    expect(verified.claims).toMatchObject({
      citizen_id: "099195004321",
      name: "Lê Thị Hoa",
      birthdate: "1995-08-20",
      acr: "urn:vneid:loa:2",
      aud: "onestop",
    });
    expect(await rp.logoutUrl(verified.idToken)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/session\/end\?/);
  });

  it("refuses a wrong state, a wrong PKCE verifier and a replayed code", async () => {
    const first = await signIn("099088007777");
    await expect(rp.finishSignIn(first.back, { ...first.pending, state: "other" })).rejects.toBeInstanceOf(
      OidcSignInRejectedError,
    );
    const second = await signIn("099088007777");
    await expect(
      rp.finishSignIn(second.back, { ...second.pending, codeVerifier: "x".repeat(43) }),
    ).rejects.toBeInstanceOf(OidcSignInRejectedError);
    const third = await signIn("099088007777");
    await rp.finishSignIn(third.back, third.pending);
    await expect(rp.finishSignIn(third.back, third.pending)).rejects.toBeInstanceOf(OidcSignInRejectedError);
  });

  it.each([
    ["another issuer", { issuer: "https://gia-mao.example" }],
    ["another client", { audience: "another-client" }],
    ["a missing nonce", { dropNonce: true }],
    ["an expired token", { expired: true }],
    ["a key the provider does not publish", { foreignKey: true }],
  ])("refuses an ID token with %s", async (_label, fault) => {
    const { pending, back } = await signIn("099090001234");
    simulator.setFaults({ idToken: fault });
    try {
      await expect(rp.finishSignIn(back, pending)).rejects.toBeInstanceOf(OidcSignInRejectedError);
    } finally {
      simulator.setFaults({});
    }
  });

  it("says the provider is unavailable when it answers 503", async () => {
    const fresh = createOidcRelyingParty({ ...rp.settings });
    simulator.setFaults({ unavailable: true });
    try {
      await expect(fresh.startSignIn()).rejects.toBeInstanceOf(OidcProviderUnavailableError);
    } finally {
      simulator.setFaults({});
    }
    await expect(fresh.startSignIn()).resolves.toMatchObject({ state: expect.any(String) });
  });

  it("refuses a plain-http issuer that is not on loopback", () => {
    expect(() => createOidcRelyingParty({ ...rp.settings, issuer: "http://vneid.example.vn" })).toThrow(
      /https/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { looksLikeRecoveryCode, newRecoveryCode } from "../../../src/services/mfa/recoveryCodes.ts";
import { openSecret, sealSecret } from "../../../src/services/mfa/secretSeal.ts";
import {
  matchTotpStep,
  newTotpSecret,
  totpCodeAt,
  totpStepAt,
  totpUri,
} from "../../../src/services/mfa/totp.ts";

// RFC 6238 Appendix B: the SHA-1 secret "12345678901234567890" in base32, and its 8-digit vectors (last 6 digits).
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const rfcVectors: [number, string][] = [
  [59, "287082"],
  [1111111109, "081804"],
  [1111111111, "050471"],
  [1234567890, "005924"],
  [2000000000, "279037"],
  [20000000000, "353130"],
];

describe("TOTP (issue #14, RFC 6238)", () => {
  it.each(rfcVectors)("gives the RFC 6238 code at %i s", (seconds, code) => {
    expect(totpCodeAt(rfcSecret, new Date(seconds * 1000))).toBe(code);
  });

  it("accepts the code of the current step and of one step either side, and names its step", () => {
    const now = new Date("2026-12-02T09:00:10Z");
    const secret = newTotpSecret();
    const step = totpStepAt(now);
    expect(matchTotpStep(secret, totpCodeAt(secret, now), now)).toBe(step);
    expect(matchTotpStep(secret, totpCodeAt(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCodeAt(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
  });

  it("refuses a code two steps away, another secret's code and anything not six digits", () => {
    const now = new Date("2026-12-02T09:00:10Z");
    const secret = newTotpSecret();
    expect(matchTotpStep(secret, totpCodeAt(secret, new Date(now.getTime() - 61_000)), now)).toBeUndefined();
    const other = newTotpSecret();
    const code = totpCodeAt(other, now);
    // A six-digit collision between two random secrets is possible (1 in ~300 000): checked, not assumed.
    if (code !== totpCodeAt(secret, now)) expect(matchTotpStep(secret, code, now)).toBeUndefined();
    for (const bad of ["", "12345", "1234567", "12a456", " 123456"])
      expect(matchTotpStep(secret, bad, now)).toBeUndefined();
  });

  it("makes 160-bit base32 secrets and an otpauth URI for authenticator apps", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, "quantri.trungtam", "OneStop"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/OneStop:quantri.trungtam");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
  });
});

describe("TOTP secrets at rest", () => {
  it("seals with AES-GCM under the key and opens only with it", () => {
    const key = "k".repeat(32);
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", key);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, key)).toBe("JBSWY3DPEHPK3PXP");
    expect(() => openSecret(sealed, "x".repeat(32))).toThrow();
    expect(() => openSecret(sealed, undefined)).toThrow(/MFA_ENCRYPTION_KEY/);
  });

  it("keeps secrets readable without a key, also once a key is set later", () => {
    const stored = sealSecret("JBSWY3DPEHPK3PXP", undefined);
    expect(openSecret(stored, undefined)).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret(stored, "k".repeat(32))).toBe("JBSWY3DPEHPK3PXP");
  });
});

describe("recovery codes", () => {
  it("are ten characters in two groups, recognised with or without the dash", () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(looksLikeRecoveryCode(code)).toBe(true);
    expect(looksLikeRecoveryCode(code.replace("-", "").toUpperCase())).toBe(true);
    expect(looksLikeRecoveryCode("123456")).toBe(false);
  });
});

import { Secret, TOTP } from "otpauth";

/**
 * RFC 6238 through `otpauth` (maintained, no dependencies): SHA-1, 6 digits, 30-second steps, the parameters every
 * authenticator app understands. One step of clock drift is accepted either way.
 */
const period = 30;
const digits = 6;
const window = 1;

function totp(secretBase32: string, label = "OneStop", issuer = "OneStop"): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits,
    period,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random secret of 160 bits (RFC 4226 §4 recommends it), in base32 for manual entry. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app scans (QR code) to add the account. */
export function totpUri(secretBase32: string, accountName: string, issuer: string): string {
  return totp(secretBase32, accountName, issuer).toString();
}

/** The code shown by an authenticator app at `now` (tests and the demo accounts' helpers). */
export function totpCodeAt(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

/** The time step of `now` (what a code is "for"). */
export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / period);
}

/**
 * The time step the code belongs to when it is right at `now` (± one step), undefined otherwise. The caller refuses a
 * step already used (replay).
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window });
  return delta === null ? undefined : totpStepAt(now) + delta;
}

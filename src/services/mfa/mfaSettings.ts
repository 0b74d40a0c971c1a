import { ConfigError } from "../../config.ts";

/** Officers' second factor (issue #14; README, configuration). Part of Config. */
export interface MfaSettings {
  /** Administrators (system and agency) must have TOTP enrolled before they can do anything (default true). */
  adminMfaRequired: boolean;
  /** Seals the TOTP secrets at rest (AES-256-GCM); unset = stored unsealed (development). */
  mfaEncryptionKey: string | undefined;
  /** The name authenticator apps show beside the account. */
  mfaIssuerName: string;
}

type Env = Record<string, string | undefined>;

export function readMfaSettings(env: Env): MfaSettings {
  const raw = env.MFA_REQUIRED_FOR_ADMINS;
  let adminMfaRequired = true;
  if (raw !== undefined && raw !== "") {
    if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) adminMfaRequired = true;
    else if (["0", "false", "no", "off"].includes(raw.toLowerCase())) adminMfaRequired = false;
    else throw new ConfigError("MFA_REQUIRED_FOR_ADMINS", `phải là true hoặc false (đang là "${raw}")`);
  }
  const key = env.MFA_ENCRYPTION_KEY || undefined;
  if (key !== undefined && key.length < 32)
    throw new ConfigError("MFA_ENCRYPTION_KEY", "phải dài ít nhất 32 ký tự");
  return { adminMfaRequired, mfaEncryptionKey: key, mfaIssuerName: env.MFA_ISSUER_NAME || "OneStop" };
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, packageRoot } from "../src/config.ts";

/** Calls loadConfig and returns the ConfigError it throws (failing when it throws nothing or something else). */
function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig — defaults (issue #2 §8)", () => {
  it("an empty environment gives a working configuration: embedded database, local address, demo seed", () => {
    expect(loadConfig({})).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      databaseUrl: undefined,
      databasePoolMax: 10,
      pgliteDataDir: join(packageRoot, "var", "db"),
      logLevel: "info",
      seedOnEmpty: true,
      publicRateLimitPerMinute: 600,
      publicUrl: "http://127.0.0.1:3000",
    });
  });

  it("an empty string counts as unset", () => {
    const empty = Object.fromEntries(
      [
        "PORT",
        "HOST",
        "DATABASE_URL",
        "DATABASE_POOL_MAX",
        "PGLITE_DATA_DIR",
        "LOG_LEVEL",
        "SEED_ON_EMPTY",
        "PUBLIC_RATE_LIMIT_PER_MINUTE",
        "PUBLIC_URL",
      ].map((name) => [name, ""]),
    );
    expect(loadConfig(empty)).toEqual(loadConfig({}));
  });

  it("reads process.env when no environment is given", () => {
    expect(loadConfig()).toEqual(loadConfig(process.env));
  });
});

describe("loadConfig — valid values", () => {
  it.each<[string, string, Record<string, unknown>]>([
    ["PORT", "8080", { port: 8080, publicUrl: "http://127.0.0.1:8080" }],
    ["PORT", "0", { port: 0 }],
    ["PORT", "65535", { port: 65535 }],
    ["HOST", "0.0.0.0", { host: "0.0.0.0", publicUrl: "http://0.0.0.0:3000" }],
    [
      "DATABASE_URL",
      "postgres://onestop@db:5432/onestop",
      { databaseUrl: "postgres://onestop@db:5432/onestop" },
    ],
    ["DATABASE_URL", "postgresql://u:p@localhost/x", { databaseUrl: "postgresql://u:p@localhost/x" }],
    ["DATABASE_POOL_MAX", "1", { databasePoolMax: 1 }],
    ["DATABASE_POOL_MAX", "500", { databasePoolMax: 500 }],
    ["PGLITE_DATA_DIR", "memory://", { pgliteDataDir: "memory://" }],
    ["PGLITE_DATA_DIR", "/srv/onestop/db", { pgliteDataDir: "/srv/onestop/db" }],
    ["LOG_LEVEL", "silent", { logLevel: "silent" }],
    ["LOG_LEVEL", "debug", { logLevel: "debug" }],
    ["SEED_ON_EMPTY", "false", { seedOnEmpty: false }],
    ["SEED_ON_EMPTY", "0", { seedOnEmpty: false }],
    ["SEED_ON_EMPTY", "NO", { seedOnEmpty: false }],
    ["SEED_ON_EMPTY", "off", { seedOnEmpty: false }],
    ["SEED_ON_EMPTY", "TRUE", { seedOnEmpty: true }],
    ["SEED_ON_EMPTY", "1", { seedOnEmpty: true }],
    ["SEED_ON_EMPTY", "yes", { seedOnEmpty: true }],
    ["SEED_ON_EMPTY", "on", { seedOnEmpty: true }],
    ["PUBLIC_RATE_LIMIT_PER_MINUTE", "1", { publicRateLimitPerMinute: 1 }],
    ["PUBLIC_RATE_LIMIT_PER_MINUTE", "1000000", { publicRateLimitPerMinute: 1_000_000 }],
    ["PUBLIC_URL", "https://dichvucong.demo.gov.vn", { publicUrl: "https://dichvucong.demo.gov.vn" }],
    ["LOGIN_MAX_FAILURES", "3", { loginMaxFailures: 3 }],
    ["LOGIN_LOCK_MINUTES", "60", { loginLockMinutes: 60 }],
    ["LOGIN_RATE_LIMIT_PER_MINUTE", "20", { loginRateLimitPerMinute: 20 }],
    ["SESSION_IDLE_MINUTES", "15", { sessionIdleMinutes: 15 }],
    ["SESSION_APPLICANT_IDLE_MINUTES", "60", { sessionApplicantIdleMinutes: 60 }],
    ["SESSION_MAX_HOURS", "8", { sessionMaxHours: 8 }],
  ])("%s=%s", (name, value, expected) => {
    expect(loadConfig({ [name]: value })).toMatchObject(expected);
  });

  it("defaults of the account settings (issue #4 §1)", () => {
    expect(loadConfig({})).toMatchObject({
      loginMaxFailures: 5,
      loginLockMinutes: 15,
      loginRateLimitPerMinute: 10,
      sessionIdleMinutes: 30,
      sessionApplicantIdleMinutes: 120,
      sessionMaxHours: 12,
    });
  });

  it("names are masked on a lookup by bare code unless the province chooses the literal reading (issue #20)", () => {
    expect(loadConfig({}).lookupMaskNames).toBe(true);
    expect(loadConfig({ LOOKUP_MASK_NAMES: "false" }).lookupMaskNames).toBe(false);
  });
});

describe("loadConfig — each invalid value stops the start with a ConfigError naming the variable", () => {
  it.each<[string, string, RegExp]>([
    ["PORT", "abc", /phải là số nguyên/],
    ["PORT", "-1", /phải là số nguyên/],
    ["PORT", "3.5", /phải là số nguyên/],
    ["PORT", "1e3", /phải là số nguyên/],
    ["PORT", " 80", /phải là số nguyên/],
    ["PORT", "65536", /phải nằm trong khoảng 0–65535/],
    ["DATABASE_URL", "không phải url", /không phải là một URL hợp lệ/],
    ["DATABASE_URL", "mysql://root@localhost/onestop", /phải bắt đầu bằng postgres: hoặc postgresql:/],
    ["DATABASE_POOL_MAX", "0", /phải nằm trong khoảng 1–500/],
    ["DATABASE_POOL_MAX", "501", /phải nằm trong khoảng 1–500/],
    ["DATABASE_POOL_MAX", "many", /phải là số nguyên/],
    ["LOG_LEVEL", "verbose", /phải là một trong: fatal, error, warn, info, debug, trace, silent/],
    ["LOG_LEVEL", "INFO", /phải là một trong/],
    ["SEED_ON_EMPTY", "maybe", /phải là true hoặc false/],
    ["SEED_ON_EMPTY", "2", /phải là true hoặc false/],
    ["PUBLIC_RATE_LIMIT_PER_MINUTE", "0", /phải nằm trong khoảng 1–1000000/],
    ["PUBLIC_RATE_LIMIT_PER_MINUTE", "1000001", /phải nằm trong khoảng/],
    ["PUBLIC_RATE_LIMIT_PER_MINUTE", "ten", /phải là số nguyên/],
    ["PUBLIC_URL", "dichvucong.demo.gov.vn", /không phải là một URL hợp lệ/],
    ["PUBLIC_URL", "ftp://demo.gov.vn", /phải bắt đầu bằng http: hoặc https:/],
    ["LOGIN_MAX_FAILURES", "0", /phải nằm trong khoảng 1–100/],
    ["LOGIN_LOCK_MINUTES", "1441", /phải nằm trong khoảng 1–1440/],
    ["LOGIN_RATE_LIMIT_PER_MINUTE", "x", /phải là số nguyên/],
    ["SESSION_IDLE_MINUTES", "0", /phải nằm trong khoảng/],
    ["SESSION_APPLICANT_IDLE_MINUTES", "1441", /phải nằm trong khoảng/],
    ["SESSION_MAX_HOURS", "721", /phải nằm trong khoảng 1–720/],
  ])("%s=%j → ConfigError", (name, value, detail) => {
    const error = configErrorOf({ [name]: value });
    expect(error.variable).toBe(name);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toMatch(new RegExp(`^Cấu hình không hợp lệ: biến môi trường ${name} `));
    expect(error.message).toMatch(detail);
  });

  it("names the first bad variable even when others are valid", () => {
    expect(configErrorOf({ PORT: "8080", LOG_LEVEL: "loud" }).variable).toBe("LOG_LEVEL");
  });

  it("every variable src/config.ts validates rejects a nonsense value with a ConfigError naming it", () => {
    // Read from the source so that a variable added later is covered without editing this test.
    const source = readFileSync(new URL("../src/config.ts", import.meta.url), "utf8");
    const names = [...source.matchAll(/read\w+\(env, "([A-Z0-9_]+)"/g)].map((match) => match[1]!);
    expect(names).toEqual(
      expect.arrayContaining(["PORT", "DATABASE_URL", "LOG_LEVEL", "SEED_ON_EMPTY", "PUBLIC_URL"]),
    );
    for (const name of names) {
      expect(configErrorOf({ [name]: "☃ không hợp lệ" }).variable, name).toBe(name);
    }
  });
});

describe("loadConfig — notifications and the SMS lookup (issue #7, R-LOOK-1, R-LOOK-3)", () => {
  it("defaults: simulators for unset gateways, 6 attempts from 30 s, TRACUU, 10 lookups an hour, webhook off", () => {
    expect(loadConfig({})).toMatchObject({
      smtpUrl: undefined,
      mailFrom: "OneStop <no-reply@onestop.invalid>",
      smsGatewayUrl: undefined,
      socialGatewayUrl: undefined,
      notifyMaxAttempts: 6,
      notifyBackoffSeconds: 30,
      notifyMaxEventAgeHours: 72,
      smsLookupKeyword: "TRACUU",
      smsLookupPerHour: 10,
      smsInboundSecret: undefined,
    });
  });

  it("reads each variable", () => {
    expect(
      loadConfig({
        SMTP_URL: "smtps://thu:matkhau@mail.tinh.gov.vn:465",
        MAIL_FROM: "Trung tâm PVHCC <no-reply@tinh.gov.vn>",
        SMS_GATEWAY_URL: "https://sms.tinh.gov.vn/send",
        SOCIAL_GATEWAY_URL: "http://127.0.0.1:9000/oa",
        NOTIFY_MAX_ATTEMPTS: "3",
        NOTIFY_BACKOFF_SECONDS: "5",
        NOTIFY_MAX_EVENT_AGE_HOURS: "24",
        SMS_LOOKUP_KEYWORD: "HOSO",
        SMS_LOOKUP_PER_HOUR: "2",
        SMS_INBOUND_SECRET: "bi-mat-cong-sms-dai-du",
      }),
    ).toMatchObject({
      smtpUrl: "smtps://thu:matkhau@mail.tinh.gov.vn:465",
      mailFrom: "Trung tâm PVHCC <no-reply@tinh.gov.vn>",
      smsGatewayUrl: "https://sms.tinh.gov.vn/send",
      socialGatewayUrl: "http://127.0.0.1:9000/oa",
      notifyMaxAttempts: 3,
      notifyBackoffSeconds: 5,
      notifyMaxEventAgeHours: 24,
      smsLookupKeyword: "HOSO",
      smsLookupPerHour: 2,
      smsInboundSecret: "bi-mat-cong-sms-dai-du",
    });
  });

  it.each([
    ["SMTP_URL", "http://mail.example", /phải bắt đầu bằng smtp: hoặc smtps:/],
    ["SMS_GATEWAY_URL", "ftp://sms.example", /phải bắt đầu bằng http: hoặc https:/],
    ["NOTIFY_MAX_ATTEMPTS", "0", /phải nằm trong khoảng 1–50/],
    ["NOTIFY_BACKOFF_SECONDS", "3601", /phải nằm trong khoảng 1–3600/],
    ["NOTIFY_MAX_EVENT_AGE_HOURS", "0", /phải nằm trong khoảng 1–8760/],
    ["SMS_LOOKUP_KEYWORD", "TRA CUU", /phải là một từ/],
    ["SMS_LOOKUP_PER_HOUR", "0", /phải nằm trong khoảng 1–1000/],
    ["SMS_INBOUND_SECRET", "ngan", /phải dài ít nhất 16 ký tự/],
  ])("%s=%j → ConfigError", (name, value, detail) => {
    const error = configErrorOf({ [name]: value });
    expect(error.variable).toBe(name);
    expect(error.message).toMatch(detail);
  });
});

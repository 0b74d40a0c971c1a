import { expect } from "vitest";
import type { AuthTestApp, TestSession } from "../../../support/authSession.ts";
import { loginAs } from "../../../support/authSession.ts";

/** Demo accounts (README) the admin route tests act as. */
export const PASSWORDS = {
  "quantri.trungtam": "Demo@2026!QuanTriTT",
  "quantri.hethong": "Demo@2026!QuanTriHT",
  "congdan.demo": "Demo@2026!CongDan",
  "doanhnghiep.demo": "Demo@2026!DoanhNghiep",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "truongphong.trungtam": "Demo@2026!TruongPhongTT",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "giamsat.ttpvhcc": "Demo@2026!GiamSatHCC",
} as const;
export type DemoUser = keyof typeof PASSWORDS;

/** Every role that is not an administrator: each must get 403 from every admin route. */
export const NON_ADMINS: DemoUser[] = [
  "congdan.demo",
  "doanhnghiep.demo",
  "motcua.trungtam",
  "chuyenvien.trungtam",
  "truongphong.trungtam",
  "lanhdao.trungtam",
  "giamsat.ttpvhcc",
];

export const AGENCY_ADMIN: DemoUser = "quantri.trungtam";
export const SYSTEM_ADMIN: DemoUser = "quantri.hethong";
/** quantri.trungtam administers Phường Trung Tâm; Sở Tài chính is another agency. */
export const OWN_AGENCY = "000.20.01.H99";
export const OTHER_AGENCY = "000.00.13.H99";

export async function loginAll(
  t: AuthTestApp,
  users: readonly DemoUser[],
): Promise<Record<string, TestSession>> {
  const sessions: Record<string, TestSession> = {};
  for (const user of users) sessions[user] = await loginAs(t.app, user, PASSWORDS[user]);
  return sessions;
}

export function caller(t: AuthTestApp, sessions: Record<string, TestSession>) {
  return (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    user?: DemoUser,
    payload?: unknown,
    language: "vi" | "en" = "vi",
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(user ? sessions[user]!.headers : {}), "accept-language": language },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
}

export async function agencyId(t: AuthTestApp, code: string): Promise<string> {
  const row = await t.database.db
    .selectFrom("agencies")
    .select("id")
    .where("code", "=", code)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function auditCount(t: AuthTestApp): Promise<number> {
  const row = await t.database.db
    .selectFrom("admin_audit")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The route refuses anonymous callers (401) and every non-administrator role (403), and writes nothing. */
export async function expectAdminsOnly(
  t: AuthTestApp,
  call: ReturnType<typeof caller>,
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
): Promise<void> {
  const before = await auditCount(t);
  const anonymous = await call(method, url, undefined, payload);
  expect(anonymous.statusCode, `${method} ${url} anonymous`).toBe(401);
  for (const user of NON_ADMINS) {
    const response = await call(method, url, user, payload);
    expect(response.statusCode, `${method} ${url} as ${user}`).toBe(403);
  }
  expect(await auditCount(t)).toBe(before);
}

/** A 400 with a message on `field`, in Vietnamese and in English. */
export async function expectFieldError(
  call: ReturnType<typeof caller>,
  method: "POST" | "PUT",
  url: string,
  user: DemoUser,
  payload: unknown,
  field: string,
): Promise<void> {
  for (const language of ["vi", "en"] as const) {
    const response = await call(method, url, user, payload, language);
    expect(response.statusCode, response.body).toBe(400);
    const body = response.json() as {
      error: { code: string; message: string; fields: { field: string; message: string }[] };
    };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    const hit = body.error.fields.find((f) => f.field === field);
    expect(hit, `${field} in ${response.body}`).toBeDefined();
    expect(
      language === "vi"
        ? /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(hit!.message + body.error.message)
        : /^[\x20-\x7E–]+$/.test(hit!.message),
    ).toBe(true);
  }
}

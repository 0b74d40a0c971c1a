import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestApp, createAuthTestApp, loginAs, type TestSession } from "../support/authSession.ts";

/**
 * Authorize before validating (issue #20, the authorization matrix): a signed-in user who holds none of a route's
 * roles gets 403, whatever the body, instead of a 400 describing the body's errors (the role is checked before the
 * schema; the scope, which may read validated parameters, still after). The route's own roles still see the 400.
 */
let t: AuthTestApp;
let citizen: TestSession;
let admin: TestSession;
beforeAll(async () => {
  t = await createAuthTestApp();
  citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  admin = await loginAs(t.app, "quantri.hethong", "Demo@2026!QuanTriHT");
});
afterAll(async () => t?.close());

describe("the role is checked before the body is validated", () => {
  it("a citizen posting an invalid body to an administrators' route gets 403, in Vietnamese", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/admin/agencies",
      headers: { ...citizen.headers, "accept-language": "vi" },
      payload: { name: 12, nonsense: [1, 2, 3] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("FORBIDDEN");
  });

  it("an administrator sending the same body gets the 400 of the schema", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/admin/agencies",
      headers: admin.headers,
      payload: { name: 12, nonsense: [1, 2, 3] },
    });
    expect(response.statusCode).toBe(400);
  });
});

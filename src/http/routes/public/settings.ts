import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type Kysely, sql } from "kysely";
import { Type } from "typebox";
import { ConfigError } from "../../../config.ts";
import type { Database } from "../../../db/schema.ts";
import { errorResponses } from "../../schemas/common.ts";

/** The portal's front-end settings, read from the environment once at boot (README, configuration table). */
export interface PortalSettings {
  /** R-LAW-4: citizens submit online on the national portal; the portal keeps the catalog, lookup and dossiers. */
  nationalPortalMode: boolean;
  /** Where the submission entry points send people in national-portal mode. */
  nationalPortalUrl: string;
}

type Env = Record<string, string | undefined>;

export const defaultNationalPortalUrl = "https://dichvucong.gov.vn";

/** Validated reader of NATIONAL_PORTAL_MODE and NATIONAL_PORTAL_URL; a bad value stops the boot naming the variable. */
export function readPortalSettings(env: Env = process.env): PortalSettings {
  const rawMode = (env.NATIONAL_PORTAL_MODE ?? "").trim().toLowerCase();
  let nationalPortalMode = false;
  if (["1", "true", "yes", "on"].includes(rawMode)) nationalPortalMode = true;
  else if (!["", "0", "false", "no", "off"].includes(rawMode))
    throw new ConfigError(
      "NATIONAL_PORTAL_MODE",
      `phải là true hoặc false (đang là "${env.NATIONAL_PORTAL_MODE}")`,
    );
  const rawUrl = (env.NATIONAL_PORTAL_URL ?? "").trim() || defaultNationalPortalUrl;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ConfigError("NATIONAL_PORTAL_URL", `phải là một địa chỉ http(s) (đang là "${rawUrl}")`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ConfigError("NATIONAL_PORTAL_URL", `phải là một địa chỉ http(s) (đang là "${rawUrl}")`);
  return { nationalPortalMode, nationalPortalUrl: url.href };
}

const Settings = Type.Object({
  nationalPortalMode: Type.Boolean({ description: "Chế độ giao diện Cổng Dịch vụ công quốc gia (R-LAW-4)" }),
  nationalPortalUrl: Type.String({
    description: "Địa chỉ nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
  }),
  hotline: Type.Union([Type.String(), Type.Null()], {
    description:
      "Đường dây nóng hỗ trợ: của Trung tâm Phục vụ hành chính công, hoặc của Ủy ban nhân dân tỉnh",
  }),
});

/** GET /settings: what the portal's pages need to know about this installation. No login. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database>; env?: Env }> = async (
  app,
  { db, env },
) => {
  const settings = readPortalSettings(env);
  app.get(
    "/settings",
    {
      config: { rateLimit: {} },
      schema: {
        tags: ["catalog"],
        summary: "Cấu hình của Cổng: chế độ Cổng Dịch vụ công quốc gia, đường dây nóng",
        response: { 200: Settings, 429: errorResponses[429] },
      },
    },
    async () => {
      // The service center answers the public; the provincial committee's line is the fallback.
      const row = await db
        .selectFrom("agencies")
        .select("hotline")
        .where("hotline", "is not", null)
        .orderBy(sql`case level when 'other' then 0 when 'province' then 1 else 2 end`)
        .orderBy("code")
        .executeTakeFirst();
      return { ...settings, hotline: row?.hotline ?? null };
    },
  );

  // Whether the request carries a live session, answered with 200 either way: the pages ask this before
  // GET /api/auth/session, whose 401 for visitors would show as an error in every browser console.
  app.get(
    "/session-state",
    {
      config: { rateLimit: {} },
      schema: {
        tags: ["auth"],
        summary: "Có phiên đăng nhập hay không (không lỗi 401 với khách)",
        response: { 200: Type.Object({ signedIn: Type.Boolean() }), 429: errorResponses[429] },
      },
    },
    async (request) => ({ signedIn: request.actor !== null && request.actor !== undefined }),
  );
};

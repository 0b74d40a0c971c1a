import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { UnauthenticatedError } from "../../../services/errors.ts";
import { reportSectorDossier } from "../../../services/sector/reportSectorDossier.ts";
import { SectorDossierReport, SectorReportAnswer } from "../../../services/sector/sectorReportSchema.ts";
import {
  type AuthenticatedSectorSystem,
  findSectorSystemByKey,
} from "../../../services/sector/sectorSystems.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { apiKeyHeader, requireSignedBody } from "../integration/signedBody.ts";

export interface SectorInboundRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** MFA_ENCRYPTION_KEY: opens the systems' sealed HMAC secrets. */
  sealKey: string | undefined;
}

const badKey = () =>
  new UnauthenticatedError(
    {
      vi: "Thiếu hoặc sai khóa API của hệ thống chuyên ngành, hoặc hệ thống đã bị tắt",
      en: "Missing or wrong sector system API key, or the system is disabled",
    },
    "INVALID_API_KEY",
  );
const badSignature = () =>
  new UnauthenticatedError(
    {
      vi: "Thiếu hoặc sai chữ ký HMAC của nội dung yêu cầu",
      en: "Missing or wrong HMAC signature of the request body",
    },
    "INVALID_SIGNATURE",
  );

/**
 * `POST /api/integration/sector/dossiers`: a sector system (civil status, land, business registration) creates or
 * updates a dossier it handles (issue #18, R-STATUS-4). Authenticated as the national portal's route is: the system's
 * own `X-Api-Key`, and `X-Signature` = hex HMAC-SHA256 of the exact body bytes with its secret (signedBody.ts).
 * Every refused call of an identified system is recorded for the admin console's "last calls".
 */
export const sectorInboundRoutes: FastifyPluginAsyncTypebox<SectorInboundRouteOptions> = async (
  app,
  options,
) => {
  const systems = new WeakMap<FastifyRequest, AuthenticatedSectorSystem>();
  const failures = new WeakMap<FastifyRequest, string>();

  app.addHook("onRequest", async (request) => {
    const given = request.headers[apiKeyHeader];
    if (typeof given !== "string" || given.length === 0 || given.length > 200) throw badKey();
    const system = await findSectorSystemByKey(options.db, given, options.sealKey);
    if (!system) throw badKey();
    systems.set(request, system);
  });
  requireSignedBody(app, { secretFor: (request) => systems.get(request)?.hmacSecret, badSignature });

  app.addHook("onError", async (request, _reply, error) => {
    failures.set(request, (error as { code?: string }).code ?? "ERROR");
  });
  app.addHook("onResponse", async (request, reply) => {
    const system = systems.get(request);
    if (!system || reply.statusCode < 300) return;
    const body = request.body as { reportId?: unknown; dossier?: { code?: unknown } } | undefined;
    const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 100) : null);
    try {
      await options.db
        .insertInto("sector_reports")
        .values({
          system_id: system.id,
          report_id: text(body?.reportId),
          dossier_code: text(body?.dossier?.code),
          dossier_id: null,
          request_hash: null,
          received_at: options.clock(),
          http_status: reply.statusCode,
          outcome_code: failures.get(request) ?? `HTTP_${reply.statusCode}`,
          response: JSON.stringify({}),
        })
        .execute();
      await options.db
        .updateTable("sector_systems")
        .set({ last_call_at: options.clock() })
        .where("id", "=", system.id)
        .execute();
    } catch (error) {
      request.log.warn({ err: error }, "could not record a refused sector report");
    }
  });

  app.post(
    "/sector/dossiers",
    {
      schema: {
        tags: ["integration"],
        summary: "Hệ thống chuyên ngành tạo hoặc cập nhật hồ sơ do mình giải quyết",
        description:
          "Xác thực bằng X-Api-Key của hệ thống và X-Signature (HMAC-SHA256 dạng hex của nội dung yêu cầu). 201 khi tạo hồ sơ, 200 khi cập nhật hoặc gửi lại cùng reportId. Xem docs/sector-systems.md.",
        body: SectorDossierReport,
        response: {
          200: SectorReportAnswer,
          201: SectorReportAnswer,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const system = systems.get(request)!;
      const { created, answer } = await reportSectorDossier(options.db, {
        system,
        payload: request.body,
        now: options.clock(),
      });
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
};

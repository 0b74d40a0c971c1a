import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Role } from "../../../db/schema.ts";
import { assertCanSee, authorizeAs } from "../../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { listNationalFiles, retryNationalFile } from "../../../services/integration/nationalFileTransfers.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";

const OFFICERS: Role[] = ["counter_officer", "specialist", "unit_head", "agency_leader"];

const NationalFile = Type.Object({
  id: Type.String({ format: "uuid" }),
  fileName: Type.String(),
  purpose: Type.Union([Type.Literal("component"), Type.Literal("supplement")]),
  componentCode: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal("pending"), Type.Literal("fetched"), Type.Literal("failed")], {
    description: "pending = chờ tải, fetched = đã tải, failed = lỗi",
  }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  dossierFileId: Type.Union([Type.String(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  fetchedAt: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
});

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/**
 * The files of a dossier received from the national portal (issue #13 "Attachments"), for the officers of its
 * agencies: where each stands (chờ tải, đã tải, lỗi with the reason) and, for a counter officer, asking again for one
 * that failed.
 */
export const nationalFileRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  app.get(
    "/office/dossiers/:id/national-files",
    {
      preValidation: requireRole(OFFICERS),
      schema: {
        tags: ["office"],
        summary: "Tệp của hồ sơ nhận từ Cổng DVCQG và trạng thái tải về (chờ tải, đã tải, lỗi)",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: Type.Object({ files: Type.Array(NationalFile) }), ...errors },
      },
    },
    async (request) => {
      const record = await findDossier(context.db, request.params.id);
      if (!record) throw dossierNotFound();
      assertCanSee(actorFrom(request), record.row);
      return { files: await listNationalFiles(context.db, record.row.id) };
    },
  );

  app.post(
    "/office/dossiers/:id/national-files/:fileId/retry",
    {
      preValidation: requireRole(["counter_officer"]),
      schema: {
        tags: ["office"],
        summary: "Tải lại một tệp bị lỗi từ Cổng DVCQG",
        params: Type.Object({ id: Type.String({ format: "uuid" }), fileId: Type.String({ format: "uuid" }) }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const record = await findDossier(context.db, request.params.id);
      if (!record) throw dossierNotFound();
      authorizeAs(actorFrom(request), "counter_officer")(record.row);
      await retryNationalFile(context.db, {
        dossierId: record.row.id,
        transferId: request.params.fileId,
        now: context.clock(),
      });
      return reply.status(204).send(null);
    },
  );
};

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { requireSystemAdmin } from "../../../services/admin/adminScope.ts";
import { handOverBatch, listBatches, prepareBatch } from "../../../services/archive/archiveBatches.ts";
import {
  approveDisposalList,
  executeDisposalList,
  listDisposalLists,
  proposeDisposalList,
} from "../../../services/archive/disposalLists.ts";
import { checkArchiveIntegrity } from "../../../services/archive/integrityCheck.ts";
import { listHolds, placeHold, releaseHold } from "../../../services/archive/legalHolds.ts";
import { listPackages } from "../../../services/archive/listPackages.ts";
import { listRetention, setRetention } from "../../../services/archive/retentionSettings.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";
import { adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, Id, IdParams, Obj, tags } from "./adminSchemas.ts";

const Any = (description: string) => Type.Unknown({ description });
const Month = Type.String({ pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$", examples: ["2026-10"] });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: "\\S" });

/**
 * The electronic archive in the admin console (issue #16, R-ARC-1, R-ARC-2): retention per procedure (the system
 * administrator sets it), hand-over batches of a month's closed dossiers, legal holds, disposal lists (proposed,
 * approved by another administrator, executed), the packages' integrity. Agency administrators act on their
 * agencies; others' records answer 404. Every change is audited.
 */
export const adminArchiveRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  const { db, storage, clock } = context;

  app.get(
    "/admin/archive/retention",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thời hạn bảo quản hồ sơ theo thủ tục",
        response: { 200: Any("items"), ...adminErrors },
      },
    },
    async () => ({ items: await listRetention(db) }),
  );

  app.put(
    "/admin/archive/retention/:id",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary:
          'Đặt thời hạn bảo quản của thủ tục (số năm; "permanent": vĩnh viễn; "default": theo mặc định)',
        params: IdParams,
        body: Obj({
          // A word, not null, for "permanent": the validator coerces 0 to null, which would read as "permanent".
          years: Type.Union([
            Type.Integer({ minimum: 1, maximum: 200 }),
            Type.Literal("permanent"),
            Type.Literal("default"),
          ]),
        }),
        response: { 200: Any("the procedure's retention"), ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return setRetention(db, {
        actor,
        scope,
        procedureId: request.params.id,
        years: request.body.years === "permanent" ? null : request.body.years,
        now: clock(),
      });
    },
  );

  app.get(
    "/admin/archive/packages",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Hồ sơ lưu trữ điện tử và kết quả kiểm tra toàn vẹn",
        querystring: Type.Object({ broken: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Any("items"), ...adminErrors },
      },
    },
    async (request) => ({
      items: await listPackages(db, adminOf(request).scope, { brokenOnly: request.query.broken === true }),
    }),
  );

  app.post(
    "/admin/archive/integrity-check",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Kiểm tra toàn vẹn kho lưu trữ ngay",
        body: Type.Optional(Obj({})),
        response: { 200: Any("report"), ...adminErrors },
      },
    },
    async (request) => {
      // The whole archive is read: the province's operation, not one agency's.
      requireSystemAdmin(adminOf(request).scope);
      return checkArchiveIntegrity(db, storage, { now: clock() });
    },
  );

  app.get(
    "/admin/archive/batches",
    {
      preHandler: adminGuard,
      schema: { tags, summary: "Các đợt giao nộp lưu trữ", response: { 200: Any("items"), ...adminErrors } },
    },
    async (request) => ({ items: await listBatches(db, adminOf(request).scope) }),
  );

  app.post(
    "/admin/archive/batches",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Lập đợt giao nộp: đóng gói và kiểm tra hồ sơ đã kết thúc trong tháng",
        body: Obj({ agencyId: Id, month: Month }),
        response: { 201: Any("the batch"), ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const batch = await prepareBatch(db, storage, { actor, scope, ...request.body, now: clock() });
      return reply.code(201).send(batch);
    },
  );

  app.post(
    "/admin/archive/batches/:id/handover",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Ghi nhận đã giao nộp đợt cho lưu trữ cơ quan",
        params: IdParams,
        body: Obj({ receivedBy: Text(200) }),
        response: { 200: Any("the batch"), ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return handOverBatch(db, {
        actor,
        scope,
        batchId: request.params.id,
        receivedBy: request.body.receivedBy.trim(),
        now: clock(),
      });
    },
  );

  app.get(
    "/admin/archive/holds",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Lệnh tạm giữ đang có hiệu lực",
        response: { 200: Any("items"), ...adminErrors },
      },
    },
    async (request) => ({ items: await listHolds(db, adminOf(request).scope) }),
  );

  app.post(
    "/admin/archive/holds",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Tạm giữ hồ sơ (không được hủy khi còn lệnh)",
        body: Obj({ dossierCode: Text(60), reason: Text(500) }),
        response: { 201: Any("the hold"), ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const hold = await placeHold(db, { actor, scope, ...request.body, now: clock() });
      return reply.code(201).send(hold);
    },
  );

  app.post(
    "/admin/archive/holds/:id/release",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Gỡ lệnh tạm giữ",
        params: IdParams,
        body: Type.Optional(Obj({})),
        response: { 200: Any("the hold"), ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return releaseHold(db, { actor, scope, holdId: request.params.id, now: clock() });
    },
  );

  app.get(
    "/admin/archive/disposal-lists",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Danh mục hủy hồ sơ hết thời hạn bảo quản",
        response: { 200: Any("items"), ...adminErrors },
      },
    },
    async (request) => ({ items: await listDisposalLists(db, adminOf(request).scope) }),
  );

  app.post(
    "/admin/archive/disposal-lists",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đề xuất danh mục hủy của cơ quan",
        body: Obj({ agencyId: Id }),
        response: { 201: Any("the list"), ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const list = await proposeDisposalList(db, {
        actor,
        scope,
        agencyId: request.body.agencyId,
        now: clock(),
      });
      return reply.code(201).send(list);
    },
  );

  app.post(
    "/admin/archive/disposal-lists/:id/approve",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Phê duyệt danh mục hủy (người khác người đề xuất)",
        params: IdParams,
        body: Obj({ decisionRef: Text(200) }),
        response: { 200: Any("the list"), ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return approveDisposalList(db, {
        actor,
        scope,
        listId: request.params.id,
        decisionRef: request.body.decisionRef.trim(),
        now: clock(),
      });
    },
  );

  app.post(
    "/admin/archive/disposal-lists/:id/execute",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thực hiện hủy theo danh mục đã phê duyệt (hồ sơ đang tạm giữ được giữ lại)",
        params: IdParams,
        body: Type.Optional(Obj({})),
        response: { 200: Any("the list"), ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return executeDisposalList(db, { actor, scope, listId: request.params.id, now: clock() });
    },
  );
};

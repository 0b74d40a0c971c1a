import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  addressOptions,
  getAdminOffering,
  listAdminOfferings,
  saveOfferingForm,
  updateOffering,
} from "../../../services/admin/offerings.ts";
import { type AdminRouteContext, adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, Id, IdParams, NoContent, Nullable, Obj, tags } from "./adminSchemas.ts";

const Limit = Type.Object({ amount: Type.Number(), unit: Type.String() });
const Summary = Type.Object({
  id: Type.String(),
  agency: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  procedure: Type.Object({
    code: Type.String(),
    name: Type.String(),
    legalTime: Nullable(Limit),
    legalTimeText: Type.String(),
  }),
  enabled: Type.Boolean(),
  onlineLevel: Type.String(),
  channels: Type.Array(Type.String()),
  timeLimit: Nullable(Limit),
  hasForm: Type.Boolean(),
});
const Detail = Type.Object({
  ...Summary.properties,
  formSchema: Nullable(Type.Record(Type.String(), Type.Unknown())),
  fees: Type.Array(
    Type.Object({ name: Type.String(), amountVnd: Type.Number(), description: Type.String() }),
  ),
  components: Type.Array(
    Type.Object({
      name: Type.String(),
      originalCount: Type.Number(),
      copyCount: Type.Number(),
      required: Type.Boolean(),
    }),
  ),
});
const Channel = Type.Union([Type.Literal("counter"), Type.Literal("online"), Type.Literal("postal")]);
const OnlineLevel = Type.Union([Type.Literal("full"), Type.Literal("partial"), Type.Literal("none")]);

/** Procedure offerings (issue #6, R-FUNC-2): enable, online level, channels, time limit, the e-form. */
export const adminOfferingRoutes: FastifyPluginAsyncTypebox<AdminRouteContext> = async (
  app,
  { db, clock },
) => {
  app.get(
    "/admin/offerings",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thủ tục của các cơ quan được quản trị",
        querystring: Type.Object({
          agencyId: Type.Optional(Id),
          q: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Type.Array(Summary), ...adminErrors },
      },
    },
    async (request) => listAdminOfferings(db, adminOf(request).scope, request.query),
  );

  app.get(
    "/admin/offerings/:id",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Một thủ tục của cơ quan",
        params: IdParams,
        response: { 200: Detail, ...adminErrors },
      },
    },
    async (request) => getAdminOffering(db, adminOf(request).scope, request.params.id),
  );

  app.put(
    "/admin/offerings/:id",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Sửa cách thức nộp, mức độ trực tuyến, thời hạn",
        params: IdParams,
        body: Obj({
          enabled: Type.Boolean(),
          onlineLevel: OnlineLevel,
          channels: Type.Array(Channel, { minItems: 1, maxItems: 3 }),
          timeLimit: Nullable(
            Obj({
              amount: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
              unit: Type.Union([Type.Literal("wh"), Type.Literal("wd"), Type.Literal("d")]),
            }),
          ),
        }),
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await updateOffering(db, actor, scope, request.params.id, request.body, clock());
      return reply.status(204).send(null);
    },
  );

  app.put(
    "/admin/offerings/:id/form",
    {
      preHandler: adminGuard,
      bodyLimit: 512 * 1024,
      schema: {
        tags,
        summary: "Lưu biểu mẫu điện tử (JSON Schema); null: dùng tờ khai chung",
        params: IdParams,
        body: Obj({ schema: Nullable(Type.Record(Type.String(), Type.Unknown())) }),
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await saveOfferingForm(db, actor, scope, request.params.id, request.body.schema, clock());
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/admin/address-options",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Danh sách tỉnh, xã cho trường địa chỉ của biểu mẫu",
        response: {
          200: Type.Object({ province: Type.String(), communes: Type.Array(Type.String()) }),
          ...adminErrors,
        },
      },
    },
    async () => addressOptions(db),
  );
};

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { RULE_OPTION_BOUNDS } from "../../../domain/options/ruleOptions.ts";
import { requireSystemAdmin } from "../../../services/admin/adminScope.ts";
import {
  getOfferingRuleOptions,
  getProvinceRuleOptions,
  updateOfferingRuleOptions,
  updateProvinceRuleOptions,
} from "../../../services/options/ruleOptions.ts";
import { type AdminRouteContext, adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, IdParams, Obj, tags } from "./adminSchemas.ts";

const Bounded = (bounds: { min: number; max: number }) =>
  Type.Integer({ minimum: bounds.min, maximum: bounds.max });

/** One value of each option (REGULATIONS §0 [M], §24; issue #12 §6). */
const Options = Type.Object({
  supplementWindowWorkingDays: Bounded(RULE_OPTION_BOUNDS.supplementWindowWorkingDays),
  supplementClock: Type.Union([Type.Literal("restart"), Type.Literal("pauseAndExtend")]),
  abandonmentWorkingDays: Bounded(RULE_OPTION_BOUNDS.abandonmentWorkingDays),
  refusalAfterAppraisalStatus: Type.Union([Type.Literal(8), Type.Literal(9)]),
  receptionWorkingHours: Bounded(RULE_OPTION_BOUNDS.receptionWorkingHours),
});
/**
 * What one scope sets: null (or absent) means "not set here", the next scope's value applies. The values are checked
 * by the domain (parseRuleOptionValues), not by the schema: the HTTP validator coerces 0 to null in a "number or
 * null" union, which would silently reset an option instead of refusing it.
 */
const described = (description: string) => Type.Optional(Type.Unknown({ description }));
const SetValues = Obj({
  supplementWindowWorkingDays: described(
    `Số ngày làm việc sau tiếp nhận còn được yêu cầu bổ sung (${RULE_OPTION_BOUNDS.supplementWindowWorkingDays.min}–${RULE_OPTION_BOUNDS.supplementWindowWorkingDays.max}; mặc định 3) hoặc null`,
  ),
  supplementClock: described('"restart" (mặc định) hoặc "pauseAndExtend", hoặc null'),
  abandonmentWorkingDays: described(
    `Số ngày làm việc chờ bổ sung trước khi dừng xử lý (${RULE_OPTION_BOUNDS.abandonmentWorkingDays.min}–${RULE_OPTION_BOUNDS.abandonmentWorkingDays.max}; mặc định 15) hoặc null`,
  ),
  refusalAfterAppraisalStatus: described("8 (mặc định) hoặc 9, hoặc null"),
  receptionWorkingHours: described(
    `Số giờ làm việc để tiếp nhận hồ sơ trực tuyến (${RULE_OPTION_BOUNDS.receptionWorkingHours.min}–${RULE_OPTION_BOUNDS.receptionWorkingHours.max}; mặc định 8) hoặc null`,
  ),
});
const StoredValues = Type.Record(Type.String(), Type.Unknown());
const Source = Type.Union([Type.Literal("offering"), Type.Literal("province"), Type.Literal("default")]);

const ProvinceView = Type.Object({ values: StoredValues, defaults: Options, effective: Options });
const OfferingView = Type.Object({
  offering: Type.Object({
    id: Type.String(),
    agency: Type.Object({ id: Type.String(), name: Type.String() }),
    procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  }),
  values: StoredValues,
  inherited: Options,
  effective: Options,
  sources: Type.Record(Type.String(), Source),
});

/**
 * Rule options (issue #12 §6): the province's values (system administrator) and each offering's overrides (its
 * agency's administrator, or the system administrator). Every change is audited with before/after.
 */
export const adminRuleOptionRoutes: FastifyPluginAsyncTypebox<AdminRouteContext> = async (
  app,
  { db, clock },
) => {
  app.get(
    "/admin/rule-options",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Tùy chọn quy tắc của tỉnh (giá trị đã đặt, mặc định, đang áp dụng)",
        response: { 200: ProvinceView, ...adminErrors },
      },
    },
    async (request) => {
      requireSystemAdmin(adminOf(request).scope);
      return getProvinceRuleOptions(db);
    },
  );

  app.put(
    "/admin/rule-options",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đặt tùy chọn quy tắc của tỉnh (null: dùng giá trị mặc định)",
        body: SetValues,
        response: { 200: ProvinceView, ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return updateProvinceRuleOptions(db, actor, scope, request.body, clock());
    },
  );

  app.get(
    "/admin/offerings/:id/rule-options",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Tùy chọn quy tắc riêng của một thủ tục tại cơ quan",
        params: IdParams,
        response: { 200: OfferingView, ...adminErrors },
      },
    },
    async (request) => getOfferingRuleOptions(db, adminOf(request).scope, request.params.id),
  );

  app.put(
    "/admin/offerings/:id/rule-options",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đặt tùy chọn quy tắc riêng của thủ tục (null: theo tùy chọn của tỉnh)",
        params: IdParams,
        body: SetValues,
        response: { 200: OfferingView, ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return updateOfferingRuleOptions(db, actor, scope, request.params.id, request.body, clock());
    },
  );
};

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  getAgencyPaymentAccount,
  setAgencyPaymentAccount,
} from "../../../services/payments/agencyPaymentAccount.ts";
import {
  addOfferingFeeItem,
  deleteOfferingFeeItem,
  getOfferingFees,
  updateOfferingFeeItem,
} from "../../../services/payments/offeringFeeItems.ts";
import { type AdminRouteContext, adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, Created, Id, IdParams, NoContent, Nullable, Obj, tags } from "./adminSchemas.ts";

export interface PaymentSettingsRouteContext extends AdminRouteContext {
  /** PAYMENT_BANK_BIN: the bank of the derived accounts, when an agency set none. */
  defaultBankBin: string;
}

const ItemParams = Type.Object({ id: Id, itemId: Id });
/** The rule and exemptions are checked by the fees domain (parseFeeRule), which names each problem. */
const FeeItemBody = Obj({
  code: Type.String({ maxLength: 40 }),
  name: Type.String({ maxLength: 300 }),
  rule: Type.Unknown({ description: 'Cách tính: { kind: "fixed" | "perUnit" | "lookup", … }' }),
  exemptions: Type.Optional(Type.Unknown({ description: "Miễn phí: [{ field, in, reason }]" })),
  due: Type.Union([Type.Literal("submission"), Type.Literal("processing")]),
  provinceWide: Type.Optional(Type.Boolean()),
});
const AccountBody = Obj({
  accountNumber: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  bankBin: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  accountName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
});
const Account = Type.Object({
  bankBin: Type.String(),
  accountNumber: Type.String(),
  accountName: Type.String(),
});
const AccountView = Type.Object({
  configured: Type.Object({
    accountNumber: Nullable(Type.String()),
    bankBin: Nullable(Type.String()),
    accountName: Nullable(Type.String()),
  }),
  effective: Account,
  derived: Type.Boolean(),
});

/**
 * Fee settings in the admin console (issue #15, R-FEE-1, R-FEE-6): each offering's fee items (the catalog's, the
 * province's rules, the agency's local items, which its administrator sets) and each agency's receiving account.
 * Every change is audited in the same transaction.
 */
export const adminPaymentSettingsRoutes: FastifyPluginAsyncTypebox<PaymentSettingsRouteContext> = async (
  app,
  { db, clock, defaultBankBin },
) => {
  app.get(
    "/admin/offerings/:id/fees",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Phí, lệ phí của thủ tục tại cơ quan: theo danh mục, của tỉnh, của cơ quan",
        params: IdParams,
        response: { 200: Type.Unknown({ description: "catalog, items, effective" }), ...adminErrors },
      },
    },
    async (request) => getOfferingFees(db, adminOf(request).scope, request.params.id),
  );

  app.post(
    "/admin/offerings/:id/fees",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thêm khoản phí của cơ quan (hoặc của tỉnh: quản trị hệ thống)",
        params: IdParams,
        body: FeeItemBody,
        response: { 201: Created, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const created = await addOfferingFeeItem(db, actor, scope, request.params.id, request.body, clock());
      return reply.status(201).send(created);
    },
  );

  app.put(
    "/admin/offerings/:id/fees/:itemId",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Sửa khoản phí",
        params: ItemParams,
        body: FeeItemBody,
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const { id, itemId } = request.params;
      await updateOfferingFeeItem(db, actor, scope, id, itemId, request.body, clock());
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/admin/offerings/:id/fees/:itemId",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Bỏ khoản phí",
        params: ItemParams,
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await deleteOfferingFeeItem(db, actor, scope, request.params.id, request.params.itemId, clock());
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/admin/agencies/:id/payment-account",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Tài khoản nhận tiền thanh toán trực tuyến của cơ quan",
        params: IdParams,
        response: { 200: AccountView, ...adminErrors },
      },
    },
    async (request) => getAgencyPaymentAccount(db, adminOf(request).scope, request.params.id, defaultBankBin),
  );

  app.put(
    "/admin/agencies/:id/payment-account",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đặt tài khoản nhận tiền của cơ quan (để trống cả ba: dùng tài khoản mặc định)",
        params: IdParams,
        body: AccountBody,
        response: { 200: AccountView, ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return setAgencyPaymentAccount(
        db,
        actor,
        scope,
        request.params.id,
        request.body,
        defaultBankBin,
        clock(),
      );
    },
  );
};

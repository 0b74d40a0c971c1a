import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { UnauthenticatedError } from "../../../services/errors.ts";
import { grantMandate, listMandates, revokeMandate } from "../../../services/organisation/mandates.ts";
import { chooseActingFor, listMyOrganisations } from "../../../services/organisation/myOrganisations.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface OrganisationRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const guard = requireRole(["citizen"]);
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const CivilDate = Type.String({
  pattern: "^\\d{4}-\\d{2}-\\d{2}$",
  description: "YYYY-MM-DD",
  examples: ["2026-12-31"],
});
const Scope = Type.Union([
  Type.Object({ kind: Type.Literal("all") }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal("procedures"),
      procedureCodes: Type.Array(Type.String({ pattern: "^[0-9]\\.[0-9]{6}$" }), {
        minItems: 1,
        maxItems: 100,
      }),
    },
    { additionalProperties: false },
  ),
]);
const MandateState = Type.Union([
  Type.Literal("not_yet_valid"),
  Type.Literal("active"),
  Type.Literal("expired"),
  Type.Literal("revoked"),
]);
const Mandate = Type.Object({
  id: Type.String({ format: "uuid" }),
  holderIdNumber: Type.String(),
  holderName: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  scope: Scope,
  grantedAt: Type.String({ format: "date-time" }),
  grantedBy: Type.String(),
  revokedAt: Nullable(Type.String({ format: "date-time" })),
  state: MandateState,
});
const MyOrganisations = Type.Object({
  verified: Type.Boolean({
    description: "Tài khoản đã xác thực với VNeID (bắt buộc để thao tác cho tổ chức)",
  }),
  actingFor: Type.Union([
    Type.Object({ organisationId: Type.String(), name: Type.String(), usable: Type.Boolean() }),
    Type.Null(),
  ]),
  items: Type.Array(
    Type.Object({
      organisationId: Type.String({ format: "uuid" }),
      taxCode: Type.String(),
      name: Type.String(),
      address: Nullable(Type.String()),
      role: Type.Union([Type.Literal("representative"), Type.Literal("authorised")]),
      mandate: Type.Union([
        Type.Object({
          id: Type.String(),
          validFrom: Type.String(),
          validUntil: Type.String(),
          scope: Scope,
          state: MandateState,
        }),
        Type.Null(),
      ]),
      usable: Type.Boolean(),
    }),
  ),
});
const OrganisationParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

const sessionOf = (request: { session: { sessionId: string } | null }) => {
  if (!request.session) throw new UnauthenticatedError();
  return request.session.sessionId;
};

/**
 * Organisations (issue #14, R-ACC-1): a person signed in with their own e-ID sees the organisations they represent
 * or are authorised by, chooses whom they act for in this session, and — as a legal representative — authorises
 * other people for a period and scope and revokes them. Another person's organisation answers 404; an authorised
 * person managing mandates, an organisation account or an officer answers 403.
 */
export const organisationRoutes: FastifyPluginAsyncTypebox<OrganisationRouteOptions> = async (
  app,
  options,
) => {
  const { db, clock } = options;

  app.get(
    "/citizen/organisations",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary:
          "Tổ chức của tôi: tổ chức tôi là người đại diện hoặc được ủy quyền, và tổ chức đang thao tác cho",
        response: { 200: MyOrganisations, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => listMyOrganisations(db, actorFrom(request), sessionOf(request), clock()),
  );

  app.put(
    "/citizen/organisations/acting-for",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Chọn thao tác cho một tổ chức (hoặc cho chính mình: null) trong phiên này",
        body: Type.Object(
          { organisationId: Type.Union([Type.String({ format: "uuid" }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            actingFor: Type.Union([
              Type.Object({
                organisationId: Type.String(),
                name: Type.String(),
                taxCode: Type.String(),
                role: Type.Union([Type.Literal("representative"), Type.Literal("authorised")]),
              }),
              Type.Null(),
            ]),
          }),
          ...errors,
        },
      },
    },
    async (request) =>
      chooseActingFor(db, actorFrom(request), sessionOf(request), request.body.organisationId, clock()),
  );

  app.get(
    "/citizen/organisations/:id/mandates",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Danh sách ủy quyền của tổ chức (người đại diện theo pháp luật)",
        params: OrganisationParams,
        response: {
          200: Type.Object({
            organisation: Type.Object({ id: Type.String(), name: Type.String() }),
            items: Type.Array(Mandate),
          }),
          ...errors,
        },
      },
    },
    async (request) => listMandates(db, actorFrom(request), request.params.id, clock()),
  );

  app.post(
    "/citizen/organisations/:id/mandates",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary:
          "Ủy quyền cho một người thao tác cho tổ chức trong một thời hạn, với tất cả hoặc một số thủ tục",
        params: OrganisationParams,
        body: Type.Object(
          {
            holderIdNumber: Type.String({
              maxLength: 20,
              description: "Số định danh cá nhân của người được ủy quyền",
            }),
            holderName: Type.String({ minLength: 1, maxLength: 200 }),
            validFrom: CivilDate,
            validUntil: CivilDate,
            scope: Scope,
          },
          { additionalProperties: false },
        ),
        response: { 201: Mandate, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await grantMandate(db, actorFrom(request), request.params.id, request.body, clock())),
  );

  app.post(
    "/citizen/organisations/:id/mandates/:mandateId/revoke",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Thu hồi ủy quyền (có hiệu lực ngay)",
        params: Type.Object({
          id: Type.String({ format: "uuid" }),
          mandateId: Type.String({ format: "uuid" }),
        }),
        response: { 200: Mandate, ...errors, 409: ErrorResponse },
      },
    },
    async (request) =>
      revokeMandate(db, actorFrom(request), request.params.id, request.params.mandateId, clock()),
  );
};

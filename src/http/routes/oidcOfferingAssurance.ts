import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../db/schema.ts";
import { getOfferingAssurance, setOfferingAssurance } from "../../services/identity/offeringAssurance.ts";
import { adminGuard, adminOf } from "./admin/adminConsole.ts";
import { adminErrors, IdParams } from "./admin/adminSchemas.ts";

const Requirement = Type.Object(
  {
    minAssuranceLevel: Type.Union([Type.Literal(1), Type.Literal(2), Type.Null()], {
      description:
        "Mức độ tài khoản định danh điện tử VNeID tối thiểu để nộp trực tuyến (1 hoặc 2); null = theo mặc định (không yêu cầu)",
    }),
  },
  { additionalProperties: false },
);

/**
 * An offering's minimum e-ID assurance level for online submission (issue #14, R-ACC-1): agency administrators for
 * their agencies' offerings (others' are 404), the system administrator for all.
 */
export const oidcOfferingAssuranceRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  clock: () => Date;
}> = async (app, { db, clock }) => {
  const path = "/api/admin/offerings/:id/identity-requirement";
  app.get(
    path,
    {
      preHandler: adminGuard,
      schema: {
        tags: ["admin"],
        summary: "Yêu cầu mức độ định danh điện tử khi nộp trực tuyến thủ tục tại cơ quan",
        params: IdParams,
        response: { 200: Requirement, ...adminErrors },
      },
    },
    async (request) => getOfferingAssurance(db, adminOf(request).scope, request.params.id),
  );
  app.put(
    path,
    {
      preHandler: adminGuard,
      schema: {
        tags: ["admin"],
        summary: "Đặt hoặc bỏ yêu cầu mức độ định danh điện tử khi nộp trực tuyến",
        params: IdParams,
        body: Requirement,
        response: { 200: Requirement, ...adminErrors },
      },
    },
    async (request) => {
      const { actor, scope } = adminOf(request);
      return setOfferingAssurance(
        db,
        actor,
        scope,
        request.params.id,
        request.body.minAssuranceLevel,
        clock(),
      );
    },
  );
};

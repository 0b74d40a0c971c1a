import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { createCatalogCache } from "../../../services/catalog/catalogCache.ts";
import { NotFoundError } from "../../../services/errors.ts";
import { agencyTree, findAgency } from "../../../services/organisation/agencyTree.ts";
import { AgencyCode, errorResponses } from "../../schemas/common.ts";

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);
const agencyFields = {
  code: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  level: Type.String(),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  website: Nullable(Type.String()),
  hotline: Nullable(Type.String()),
  workingIntervals: Type.Union([
    Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
    Type.Null(),
  ]),
  receivedAt: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  units: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
};
const AgencyNode = Type.Cyclic(
  {
    AgencyNode: Type.Object({ ...agencyFields, children: Type.Array(Type.Ref("AgencyNode")) }),
  },
  "AgencyNode",
);

/**
 * Public agency directory: the tree and each agency's contact information (R-OPS-4). No login. Answers come from the
 * catalog cache (issue #21): agencies and units bump the catalog's version.
 */
export const agencyRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database> }> = async (app, { db }) => {
  const cache = createCatalogCache(db);
  app.get(
    "/agencies",
    {
      config: { rateLimit: {} },
      schema: {
        tags: ["agencies"],
        summary: "Cây cơ quan, đơn vị",
        response: { 200: Type.Array(AgencyNode), 429: errorResponses[429] },
      },
    },
    async () => cache.answer("agencies", () => agencyTree(db)),
  );

  app.get(
    "/agencies/:code",
    {
      config: { rateLimit: {} },
      schema: {
        tags: ["agencies"],
        summary: "Thông tin một cơ quan",
        params: Type.Object({ code: AgencyCode }),
        response: {
          200: Type.Object({ ...agencyFields, parentCode: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const code = request.params.code;
      const agency = await cache.answer(`agency ${code}`, () => findAgency(db, code));
      if (!agency)
        throw new NotFoundError({
          vi: `Không tìm thấy cơ quan có mã ${request.params.code}`,
          en: `No agency with code ${request.params.code}`,
        });
      const { children: _children, ...rest } = agency;
      return rest;
    },
  );
};

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { createCatalogCache } from "../../../services/catalog/catalogCache.ts";
import { findProcedure } from "../../../services/catalog/findProcedure.ts";
import { listSectors } from "../../../services/catalog/listSectors.ts";
import { searchProcedures } from "../../../services/catalog/searchProcedures.ts";
import { NotFoundError } from "../../../services/errors.ts";
import { AgencyCode, errorResponses, ProcedureCode } from "../../schemas/common.ts";

const Level = Type.Union([
  Type.Literal("central"),
  Type.Literal("province"),
  Type.Literal("district"),
  Type.Literal("commune"),
]);
const OnlineLevel = Type.Union([Type.Literal("full"), Type.Literal("partial"), Type.Literal("none")]);
const Channel = Type.Union([Type.Literal("counter"), Type.Literal("online"), Type.Literal("postal")]);
const TimeLimit = Type.Union([
  Type.Object({
    amount: Type.Number(),
    unit: Type.Union([Type.Literal("wh"), Type.Literal("wd"), Type.Literal("d")]),
  }),
  Type.Null(),
]);
const CodeName = Type.Object({ code: Type.String(), name: Type.String() });

const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: "Từ khóa; không phân biệt dấu và hoa thường" }),
  ),
  agency: Type.Optional(AgencyCode),
  level: Type.Optional(Level),
  sector: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  field: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  onlineLevel: Type.Optional(OnlineLevel),
  subject: Type.Optional(Type.Union([Type.Literal("citizen"), Type.Literal("business")])),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

const ProcedureSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  field: CodeName,
  sector: CodeName,
  levels: Type.Array(Level),
  onlineLevel: OnlineLevel,
  receptionChannels: Type.Array(Channel),
  timeLimitText: Type.String(),
  subjectKinds: Type.Array(Type.String()),
});

const ProcedureDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  field: CodeName,
  sector: CodeName,
  levels: Type.Array(Level),
  decidingAgency: Type.String(),
  steps: Type.Array(Type.String()),
  methods: Type.Array(Type.Object({ channel: Channel, description: Type.String() })),
  receptionChannels: Type.Array(Channel),
  timeLimit: TimeLimit,
  timeLimitText: Type.String(),
  subjects: Type.Array(Type.String()),
  subjectKinds: Type.Array(Type.String()),
  result: Type.String(),
  conditions: Type.String(),
  legalBasis: Type.Array(
    Type.Object({
      number: Type.String(),
      title: Type.String(),
      issuedOn: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  onlineLevel: OnlineLevel,
  components: Type.Array(
    Type.Object({
      position: Type.Integer(),
      code: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      originalCount: Type.Integer(),
      copyCount: Type.Integer(),
      required: Type.Boolean(),
      formTemplate: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  fees: Type.Array(
    Type.Object({
      code: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      amountVnd: Type.Integer(),
      description: Type.String(),
    }),
  ),
  offerings: Type.Array(
    Type.Object({
      agency: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
      onlineLevel: OnlineLevel,
      channels: Type.Array(Channel),
      timeLimit: TimeLimit,
      formSchema: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
        description: "Tờ khai điện tử (JSON Schema) của cơ quan cho thủ tục này; null: dùng tờ khai chung",
      }),
    }),
  ),
  updatedAt: Type.String({ format: "date-time" }),
});

const SectorNode = Type.Object({
  code: Type.String(),
  name: Type.String(),
  procedureCount: Type.Integer(),
  fields: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), procedureCount: Type.Integer() }),
  ),
});

/**
 * The public catalog (issue #2 §5): search, detail with every R-CAT-1 field, sectors. No login. Answers come from the
 * catalog cache (issue #21), checked against the catalog's version on every request.
 */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database> }> = async (app, { db }) => {
  const rateLimit = { rateLimit: {} };
  const cache = createCatalogCache(db);

  app.get(
    "/procedures",
    {
      config: rateLimit,
      schema: {
        tags: ["catalog"],
        summary: "Tìm kiếm thủ tục hành chính",
        querystring: SearchQuery,
        response: {
          200: Type.Object({
            items: Type.Array(ProcedureSummary),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const key = `search ${JSON.stringify(Object.entries(request.query).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
      return cache.answer(key, () => searchProcedures(db, request.query));
    },
  );

  app.get(
    "/procedures/:code",
    {
      config: rateLimit,
      schema: {
        tags: ["catalog"],
        summary: "Chi tiết thủ tục hành chính",
        params: Type.Object({ code: ProcedureCode }),
        response: { 200: ProcedureDetail, ...errorResponses },
      },
    },
    async (request) => {
      const code = request.params.code;
      const procedure = await cache.answer(`procedure ${code}`, () => findProcedure(db, code));
      if (!procedure)
        throw new NotFoundError({
          vi: `Không tìm thấy thủ tục có mã ${request.params.code}`,
          en: `No procedure with code ${request.params.code}`,
        });
      return { ...procedure, updatedAt: procedure.updatedAt.toISOString() };
    },
  );

  app.get(
    "/sectors",
    {
      config: rateLimit,
      schema: {
        tags: ["catalog"],
        summary: "Ngành, lĩnh vực và số thủ tục",
        response: { 200: Type.Array(SectorNode), 429: errorResponses[429] },
      },
    },
    async () => cache.answer("sectors", () => listSectors(db)),
  );
};

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import {
  type PopulationDatabase,
  PopulationUnavailableError,
} from "../../../integrations/population/populationDatabase.ts";
import { applicantRoles, officerRoles } from "../../../services/accounts/actor.ts";
import { ValidationError } from "../../../services/errors.ts";
import { citizenAccessLog } from "../../../services/population/citizenAccessLog.ts";
import { dossierFieldChecks } from "../../../services/population/dossierFieldChecks.ts";
import { CHECKING_ROLES, verifyDossierApplicant } from "../../../services/population/officerVerification.ts";
import { prefillForCitizen } from "../../../services/population/prefillForCitizen.ts";
import { populationUsage } from "../../../services/population/usageStatistics.ts";
import { AGENCY_READERS, PROVINCE_READERS, statisticsScope } from "../../../services/statistics/scope.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { AgencyCode, ErrorResponse, ProcedureCode } from "../../schemas/common.ts";
import { DossierIdParams } from "../../schemas/dossier.ts";

export interface PopulationRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** The population database port; without it every query answers as if the database were down (degraded). */
  population: PopulationDatabase | undefined;
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Address = Type.Object({ province: Type.String(), commune: Type.String(), street: Type.String() });
const Sex = Type.Union([Type.Literal("male"), Type.Literal("female")]);
const Member = Type.Object({
  idNumber: Type.String(),
  fullName: Type.String(),
  birthDate: Type.String(),
  sex: Sex,
  relation: Type.String(),
});
const Prefill = Type.Object({
  status: Type.Union(
    [
      Type.Literal("answered"),
      Type.Literal("not_found"),
      Type.Literal("unavailable"),
      Type.Literal("no_identity"),
      Type.Literal("not_needed"),
    ],
    {
      description: "unavailable: cơ sở dữ liệu không trả lời; các trường để người nộp tự điền, chưa xác thực",
    },
  ),
  person: Nullable(
    Type.Object({
      idNumber: Type.Optional(Type.String()),
      fullName: Type.Optional(Type.String()),
      birthDate: Type.Optional(Type.String()),
      sex: Type.Optional(Sex),
      permanentAddress: Type.Optional(Address),
      currentAddress: Type.Optional(Address),
      household: Type.Optional(Type.Array(Member)),
    }),
  ),
  account: Type.Object({
    fullName: Type.String(),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
  }),
});
const Purpose = Type.Union([
  Type.Literal("prefill"),
  Type.Literal("submission_check"),
  Type.Literal("officer_check"),
]);
const Outcome = Type.Union([
  Type.Literal("answered"),
  Type.Literal("not_found"),
  Type.Literal("unavailable"),
]);
const AccessLog = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Object({
      at: Type.String({ format: "date-time" }),
      self: Type.Boolean({ description: "Chính người dùng (tờ khai của mình) tra cứu" }),
      askedBy: Type.String(),
      agency: Nullable(Type.String()),
      dossierCode: Nullable(Type.String()),
      purpose: Purpose,
      purposeNote: Nullable(Type.String()),
      outcome: Outcome,
    }),
  ),
});
const FieldCheckList = Type.Array(
  Type.Object({
    path: Type.String(),
    source: Type.String(),
    status: Type.Union([Type.Literal("verified"), Type.Literal("mismatch"), Type.Literal("unverified")]),
    checkedAt: Type.String({ format: "date-time" }),
  }),
);
const Match = Type.Union([Type.Literal("match"), Type.Literal("mismatch")]);
const Verification = Type.Object({
  status: Type.Union([Type.Literal("answered"), Type.Literal("not_found"), Type.Literal("unavailable")]),
  fields: Nullable(Type.Object({ idNumber: Match, fullName: Match, birthDate: Match })),
});
const Month = Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$", examples: ["2026-11"] });
const Usage = Type.Array(
  Type.Object({
    month: Type.String(),
    agency: Nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
    queries: Type.Integer(),
    prefill: Type.Integer(),
    submissionCheck: Type.Integer(),
    officerCheck: Type.Integer(),
    unavailable: Type.Integer(),
  }),
);
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** A database that never answers: the degraded mode when no port is wired. */
const notConfigured = async (): Promise<never> => {
  throw new PopulationUnavailableError("unreachable", "population database not configured");
};
const absent: PopulationDatabase = { findCitizen: notConfigured, verifyIdentity: notConfigured };

/**
 * The national population database in OneStop (issue #14, R-SUB-1; 004_… Đ20): the citizen's prefill and the log of
 * who looked at their data; the officer's view of what a dossier's check found and the officer's own identity check;
 * usage per agency and month for the monitors (the statistics the police receive).
 */
export const populationRoutes: FastifyPluginAsyncTypebox<PopulationRouteOptions> = async (app, options) => {
  const { db } = options;
  const population = options.population ?? absent;

  app.get(
    "/citizen/population/prefill",
    {
      preHandler: requireRole(applicantRoles),
      schema: {
        tags: ["citizen"],
        summary: "Dữ liệu điền sẵn tờ khai từ Cơ sở dữ liệu quốc gia về dân cư",
        description:
          "Chỉ những dữ liệu mà tờ khai của thủ tục cần (theo nguồn khai báo của từng trường); mỗi lần tra cứu được ghi nhật ký.",
        querystring: Type.Object(
          { procedureCode: ProcedureCode, agencyCode: AgencyCode },
          { additionalProperties: false },
        ),
        response: { 200: Prefill, ...errors },
      },
    },
    async (request) =>
      prefillForCitizen(db, population, {
        actor: actorFrom(request),
        procedureCode: request.query.procedureCode,
        agencyCode: request.query.agencyCode,
        now: options.clock(),
      }),
  );

  app.get(
    "/citizen/population/access-log",
    {
      preHandler: requireRole(applicantRoles),
      schema: {
        tags: ["citizen"],
        summary: "Ai đã tra cứu dữ liệu dân cư của tôi",
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccessLog, ...errors },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 20;
      const log = await citizenAccessLog(db, {
        actor: actorFrom(request),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return {
        total: log.total,
        page,
        pageSize,
        items: log.items.map((item) => ({ ...item, at: item.at.toISOString() })),
      };
    },
  );

  app.get(
    "/office/dossiers/:id/population-checks",
    {
      preHandler: requireRole(officerRoles),
      schema: {
        tags: ["office"],
        summary: "Các giá trị tờ khai đã đối chiếu với Cơ sở dữ liệu quốc gia về dân cư",
        params: DossierIdParams,
        response: { 200: FieldCheckList, ...errors },
      },
    },
    async (request) =>
      (await dossierFieldChecks(db, { dossierId: request.params.id, actor: actorFrom(request) })).map(
        (check) => ({
          ...check,
          checkedAt: check.checkedAt.toISOString(),
        }),
      ),
  );

  app.post(
    "/office/dossiers/:id/population-verification",
    {
      preHandler: requireRole(CHECKING_ROLES),
      schema: {
        tags: ["office"],
        summary:
          "Đối chiếu số định danh, họ tên, ngày sinh của người nộp với Cơ sở dữ liệu quốc gia về dân cư",
        description: "Lý do tra cứu được ghi nhật ký và người dân xem được.",
        params: DossierIdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 5, maxLength: 300 }) },
          { additionalProperties: false },
        ),
        response: { 200: Verification, 422: ErrorResponse, ...errors },
      },
    },
    async (request) => {
      const reason = request.body.reason.trim();
      if (reason.length < 5)
        throw new ValidationError([
          {
            field: "reason",
            message: { vi: "Vui lòng ghi rõ lý do tra cứu", en: "Please state why you query the database" },
          },
        ]);
      return verifyDossierApplicant(db, population, {
        dossierId: request.params.id,
        actor: actorFrom(request),
        reason,
        now: options.clock(),
      });
    },
  );

  app.get(
    "/monitoring/population-usage",
    {
      preHandler: requireRole([...PROVINCE_READERS, ...AGENCY_READERS]),
      schema: {
        tags: ["monitoring"],
        summary: "Số lần khai thác Cơ sở dữ liệu quốc gia về dân cư theo cơ quan và tháng",
        querystring: Type.Object(
          { fromMonth: Month, toMonth: Month, agencyId: Type.Optional(Type.String({ format: "uuid" })) },
          { additionalProperties: false },
        ),
        response: { 200: Usage, ...errors },
      },
    },
    async (request) => {
      const { fromMonth, toMonth, agencyId } = request.query;
      if (fromMonth > toMonth)
        throw new ValidationError([
          {
            field: "fromMonth",
            message: {
              vi: "Tháng bắt đầu phải trước hoặc trùng tháng kết thúc",
              en: "The first month must not be after the last",
            },
          },
        ]);
      return populationUsage(db, {
        scope: statisticsScope(actorFrom(request), agencyId),
        fromMonth,
        toMonth,
      });
    },
  );
};

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { listPublications } from "../../../jobs/lateListPublication.ts";
import { namesOf } from "../../../services/statistics/liveCounts.ts";
import { onTimeCountsByAgency, onTimeRate } from "../../../services/statistics/onTimeCounts.ts";
import { localDate, monthPeriod } from "../../../services/statistics/period.ts";
import { projectTimeliness, REQUEST_BATCHES } from "../../../services/statistics/projectTimeliness.ts";
import { type ReadFor, readsOf } from "../../plugins/readRouting.ts";
import { errorResponses } from "../../schemas/common.ts";

export interface PublicStatisticsOptions {
  db: Kysely<Database>;
  clock: () => Date;
  rateLimitPerMinute: number;
  /** Issue #21: the read replica, within its staleness bound, for these read-only routes; else `db`. */
  readFor?: ReadFor;
}

export const PublicOnTime = Type.Object(
  {
    month: Type.String(),
    agencies: Type.Array(
      Type.Object({
        name: Type.String(),
        resolved: Type.Integer(),
        early: Type.Integer(),
        onTime: Type.Integer(),
        late: Type.Integer(),
        onTimeRate: Type.Union([Type.Number(), Type.Null()]),
      }),
    ),
  },
  { description: "Tỷ lệ giải quyết đúng hạn tháng này theo cơ quan (R-KPI-5)" },
);

export const PublicLateLists = Type.Array(
  Type.Object({
    month: Type.String(),
    publishedAt: Type.String({ format: "date-time" }),
    agencies: Type.Array(
      Type.Object({ agencyName: Type.String(), resolved: Type.Integer(), late: Type.Integer() }),
    ),
    officers: Type.Array(
      Type.Object({ officerName: Type.String(), agencyName: Type.String(), lateSteps: Type.Integer() }),
    ),
  }),
  { description: "Danh sách cơ quan, cá nhân trễ hạn được công bố hằng tháng (R-LATE-4), mới nhất trước" },
);

/**
 * Public statistics (issue #8 item 3), no login, rate-limited: this month's on-time rates per agency (R-KPI-5: the
 * system's data are the official source) and the published monthly lists of late agencies and individuals
 * (R-LATE-4). Nothing personal except the names R-LATE-4 publishes: no ids, no dossiers, no contact data.
 */
export const publicStatisticsRoutes: FastifyPluginAsyncTypebox<PublicStatisticsOptions> = async (
  app,
  options,
) => {
  const limit = app.rateLimit({ max: options.rateLimitPerMinute, timeWindow: "1 minute" });
  const read = readsOf(options);
  app.get(
    "/statistics/on-time",
    {
      onRequest: limit,
      schema: {
        tags: ["statistics"],
        summary: "Tỷ lệ giải quyết hồ sơ đúng hạn tháng này theo cơ quan",
        response: { 200: PublicOnTime, ...errorResponses },
      },
    },
    async (request) => {
      const now = options.clock();
      // Dossiers changed since the scheduler's last pass are classified first (cheap when none are pending).
      await projectTimeliness(options.db, { now, maxBatches: REQUEST_BATCHES });
      const { year, month } = localDate(now);
      const text = `${year}-${String(month).padStart(2, "0")}`;
      const { counts, names } = await read(request, async (reader) => {
        const counts = await onTimeCountsByAgency(reader, { ...monthPeriod(text), agencyIds: null });
        const names = await namesOf(
          reader,
          "agencies",
          counts.map((row) => row.agencyId),
        );
        return { counts, names };
      });
      return {
        month: text,
        agencies: counts
          .map(({ agencyId, ...figures }) => ({
            name: names.get(agencyId) ?? "",
            ...figures,
            onTimeRate: onTimeRate(figures),
          }))
          .sort((a, b) => a.name.localeCompare(b.name, "vi")),
      };
    },
  );
  app.get(
    "/statistics/late-lists",
    {
      onRequest: limit,
      schema: {
        tags: ["statistics"],
        summary: "Danh sách cơ quan, cá nhân trễ hạn đã công bố theo tháng",
        response: { 200: PublicLateLists, ...errorResponses },
      },
    },
    async (request) =>
      (await read(request, listPublications)).map((publication) => ({
        month: publication.month,
        publishedAt: publication.publishedAt.toISOString(),
        agencies: publication.agencies.map(({ agencyName, resolved, late }) => ({
          agencyName,
          resolved,
          late,
        })),
        officers: publication.officers,
      })),
  );
};

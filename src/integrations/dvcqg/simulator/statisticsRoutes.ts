import type { SimulatorRouteModule } from "./context.ts";
import { hasBearer } from "./context.ts";

export interface StatisticsRow {
  /** The submission day in the province (`YYYY-MM-DD`, from NgayNopHoSo). */
  day: string;
  status: number;
  count: number;
}

function dayOf(timestamp: string): string {
  return `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6, 8)}`;
}

/**
 * `GET /statistics?from=YYYY-MM-DD&to=YYYY-MM-DD`: how many dossiers DVCQG holds per submission day and current
 * status (the national reporting figures the daily reconciliation compares with, R-SYNC-1). Bearer token required.
 */
export const statisticsRoutes: SimulatorRouteModule = {
  name: "statistics",
  register(app, context) {
    app.get<{ Querystring: { from?: string; to?: string } }>("/statistics", async (request, reply) => {
      if (!hasBearer(request.headers.authorization, context.token))
        return reply
          .code(401)
          .send({ error: "UNAUTHORIZED", message: "Thiếu hoặc sai mã xác thực (Bearer token)" });
      const { from, to } = request.query;
      const datePattern = /^\d{4}-\d{2}-\d{2}$/;
      if ((from && !datePattern.test(from)) || (to && !datePattern.test(to)))
        return reply.code(400).send({ error: "INVALID_QUERY", message: "from/to phải có dạng YYYY-MM-DD" });
      const counts = new Map<string, number>();
      for (const stored of context.sync.all()) {
        const day = dayOf(String(stored.record.NgayNopHoSo));
        if ((from && day < from) || (to && day > to)) continue;
        const key = `${day}|${stored.record.TrangThaiHoSo}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const rows: StatisticsRow[] = [...counts.entries()]
        .map(([key, count]) => {
          const [day, status] = key.split("|") as [string, string];
          return { day, status: Number(status), count };
        })
        .sort((a, b) => a.day.localeCompare(b.day) || a.status - b.status);
      return { rows, total: rows.reduce((sum, row) => sum + row.count, 0) };
    });
  },
};

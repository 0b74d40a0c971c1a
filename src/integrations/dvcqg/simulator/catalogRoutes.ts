import { readFileSync } from "node:fs";
import type { SimulatorContext, SimulatorRouteModule } from "./context.ts";
import { hasBearer } from "./context.ts";

/** The procedures of the national procedure database as the simulator serves them (NationalProcedure rows). */
type CatalogRow = Record<string, unknown> & { MaTTHC: string };

const DEMO_PROCEDURES = new URL("../../../../data/procedures.json", import.meta.url);

function demoCatalog(): CatalogRow[] {
  return JSON.parse(readFileSync(DEMO_PROCEDURES, "utf8")) as CatalogRow[];
}

export interface SimulatedCatalog {
  list(): CatalogRow[];
  change(code: string, patch: Record<string, unknown>): CatalogRow;
  withdraw(code: string): boolean;
  reset(): void;
}

/** The catalog kept in `context.extras` under "catalog", built from the demo province's procedures (data/). */
export function catalogOf(context: SimulatorContext): SimulatedCatalog {
  let catalog = context.extras.get("catalog") as SimulatedCatalog | undefined;
  if (!catalog) {
    let rows = demoCatalog();
    catalog = {
      list: () => rows.map((row) => structuredClone(row)),
      change(code, patch) {
        const index = rows.findIndex((row) => row.MaTTHC === code);
        const next = { ...(index >= 0 ? rows[index] : {}), ...patch, MaTTHC: code } as CatalogRow;
        if (index >= 0) rows[index] = next;
        else rows.push(next);
        return structuredClone(next);
      },
      withdraw(code) {
        const before = rows.length;
        rows = rows.filter((row) => row.MaTTHC !== code);
        return rows.length < before;
      },
      reset() {
        rows = demoCatalog();
      },
    };
    context.extras.set("catalog", catalog);
  }
  return catalog;
}

/**
 * The national procedure database's API (CSDL quốc gia về TTHC, R-SYNC-6): `GET /catalog/procedures` answers
 * `{ "data": [ …procedures… ] }` in the export's field names, bearer token required; the shared faults apply.
 * `/control/catalog/procedures/:code` changes (POST, fields to replace; a new code adds a procedure) or withdraws
 * (DELETE) a procedure for tests and demonstrations; `/control/catalog/reset` goes back to the demo catalog.
 */
export const catalogRoutes: SimulatorRouteModule = {
  name: "catalog",
  register(app, context) {
    const catalog = catalogOf(context);
    app.get("/catalog/procedures", async (request, reply) => {
      if (!hasBearer(request.headers.authorization, context.token))
        return reply
          .code(401)
          .send({ error: "UNAUTHORIZED", message: "Thiếu hoặc sai mã xác thực (Bearer token)" });
      const rows = catalog.list();
      return { total: rows.length, data: rows };
    });
    app.post<{ Params: { code: string }; Body: Record<string, unknown> }>(
      "/control/catalog/procedures/:code",
      async (request, reply) => {
        if (!/^[0-9]\.[0-9]{6}$/.test(request.params.code))
          return reply.code(400).send({ error: "INVALID_CODE", message: "Mã thủ tục dạng 1.001193" });
        if (!request.body || typeof request.body !== "object" || Array.isArray(request.body))
          return reply.code(400).send({ error: "INVALID_PATCH", message: "Nội dung là các trường cần thay" });
        return catalog.change(request.params.code, request.body);
      },
    );
    app.delete<{ Params: { code: string } }>("/control/catalog/procedures/:code", async (request, reply) => {
      if (!catalog.withdraw(request.params.code))
        return reply.code(404).send({ error: "NOT_FOUND", message: "Không có thủ tục này" });
      return { withdrawn: request.params.code };
    });
    app.post("/control/catalog/reset", async () => {
      catalog.reset();
      return { total: catalog.list().length };
    });
  },
};

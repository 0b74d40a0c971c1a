import type { SimulatorRouteModule } from "./context.ts";
import { FAULT_MODES, type FaultMode } from "./faults.ts";

/**
 * `/control/*`: the test and demo handle on the simulator (never part of DVCQG's contract): inject or clear faults,
 * read what was received, forget everything.
 */
export const controlRoutes: SimulatorRouteModule = {
  name: "control",
  register(app, context) {
    app.post<{ Body: { mode?: string; count?: number | null; delayMs?: number } }>(
      "/control/faults",
      async (request, reply) => {
        const { mode, count, delayMs } = request.body ?? {};
        if (!FAULT_MODES.includes(mode as FaultMode))
          return reply
            .code(400)
            .send({ error: "INVALID_FAULT", message: `mode phải là ${FAULT_MODES.join(", ")}` });
        if (count !== undefined && count !== null && (!Number.isInteger(count) || count < 1))
          return reply
            .code(400)
            .send({ error: "INVALID_FAULT", message: "count phải là số nguyên dương hoặc null" });
        context.faults.set({ mode: mode as FaultMode, remaining: count ?? null, delayMs: delayMs ?? 1_000 });
        return { fault: context.faults.current() };
      },
    );
    app.delete("/control/faults", async () => {
      context.faults.clear();
      return { fault: null };
    });
    app.get("/control/faults", async () => ({ fault: context.faults.current() }));
    app.get("/control/received", async () => ({ packets: context.sync.received() }));
    app.post("/control/reset", async () => {
      context.sync.reset();
      context.faults.clear();
      return { ok: true };
    });
  },
};

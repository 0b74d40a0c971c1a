import type { FastifyInstance } from "fastify";
import type { FaultInjector } from "./faults.ts";
import type { SyncStore } from "./syncStore.ts";

/**
 * What every route module of the DVCQG simulator shares: the bearer token OneStop must present, the clock, the fault
 * injector (applied to every route outside /control) and the stores. A module keeps state of its own in `extras`
 * under its name (catalog, attachments…), so adding a module never changes this type.
 */
export interface SimulatorContext {
  token: string;
  clock: () => Date;
  faults: FaultInjector;
  sync: SyncStore;
  extras: Map<string, unknown>;
}

/** A group of simulator routes: registered once at start, in the order of ROUTE_MODULES (server.ts). */
export interface SimulatorRouteModule {
  name: string;
  register(app: FastifyInstance, context: SimulatorContext): void | Promise<void>;
}

/** The bearer token check DVCQG makes on every packet; true when the request may go on. */
export function hasBearer(authorization: string | undefined, token: string): boolean {
  if (!authorization?.startsWith("Bearer ")) return false;
  return authorization.slice("Bearer ".length).trim() === token;
}

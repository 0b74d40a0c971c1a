import { httpPopulationDatabase } from "../../integrations/population/httpPopulationDatabase.ts";
import type { PopulationDatabase } from "../../integrations/population/populationDatabase.ts";
import type { PopulationSettings } from "../../integrations/population/populationSettings.ts";
import {
  type PopulationSimulator,
  startPopulationSimulator,
} from "../../integrations/population/simulator/populationSimulator.ts";

/** The population database as the app uses it (issue #14), and its simulator when one runs. */
export interface PopulationPorts {
  database: PopulationDatabase;
  simulator?: PopulationSimulator;
  close(): Promise<void>;
}

/** The configured database (POPULATION_DB_URL), or a simulator on loopback when it is unset (development, tests). */
export async function openPopulationPorts(settings: PopulationSettings): Promise<PopulationPorts> {
  if (settings.populationDbUrl)
    return {
      database: httpPopulationDatabase({
        baseUrl: settings.populationDbUrl,
        token: settings.populationDbToken,
        timeoutMs: settings.populationDbTimeoutMs,
      }),
      close: async () => {},
    };
  const simulator = await startPopulationSimulator();
  return {
    database: httpPopulationDatabase({
      baseUrl: simulator.url,
      token: simulator.token,
      timeoutMs: settings.populationDbTimeoutMs,
    }),
    simulator,
    close: () => simulator.close(),
  };
}

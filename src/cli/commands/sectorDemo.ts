import {
  civilStatusScenario,
  createSectorSimulator,
  type SectorFault,
  sectorDossierCode,
} from "../../integrations/sector/simulator/sectorSimulator.ts";

export interface SectorDemoOptions {
  url: string;
  key: string;
  secret: string;
  agency: string;
  procedure: string;
  fault?: string[] | undefined;
}

/**
 * `onestop sector-demo` (issue #18): the civil-status simulator pushes one birth registration through its life
 * (received → processing → processed → result returned) to a running OneStop, with the key and secret the system
 * administrator got when registering the system in the admin console. Prints each answer and the code to look up.
 */
export async function sectorDemo(
  options: SectorDemoOptions,
  print: (line: string) => void,
): Promise<boolean> {
  const simulator = createSectorSimulator({
    baseUrl: options.url,
    apiKey: options.key,
    hmacSecret: options.secret,
    agencyCode: options.agency,
    procedureCode: options.procedure,
  });
  const code = sectorDossierCode(options.agency, new Date());
  const reports = civilStatusScenario({
    code,
    agencyCode: options.agency,
    procedureCode: options.procedure,
    start: new Date(Date.now() - 10 * 60_000),
  });
  const faults = (options.fault ?? []) as SectorFault[];
  const sent = await simulator.run(reports, faults);
  for (const call of sent) {
    const body = call.body as { outcome?: string; replayed?: boolean; error?: { message?: string } };
    print(
      `${call.report.reportId} trạng thái ${call.report.status}: HTTP ${call.status} ` +
        (body.error ? body.error.message : `${body.outcome}${body.replayed ? " (gửi lại)" : ""}`),
    );
  }
  print(`Tra cứu hồ sơ: ${options.url.replace(/\/+$/, "")}/tra-cuu/${encodeURIComponent(code)}`);
  return sent.every((call) => call.status < 300 || faults.length > 0);
}

import { createHmac, randomBytes } from "node:crypto";
import type { SectorDossierReport } from "../../../services/sector/sectorReportSchema.ts";

/**
 * A loopback "sector system" (issue #18, R-STATUS-4): a small civil-status registration software that reports its
 * dossiers to OneStop through the signed inbound API (docs/sector-systems.md), as a real one would. Used by
 * `onestop sector-demo` and by the tests, with faults: every report sent twice (a network retry), two updates sent
 * in the wrong order, a body signed with a wrong secret.
 */

export interface SectorSimulatorOptions {
  /** OneStop's address, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  apiKey: string;
  hmacSecret: string;
  /** The civil-status office's agency identifier (R-CODE-3) and a procedure the system is registered for. */
  agencyCode: string;
  procedureCode: string;
  /** How the calls are made; the tests pass Fastify's inject through a fetch-shaped function. */
  fetch?: typeof fetch;
}

export type SectorFault = "duplicate" | "outOfOrder" | "badSignature";

export interface SentReport {
  report: SectorDossierReport;
  status: number;
  body: Record<string, unknown>;
}

export const SECTOR_REPORT_PATH = "/api/integration/sector/dossiers";

/** The headers of a signed report: the key, and the HMAC-SHA256 of the exact body bytes. */
export function signedHeaders(body: string, apiKey: string, hmacSecret: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-api-key": apiKey,
    "x-signature": createHmac("sha256", hmacSecret).update(body).digest("hex"),
  };
}

const iso = (at: Date) => at.toISOString();

/** A dossier code the way a civil-status system numbers them (R-CODE-1), unique per run. */
export function sectorDossierCode(agencyCode: string, at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  const day = `${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}`;
  return `${agencyCode}-${day}-${String(5000 + (randomBytes(2).readUInt16BE(0) % 5000)).padStart(4, "0")}`;
}

/**
 * A birth registration's life in the civil-status system, as reports: received at its counter (2), being processed
 * (4) with its steps, processed (9) with the result date, result returned (10). Times run from `start`, a minute or
 * more apart, each report a little after its change.
 */
export function civilStatusScenario(options: {
  code: string;
  agencyCode: string;
  procedureCode: string;
  start: Date;
  applicantName?: string;
}): SectorDossierReport[] {
  const at = (minutes: number) => new Date(options.start.getTime() + minutes * 60_000);
  const appointment = new Date(options.start.getTime() + 24 * 3_600_000);
  const base = {
    dossier: {
      code: options.code,
      procedureCode: options.procedureCode,
      agencyCode: options.agencyCode,
      channel: "counter" as const,
      summary: "Đăng ký khai sinh",
      submittedAt: iso(at(0)),
      receivedAt: iso(at(1)),
    },
    applicant: {
      kind: "person" as const,
      name: options.applicantName ?? "Phạm Thị Hoa",
      idNumber: "001190012345",
      phone: "0912345678",
    },
  };
  const received = {
    name: "Tiếp nhận hồ sơ",
    startedAt: iso(at(1)),
    finishedAt: iso(at(2)),
    handler: "Công chức tư pháp - hộ tịch",
  };
  const checked = {
    name: "Kiểm tra, ghi sổ hộ tịch",
    startedAt: iso(at(2)),
    handler: "Công chức tư pháp - hộ tịch",
  };
  const report = (n: number, status: number, extra: Partial<SectorDossierReport["progress"]> = {}) => ({
    reportId: `${options.code}-r${n}`,
    reportedAt: iso(at(n * 2 + 1)),
    ...base,
    status,
    progress: { appointmentAt: iso(appointment), externalStatus: `HT-${status}`, ...extra },
  });
  return [
    report(1, 2, { steps: [received] }),
    report(2, 4, { steps: [received, checked] }),
    report(3, 9, {
      steps: [received, { ...checked, finishedAt: iso(at(6)) }],
      resultAt: iso(at(6)),
    }),
    report(4, 10, {
      steps: [received, { ...checked, finishedAt: iso(at(6)) }],
      resultAt: iso(at(6)),
    }),
  ];
}

export interface SectorSimulator {
  send(report: SectorDossierReport, options?: { fault?: "badSignature" }): Promise<SentReport>;
  /** Sends the scenario's reports in order, with the faults asked for; every call's answer, in sending order. */
  run(reports: SectorDossierReport[], faults?: readonly SectorFault[]): Promise<SentReport[]>;
}

export function createSectorSimulator(options: SectorSimulatorOptions): SectorSimulator {
  const doFetch = options.fetch ?? fetch;
  const send: SectorSimulator["send"] = async (report, sendOptions = {}) => {
    const body = JSON.stringify(report);
    const secret = sendOptions.fault === "badSignature" ? `${options.hmacSecret}-sai` : options.hmacSecret;
    const response = await doFetch(`${options.baseUrl.replace(/\/+$/, "")}${SECTOR_REPORT_PATH}`, {
      method: "POST",
      headers: signedHeaders(body, options.apiKey, secret),
      body,
    });
    const text = await response.text();
    return {
      report,
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
  return {
    send,
    async run(reports, faults = []) {
      const order = [...reports];
      // Out of order: the last two updates change places, so the older one arrives after the newer.
      if (faults.includes("outOfOrder") && order.length >= 3) {
        const last = order.length - 1;
        [order[last - 1], order[last]] = [order[last]!, order[last - 1]!];
      }
      const sent: SentReport[] = [];
      for (const report of order) {
        if (faults.includes("badSignature")) sent.push(await send(report, { fault: "badSignature" }));
        sent.push(await send(report));
        if (faults.includes("duplicate")) sent.push(await send(report));
      }
      return sent;
    },
  };
}

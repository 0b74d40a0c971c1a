import {
  type CitizenRecord,
  type IdentityVerification,
  type PopulationDatabase,
  PopulationUnavailableError,
  type QueryPurpose,
} from "./populationDatabase.ts";

export interface HttpPopulationOptions {
  /** POPULATION_DB_URL. */
  baseUrl: string;
  /** POPULATION_DB_TOKEN, sent as a bearer token. */
  token: string | undefined;
  /** POPULATION_DB_TIMEOUT_MS: a slow database must not hold a person's form for long (degraded mode). */
  timeoutMs: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The population database over HTTP: JSON in and out, the asker and the purpose in headers on every query, a timeout
 * on every call. Any failure to answer becomes a `PopulationUnavailableError`, never a person's problem.
 */
export function httpPopulationDatabase(options: HttpPopulationOptions): PopulationDatabase {
  const base = options.baseUrl.replace(/\/+$/, "");
  const call = async (path: string, body: unknown, asked: QueryPurpose): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          // Header values are ASCII: the purpose (Vietnamese) travels percent-encoded.
          "x-requested-by": encodeURIComponent(asked.requestedBy),
          "x-purpose": encodeURIComponent(asked.purpose),
          ...(asked.agencyCode ? { "x-agency-code": asked.agencyCode } : {}),
          ...(asked.dossierCode ? { "x-dossier-code": asked.dossierCode } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError")
        throw new PopulationUnavailableError(
          "timeout",
          `population database timed out after ${options.timeoutMs} ms`,
        );
      throw new PopulationUnavailableError(
        "unreachable",
        `population database unreachable: ${(error as Error).message}`,
      );
    }
    if (response.status >= 500)
      throw new PopulationUnavailableError(
        "server_error",
        `population database answered ${response.status}`,
        response.status,
      );
    return response;
  };
  const json = async (response: Response): Promise<unknown> => {
    try {
      return await response.json();
    } catch {
      throw new PopulationUnavailableError(
        "bad_answer",
        "population database answered something that is not JSON",
      );
    }
  };
  return {
    async findCitizen(idNumber, asked) {
      const response = await call("/citizens/lookup", { idNumber }, asked);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok)
        throw new PopulationUnavailableError(
          "bad_answer",
          `population database refused the lookup (${response.status})`,
          response.status,
        );
      const body = await json(response);
      if (!isObject(body) || typeof body.idNumber !== "string" || !Array.isArray(body.household))
        throw new PopulationUnavailableError(
          "bad_answer",
          "population database answered an unexpected record",
        );
      return body as unknown as CitizenRecord;
    },
    async verifyIdentity(claim, asked) {
      const response = await call("/citizens/verify", claim, asked);
      if (!response.ok)
        throw new PopulationUnavailableError(
          "bad_answer",
          `population database refused the check (${response.status})`,
          response.status,
        );
      const body = await json(response);
      if (!isObject(body) || typeof body.found !== "boolean" || !isObject(body.fields))
        throw new PopulationUnavailableError(
          "bad_answer",
          "population database answered an unexpected check",
        );
      return body as unknown as IdentityVerification;
    },
  };
}

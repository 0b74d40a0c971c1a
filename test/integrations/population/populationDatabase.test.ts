import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { httpPopulationDatabase } from "../../../src/integrations/population/httpPopulationDatabase.ts";
import {
  type PopulationDatabase,
  PopulationUnavailableError,
  type QueryPurpose,
} from "../../../src/integrations/population/populationDatabase.ts";
import { readPopulationSettings } from "../../../src/integrations/population/populationSettings.ts";
import {
  type PopulationSimulator,
  startPopulationSimulator,
} from "../../../src/integrations/population/simulator/populationSimulator.ts";
import { demoIdentities } from "../../../src/integrations/vneid/simulator/demoIdentities.ts";

/** Issue #14: the population database port against its simulator over real HTTP, faults included. */
let simulator: PopulationSimulator;
let database: PopulationDatabase;
const asked: QueryPurpose = {
  requestedBy: "congdan.demo",
  agencyCode: "000.20.01.H99",
  purpose: "Điền sẵn tờ khai: Thủ tục đăng ký khai sinh",
  dossierCode: "H99.20.01-261123-0001",
};

beforeAll(async () => {
  simulator = await startPopulationSimulator();
  // Generous: the machine running the tests may be busy; the timeout test uses its own short-fused client.
  database = httpPopulationDatabase({ baseUrl: simulator.url, token: simulator.token, timeoutMs: 30_000 });
});
afterEach(() => simulator.resetFaults());
afterAll(async () => simulator?.close());

const unavailable = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PopulationUnavailableError);
  return error as PopulationUnavailableError;
};

describe("lookup", () => {
  it("knows every person the simulated VNeID knows, with addresses and household", async () => {
    for (const person of demoIdentities) {
      const record = await database.findCitizen(person.citizenId, asked);
      expect(record?.fullName).toBe(person.name);
      expect(record?.birthDate).toBe(person.birthdate);
      expect(record?.sex).toBe(person.gender);
      expect(record?.permanentAddress.province).toBe("Tỉnh Demo");
      expect(record?.household.some((member) => member.idNumber === person.citizenId)).toBe(true);
    }
    const mai = await database.findCitizen("099196005555", asked);
    expect(mai?.household.map((member) => member.relation)).toEqual(["Chủ hộ", "Vợ", "Con"]);
  });

  it("answers null for an unknown number", async () => {
    expect(await database.findCitizen("099000000000", asked)).toBeNull();
  });

  it("receives who asks and why, in Vietnamese, with the agency and dossier", async () => {
    await database.findCitizen("099090001234", asked);
    expect(simulator.queries().at(-1)).toEqual({
      path: "/citizens/lookup",
      idNumber: "099090001234",
      requestedBy: "congdan.demo",
      purpose: "Điền sẵn tờ khai: Thủ tục đăng ký khai sinh",
      agencyCode: "000.20.01.H99",
      dossierCode: "H99.20.01-261123-0001",
    });
  });
});

describe("verify", () => {
  it("answers match or mismatch per field", async () => {
    expect(
      await database.verifyIdentity(
        { idNumber: "099090001234", fullName: "nguyễn  văn an", birthDate: "1990-05-12" },
        asked,
      ),
    ).toEqual({ found: true, fields: { idNumber: "match", fullName: "match", birthDate: "match" } });
    expect(
      await database.verifyIdentity(
        { idNumber: "099090001234", fullName: "Nguyễn Văn Ân", birthDate: "1990-05-13" },
        asked,
      ),
    ).toEqual({ found: true, fields: { idNumber: "match", fullName: "mismatch", birthDate: "mismatch" } });
    expect(
      await database.verifyIdentity(
        { idNumber: "099000000000", fullName: "Ai Đó", birthDate: "1990-01-01" },
        asked,
      ),
    ).toEqual({
      found: false,
      fields: { idNumber: "mismatch", fullName: "mismatch", birthDate: "mismatch" },
    });
  });
});

describe("the simulator validates what it is sent", () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${simulator.url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${simulator.token}`,
        "x-requested-by": "tester",
        "x-purpose": "kiem-thu",
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("refuses a wrong token, a missing purpose, a bad ID number, a bad body and a bad claim", async () => {
    expect(
      (await post("/citizens/lookup", { idNumber: "099090001234" }, { authorization: "Bearer x" })).status,
    ).toBe(401);
    expect((await post("/citizens/lookup", { idNumber: "099090001234" }, { "x-purpose": "" })).status).toBe(
      400,
    );
    expect((await post("/citizens/lookup", { idNumber: "12345" })).status).toBe(400);
    expect((await post("/citizens/lookup", "not json")).status).toBe(400);
    expect(
      (await post("/citizens/verify", { idNumber: "099090001234", fullName: "", birthDate: "1990-05-12" }))
        .status,
    ).toBe(400);
    expect(
      (await post("/citizens/verify", { idNumber: "099090001234", fullName: "An", birthDate: "12/05/1990" }))
        .status,
    ).toBe(400);
    expect((await post("/_faults", { mode: "broken" })).status).toBe(400);
  });

  it("a client without the token is refused, which is not the database being down", async () => {
    const stranger = httpPopulationDatabase({ baseUrl: simulator.url, token: "wrong", timeoutMs: 300 });
    const error = await unavailable(stranger.findCitizen("099090001234", asked));
    expect(error.reason).toBe("bad_answer");
    expect(error.status).toBe(401);
  });
});

describe("faults: the port reports each as unavailable (the degraded mode's signal)", () => {
  it("a slow database beyond the timeout", async () => {
    simulator.faults.mode = "slow";
    simulator.faults.delayMs = 2_000;
    const impatient = httpPopulationDatabase({
      baseUrl: simulator.url,
      token: simulator.token,
      timeoutMs: 200,
    });
    expect((await unavailable(impatient.findCitizen("099090001234", asked))).reason).toBe("timeout");
  });

  it("a slow database within the timeout still answers", async () => {
    simulator.faults.mode = "slow";
    simulator.faults.delayMs = 50;
    expect((await database.findCitizen("099090001234", asked))?.fullName).toBe("Nguyễn Văn An");
  });

  it("a 5xx answer", async () => {
    simulator.faults.mode = "error";
    const error = await unavailable(
      database.verifyIdentity(
        { idNumber: "099090001234", fullName: "Nguyễn Văn An", birthDate: "1990-05-12" },
        asked,
      ),
    );
    expect(error.reason).toBe("server_error");
    expect(error.status).toBe(503);
  });

  it("a dropped connection", async () => {
    simulator.faults.mode = "unavailable";
    expect((await unavailable(database.findCitizen("099090001234", asked))).reason).toBe("unreachable");
  });

  it("nothing listening", async () => {
    const closed = await startPopulationSimulator();
    const url = closed.url;
    await closed.close();
    const gone = httpPopulationDatabase({ baseUrl: url, token: closed.token, timeoutMs: 300 });
    expect((await unavailable(gone.findCitizen("099090001234", asked))).reason).toBe("unreachable");
  });

  it("faults are set over HTTP too", async () => {
    const response = await fetch(`${simulator.url}/_faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: "error" }),
    });
    expect(response.status).toBe(200);
    expect(simulator.faults.mode).toBe("error");
  });
});

describe("settings", () => {
  it("defaults to the simulator with a 3 s timeout", () => {
    expect(readPopulationSettings({})).toEqual({
      populationDbUrl: undefined,
      populationDbToken: undefined,
      populationDbTimeoutMs: 3000,
    });
  });

  it("needs https away from this machine, a token with a URL, and a sane timeout", () => {
    expect(() =>
      readPopulationSettings({ POPULATION_DB_URL: "http://dancu.example.vn", POPULATION_DB_TOKEN: "t" }),
    ).toThrow(/POPULATION_DB_URL/);
    expect(() => readPopulationSettings({ POPULATION_DB_URL: "https://dancu.example.vn" })).toThrow(
      /POPULATION_DB_TOKEN/,
    );
    expect(() => readPopulationSettings({ POPULATION_DB_URL: "ftp://x" })).toThrow(/POPULATION_DB_URL/);
    expect(() => readPopulationSettings({ POPULATION_DB_URL: "not a url" })).toThrow(/POPULATION_DB_URL/);
    expect(() => readPopulationSettings({ POPULATION_DB_TIMEOUT_MS: "10" })).toThrow(
      /POPULATION_DB_TIMEOUT_MS/,
    );
    expect(
      readPopulationSettings({
        POPULATION_DB_URL: "https://dancu.example.vn/api",
        POPULATION_DB_TOKEN: "secret",
        POPULATION_DB_TIMEOUT_MS: "5000",
      }),
    ).toEqual({
      populationDbUrl: "https://dancu.example.vn/api",
      populationDbToken: "secret",
      populationDbTimeoutMs: 5000,
    });
    expect(
      readPopulationSettings({ POPULATION_DB_URL: "http://127.0.0.1:9999", POPULATION_DB_TOKEN: "t" })
        .populationDbUrl,
    ).toBe("http://127.0.0.1:9999");
  });
});

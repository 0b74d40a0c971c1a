import { type CompiledQuery, Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { receiveNationalDossier } from "../../../src/services/integration/receiveNationalDossier.ts";
import {
  createLookupBatcher,
  LOOKUP_BATCH_SQL,
  MAX_BATCH_CODES,
} from "../../../src/services/lookup/lookupBatcher.ts";
import { type LookupRequest, lookupDossier } from "../../../src/services/lookup/lookupDossier.ts";
import { lookupTokenFor } from "../../../src/services/lookup/lookupToken.ts";
import { demoUserIds, limits, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { statementLog } from "../../support/statementLog.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const monday = new Date("2026-11-23T09:00:00+07:00");
const request: LookupRequest = { publicUrl: "https://dichvucong.demo.gov.vn", maskNames: true };
const NATIONAL_CODE = "G22.100.01-261123-020009";

/** `db` with every statement it is asked to run recorded, in order with `asked` (pushed by the test), at the call. */
function spied(db: Kysely<Database>, events: string[] = []) {
  const sent: unknown[][] = [];
  const spy = db.withPlugin({
    transformQuery: ({ node }) => node,
    transformResult: async ({ result }) => result,
  });
  const run = Kysely.prototype.executeQuery;
  Object.assign(spy, {
    executeQuery(query: CompiledQuery) {
      events.push(query.sql === LOOKUP_BATCH_SQL ? "batch sent" : "other statement");
      sent.push([...query.parameters]);
      return run.call(spy, query);
    },
  });
  return { db: spy, events, sent };
}

describe("lookupBatcher: the lookups of one turn share one statement (issue #21, R-LOOK-2)", () => {
  let handle: DatabaseHandle;
  let pendingCode: string;
  let acceptedCode: string;
  let nationalDossierCode: string;
  let users: Record<string, string>;

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    users = await demoUserIds(handle.db);
    const citizen = users["congdan.demo"]!;
    pendingCode = (await submitBirthRegistration(handle.db, citizen, monday)).row.code;
    const accepted = await submitBirthRegistration(handle.db, citizen, monday, {
      applicant: {
        kind: "person",
        name: "Trần Thị Bình",
        idNumber: "099090009999",
        phone: "0912000002",
        email: "binh@example.com",
        address: "Số 3 đường Demo",
      },
    });
    await runDossierCommand(handle.db, {
      dossierId: accepted.row.id,
      command: { type: "accept" },
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now: new Date("2026-11-23T10:00:00+07:00"),
      authorize: () => {},
    });
    acceptedCode = accepted.row.code;
    const procedure = await handle.db
      .selectFrom("procedures")
      .select("id")
      .where("code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    await handle.db
      .updateTable("procedure_components")
      .set({ required: false })
      .where("procedure_id", "=", procedure.id)
      .execute();
    const { record } = await receiveNationalDossier(handle.db, {
      payload: {
        MaHoSo: NATIONAL_CODE,
        MaTTHC: "1.001193",
        MaCoQuan: "000.20.01.H99",
        ChuHoSo: "Đặng Thị Thu",
        NgayNopHoSo: "20261123090000",
      },
      now: new Date("2026-11-23T09:05:00+07:00"),
      limits,
    });
    nationalDossierCode = record.row.code;
  });
  afterAll(async () => handle.close());

  /** Found, unknown, lower case, spaces, national codes, the same code twice, a proof, another language. */
  const mixed = (): [code: string, request: LookupRequest][] => [
    [pendingCode, request],
    [acceptedCode, request],
    [acceptedCode.toLowerCase(), request],
    [` ${acceptedCode}\u00a0`, { ...request, language: "en" }],
    [acceptedCode, { ...request, proof: { last4: "0002" } }],
    [acceptedCode, { ...request, proof: { last4: "1234" } }],
    [NATIONAL_CODE, request],
    [NATIONAL_CODE.toLowerCase(), request],
    [nationalDossierCode, { ...request, maskNames: false }],
    ["G22.100.01-261123-020008", request],
    ["không-có-mã-này", request],
    [pendingCode.toLowerCase(), request],
    [pendingCode, request],
  ];

  it("N concurrent lookups, found, unknown, lower case and national codes mixed, are one statement; each answer is the one it gets alone", async () => {
    const cases = mixed();
    const alone = [];
    for (const [code, options] of cases) alone.push(await lookupDossier(handle.db, code, options));
    const log = statementLog(handle.db);
    const batcher = createLookupBatcher();
    const together = await Promise.all(
      cases.map(([code, options]) => lookupDossier(log.db, code, options, batcher.read)),
    );
    expect(log.statements).toEqual([LOOKUP_BATCH_SQL]);
    expect(JSON.stringify(together)).toBe(JSON.stringify(alone));
    // The answers are what they must be: unknown codes none, the national code its dossier, the proof unmasks.
    expect(together.map((answer) => answer?.code)).toEqual([
      pendingCode,
      acceptedCode,
      acceptedCode,
      acceptedCode,
      acceptedCode,
      acceptedCode,
      nationalDossierCode,
      nationalDossierCode,
      nationalDossierCode,
      undefined,
      undefined,
      pendingCode,
      pendingCode,
    ]);
    expect(together[4]).toMatchObject({ applicantName: "Trần Thị Bình", applicantNameMasked: false });
    expect(together[5]).toMatchObject({ applicantNameMasked: true });
    expect(together[3]?.status.name).not.toBe(together[2]?.status.name);
    // Without a batcher, a lookup is still its own statement (LOOKUP_SQL, raw: the log does not know its text).
    const single = statementLog(handle.db);
    await lookupDossier(single.db, pendingCode, request);
    expect(single.statements).toHaveLength(1);
    expect(single.statements).not.toContain(LOOKUP_BATCH_SQL);
  });

  it("two requests for the same code get the same answer from one statement; a token is checked per request", async () => {
    const token = await lookupTokenFor(handle.db, acceptedCode);
    const log = statementLog(handle.db);
    const batcher = createLookupBatcher();
    const [first, second, withToken, wrongToken] = await Promise.all([
      lookupDossier(log.db, acceptedCode, request, batcher.read),
      lookupDossier(log.db, acceptedCode, request, batcher.read),
      lookupDossier(log.db, acceptedCode, { ...request, proof: { token } }, batcher.read),
      lookupDossier(log.db, acceptedCode, { ...request, proof: { token: `${token}x` } }, batcher.read),
    ]);
    expect(first).toEqual(second);
    expect(first?.applicantNameMasked).toBe(true);
    expect(withToken).toMatchObject({ applicantName: "Trần Thị Bình", applicantNameMasked: false });
    expect(wrongToken).toEqual(first);
    // One row read for the four; the two token checks are their own statements, after it.
    expect(log.statements[0]).toBe(LOOKUP_BATCH_SQL);
    expect(log.statements.filter((text) => text === LOOKUP_BATCH_SQL)).toHaveLength(1);
  });

  it("the statement is sent after every request of the batch arrived, with each candidate code once", async () => {
    const { db, events, sent } = spied(handle.db);
    const batcher = createLookupBatcher();
    const answers: Promise<unknown>[] = [];
    for (const [index, [code, options]] of mixed().entries()) {
      events.push(`asked ${index}`);
      answers.push(lookupDossier(db, code, options, batcher.read));
    }
    expect(events.filter((event) => event === "batch sent")).toEqual([]);
    await Promise.all(answers);
    expect(events.slice(0, 14)).toEqual([...mixed().map((_, index) => `asked ${index}`), "batch sent"]);
    const codes = sent[0]![0] as string[];
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(
      expect.arrayContaining([pendingCode, acceptedCode, acceptedCode.toLowerCase(), NATIONAL_CODE]),
    );
  });

  it("a change committed before a request arrived is always seen (no cache, no early statement)", async () => {
    const batcher = createLookupBatcher();
    const dossier = await handle.db
      .selectFrom("dossiers")
      .select(["id", "applicant_name"])
      .where("code", "=", pendingCode)
      .executeTakeFirstOrThrow();
    const names = ["Lê Văn Một", "Phạm Thị Hai", "Hoàng Văn Ba", dossier.applicant_name];
    for (const name of names) {
      // A lookup already waiting (sent in its own turn, maybe before the change) and the change committed...
      const earlier = lookupDossier(handle.db, pendingCode, { ...request, maskNames: false }, batcher.read);
      await handle.db
        .updateTable("dossiers")
        .set({ applicant_name: name })
        .where("id", "=", dossier.id)
        .execute();
      // ...then every request arriving after the commit, together, sees it.
      const after = await Promise.all(
        [pendingCode, pendingCode.toLowerCase(), acceptedCode].map((code) =>
          lookupDossier(handle.db, code, { ...request, maskNames: false }, batcher.read),
        ),
      );
      expect(after[0]?.applicantName).toBe(name);
      expect(after[1]?.applicantName).toBe(name);
      expect(after[2]?.applicantName).toBe("Trần Thị Bình");
      await earlier;
    }
  });

  it("an error of the batch's statement fails every request of the batch with it; the next batch is served", async () => {
    const failure = Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
    let failing = true;
    const broken = handle.db.withPlugin({
      transformQuery: ({ node }) => node,
      transformResult: async ({ result }) => {
        if (failing) throw failure;
        return result;
      },
    });
    const batcher = createLookupBatcher();
    const outcomes = await Promise.allSettled(
      mixed().map(([code, options]) => lookupDossier(broken, code, options, batcher.read)),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(mixed().map(() => "rejected"));
    for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).toBe(failure);
    failing = false;
    expect((await lookupDossier(broken, pendingCode, request, batcher.read))?.code).toBe(pendingCode);
  });

  it("a batch holds at most its cap of candidate codes: the next requests start another statement", async () => {
    const { db, sent } = spied(handle.db);
    const small = createLookupBatcher({ maxCodes: 5 });
    // Lower case: two candidates a request, so two requests a statement (the third would make 6 codes).
    const codes = [pendingCode, acceptedCode, nationalDossierCode, NATIONAL_CODE, "chưa-có"].map((code) =>
      code.toLowerCase(),
    );
    const alone = await Promise.all(codes.map((code) => lookupDossier(handle.db, code, request)));
    const answers = await Promise.all(codes.map((code) => lookupDossier(db, code, request, small.read)));
    expect(JSON.stringify(answers)).toBe(JSON.stringify(alone));
    expect(sent.map((parameters) => (parameters[0] as string[]).length)).toEqual([4, 4, 2]);

    // The default cap: 130 distinct upper-case codes (one candidate each) are two statements of 100 and 30.
    const many = spied(handle.db);
    const batcher = createLookupBatcher();
    const unknown = Array.from({ length: 130 }, (_, index) => `000.00.00.H99-261123-${9000 + index}`);
    const found = await Promise.all(
      [...unknown, pendingCode].map((code) => lookupDossier(many.db, code, request, batcher.read)),
    );
    expect(found.filter(Boolean).map((answer) => answer?.code)).toEqual([pendingCode]);
    expect(many.sent.map((parameters) => (parameters[0] as string[]).length)).toEqual([MAX_BATCH_CODES, 31]);
  });

  it("each reader database has its own batch (the primary's and the replica's lookups are not mixed)", async () => {
    const events: string[] = [];
    const primary = spied(handle.db, events);
    const replica = spied(handle.db, events);
    const batcher = createLookupBatcher();
    const answers = await Promise.all([
      lookupDossier(primary.db, pendingCode, request, batcher.read),
      lookupDossier(replica.db, acceptedCode, request, batcher.read),
      lookupDossier(primary.db, acceptedCode, request, batcher.read),
    ]);
    expect(answers.map((answer) => answer?.code)).toEqual([pendingCode, acceptedCode, acceptedCode]);
    expect(primary.sent).toEqual([[[pendingCode, acceptedCode]]]);
    expect(replica.sent).toEqual([[[acceptedCode]]]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyDossierEvent,
  buildCloudEvent,
  type DossierCloudEvent,
  inScope,
  isAllowedTargetUrl,
  type PublicDossierState,
  rebuildDossierStates,
  scopedState,
} from "../../../src/domain/events/dossierEvents.ts";
import { signEvent, verifyEventSignature } from "../../../src/services/events/signature.ts";

/** The pure side of the outbound events (issue #18): envelope, scope, target rule, the subscriber's fold. */

const base = Date.parse("2026-11-23T02:00:00Z");
const isoAt = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

/** One dossier's history as OneStop publishes it: each event with the public state after it. */
const history = (index: number) =>
  fc
    .array(
      fc.record({
        type: fc.constantFrom(
          "submitted",
          "accepted",
          "transferred",
          "supplementRequested",
          "resultReturned",
        ),
        status: fc.integer({ min: 1, max: 10 }),
        gap: fc.integer({ min: 1, max: 600 }),
        appointment: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((steps) => {
      const code = `H99.${String(index).padStart(3, "0")}-261123-0001`;
      let minutes = 0;
      let previous: number | null = null;
      return steps.map((step, position): DossierCloudEvent => {
        minutes += step.gap;
        const sequence = position + 1;
        const dossier: PublicDossierState = {
          code,
          nationalCode: null,
          sequence,
          procedureCode: "1.004884",
          receivingAgencyCode: "000.20.01.H99",
          decidingAgencyCode: "000.20.01.H99",
          channel: "online",
          status: step.status,
          submittedAt: isoAt(0),
          receivedAt: sequence > 1 ? isoAt(1) : null,
          appointmentAt: step.appointment === null ? null : isoAt(step.appointment),
          finishedAt: null,
          returnedAt: step.status === 10 ? isoAt(minutes) : null,
        };
        const event = buildCloudEvent({
          source: "https://motcua.tinh.gov.vn/events",
          dossierId: `dossier-${index}`,
          event: {
            type: step.type,
            sequence,
            at: isoAt(minutes),
            fromStatus: previous,
            toStatus: step.status,
          },
          dossier,
        });
        previous = step.status;
        return event;
      });
    });

/**
 * What the delivery mechanism may do to the per-dossier streams: interleave dossiers arbitrarily, keep each dossier's
 * order (event n+1 only after n was acknowledged), deliver an event again when its acknowledgement was lost (before
 * the next one of its dossier), and replay any already delivered stretch of a dossier later on.
 */
const deliveries = fc
  .integer({ min: 1, max: 5 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => history(index))))
  .chain((streams) =>
    fc
      .record({
        order: fc.array(fc.nat({ max: streams.length - 1 }), { minLength: 60, maxLength: 60 }),
        lostAcks: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        replays: fc.array(
          fc.record({ dossier: fc.nat({ max: streams.length - 1 }), from: fc.nat({ max: 7 }), at: fc.nat() }),
          { maxLength: 4 },
        ),
      })
      .map(({ order, lostAcks, replays }) => {
        const next = streams.map(() => 0);
        const sent: DossierCloudEvent[] = [];
        let step = 0;
        const remaining = () => streams.some((stream, index) => next[index]! < stream.length);
        while (remaining()) {
          const wanted = order[step % order.length]!;
          const index =
            next[wanted]! < streams[wanted]!.length
              ? wanted
              : next.findIndex((n, i) => n < streams[i]!.length);
          const event = streams[index]![next[index]!]!;
          sent.push(event);
          if (lostAcks[step % lostAcks.length]) sent.push(event);
          next[index]! += 1;
          step += 1;
        }
        for (const replay of replays) {
          const stretch = streams[replay.dossier]!.slice(replay.from);
          const position = replay.at % (sent.length + 1);
          sent.splice(position, 0, ...stretch.filter((event) => sent.slice(0, position).includes(event)));
        }
        return { streams, sent };
      }),
  );

describe("the subscriber's fold (issue #18 property)", () => {
  it("events delivered under retries, lost acknowledgements and replays, applied in order, rebuild each dossier's final public state", () => {
    fc.assert(
      fc.property(deliveries, ({ streams, sent }) => {
        const rebuilt = rebuildDossierStates(sent);
        expect(rebuilt.size).toBe(streams.length);
        for (const stream of streams) {
          const last = stream[stream.length - 1]!;
          expect(rebuilt.get(last.subject)).toEqual(last.data.dossier);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a redelivered or replayed older event never moves a dossier backwards", () => {
    fc.assert(
      fc.property(history(0), (stream) => {
        let states = rebuildDossierStates(stream);
        for (const old of stream) states = applyDossierEvent(states, old);
        expect(states.get(stream[0]!.subject)).toEqual(stream[stream.length - 1]!.data.dossier);
      }),
    );
  });
});

describe("the envelope and the scope", () => {
  const state: PublicDossierState = {
    code: "H99.001-261123-0001",
    nationalCode: null,
    sequence: 2,
    procedureCode: "1.004884",
    receivingAgencyCode: "000.20.01.H99",
    decidingAgencyCode: "000.20.01.H99",
    channel: "online",
    status: 2,
    submittedAt: isoAt(0),
    receivedAt: isoAt(5),
    appointmentAt: isoAt(9000),
    finishedAt: null,
    returnedAt: null,
    applicant: { name: "Nguyễn Văn An", organisationName: null },
  };

  it("is a CloudEvents 1.0 structured event typed vn.onestop.dossier.<type>, subject the dossier code", () => {
    const event = buildCloudEvent({
      source: "https://motcua.tinh.gov.vn/events",
      dossierId: "d1",
      event: { type: "accepted", sequence: 2, at: isoAt(5), fromStatus: 1, toStatus: 2 },
      dossier: state,
    });
    expect(event).toMatchObject({
      specversion: "1.0",
      id: "d1:2",
      type: "vn.onestop.dossier.accepted",
      subject: "H99.001-261123-0001",
      time: isoAt(5),
      datacontenttype: "application/json",
      sequence: 2,
    });
  });

  it("drops the applicant unless the scope includes it", () => {
    expect(scopedState(state, { includeApplicant: false })).not.toHaveProperty("applicant");
    expect(scopedState(state, { includeApplicant: true }).applicant).toEqual(state.applicant);
  });

  it.each<[string[], string[], boolean]>([
    [[], [], true],
    [["a"], [], true],
    [["d"], [], true],
    [["x"], [], false],
    [[], ["accepted"], true],
    [[], ["stopped"], false],
    [["a"], ["stopped"], false],
  ])("agencies %j, types %j → %s", (agencyIds, eventTypes, expected) => {
    expect(
      inScope(
        { agencyIds, eventTypes, includeApplicant: false },
        { type: "accepted", agencyId: "a", decidingAgencyId: "d" },
      ),
    ).toBe(expected);
  });

  it.each<[string, boolean]>([
    ["https://lgsp.tinh.gov.vn/hooks", true],
    ["http://127.0.0.1:8080/events", true],
    ["http://localhost/events", true],
    ["http://[::1]:9000/events", true],
    ["http://lgsp.tinh.gov.vn/hooks", false],
    ["http://10.0.0.5/hooks", false],
    ["https://a:b@lgsp.tinh.gov.vn/", false],
    ["ftp://lgsp.tinh.gov.vn/", false],
    ["lgsp", false],
  ])("target %s allowed: %s", (address, allowed) => {
    expect(isAllowedTargetUrl(address)).toBe(allowed);
  });
});

describe("the signature (docs/outbound-events.md)", () => {
  const secret = "khoa-bi-mat-dung-chung-0123456789abcdef";
  const body = JSON.stringify({ id: "d1:1", data: { x: "Hồ sơ" } });
  const now = 1_795_000_000;

  it("verifies with the shared secret within five minutes", () => {
    const header = signEvent(secret, now, body);
    expect(header).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(
      verifyEventSignature({
        secrets: [secret],
        header,
        timestamp: String(now),
        body,
        nowSeconds: now + 299,
      }),
    ).toBe(true);
  });

  it("refuses a changed body, another secret, an old or missing timestamp, a missing header", () => {
    const header = signEvent(secret, now, body);
    const check = (input: Partial<Parameters<typeof verifyEventSignature>[0]>) =>
      verifyEventSignature({
        secrets: [secret],
        header,
        timestamp: String(now),
        body,
        nowSeconds: now,
        ...input,
      });
    expect(check({ body: body.replace("Hồ sơ", "Hồ sơ giả") })).toBe(false);
    expect(check({ secrets: ["khac"] })).toBe(false);
    expect(check({ nowSeconds: now + 301 })).toBe(false);
    expect(check({ timestamp: undefined })).toBe(false);
    expect(check({ timestamp: String(now + 1) })).toBe(false);
    expect(check({ header: undefined })).toBe(false);
  });

  it("accepts either secret during a rotation", () => {
    const header = signEvent("moi", now, body);
    expect(
      verifyEventSignature({
        secrets: [secret, "moi"],
        header,
        timestamp: String(now),
        body,
        nowSeconds: now,
      }),
    ).toBe(true);
  });
});

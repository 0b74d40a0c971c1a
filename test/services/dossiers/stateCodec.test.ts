import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../../../src/services/dossiers/stateCodec.ts";

/**
 * Issue #21: the state pg hands over already parsed (jsonb) is decoded without a second stringify and parse, and
 * decodes exactly as its text does: the same keys in the same order, every `…At` string a Date, nothing shared.
 */
describe("dossier state codec", () => {
  const stored = {
    status: 4,
    receivedAt: "2026-11-23T01:00:00.000Z",
    dueAt: "2026-11-30T10:00:00.000Z",
    code: null,
    flags: [true, false],
    "1": "an integer-like key",
    history: [
      { type: "submitted", at: "x", changedAt: "2026-11-23T01:00:00.000Z", notes: ["noteAt"] },
      { nested: { extendedAt: "2026-12-01T01:00:00.000Z", count: 0, empty: {} } },
    ],
    result: { issuedAt: "2026-11-24T02:00:00.000Z", sha: "abc" },
  };

  it("decodes a parsed state as its JSON text, and re-encodes it alike", () => {
    const parsed = JSON.parse(JSON.stringify(stored)) as unknown;
    const fromObject = decodeState(parsed);
    const fromText = decodeState(JSON.stringify(stored));
    expect(fromObject).toStrictEqual(fromText);
    expect(Object.keys(fromObject)).toEqual(Object.keys(fromText));
    expect(encodeState(fromObject)).toBe(encodeState(fromText));
    const state = fromObject as unknown as typeof stored & { receivedAt: Date };
    expect(state.receivedAt).toBeInstanceOf(Date);
    expect((state.history[1] as { nested: { extendedAt: unknown } }).nested.extendedAt).toBeInstanceOf(Date);
    expect(state.history[0]!.notes).toEqual(["noteAt"]);
    expect(state.result).not.toBe((parsed as typeof stored).result);
  });

  it("keeps a __proto__ key as an own property, as JSON.parse does", () => {
    const parsed = JSON.parse('{"status":1,"__proto__":{"polluted":true}}') as unknown;
    const decoded = decodeState(parsed) as unknown as Record<string, unknown>;
    expect(decoded).toStrictEqual(decodeState('{"status":1,"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded, "__proto__")).toBe(true);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BagEntry,
  bagInfoTxt,
  bagitTxt,
  bagProblems,
  decodePath,
  encodePath,
  manifestTxt,
  parseManifest,
} from "../../../src/domain/archive/bagit.ts";

const digest = fc.stringMatching(/^[0-9a-f]{64}$/);
const path = fc
  .string({ minLength: 1, maxLength: 30 })
  .map((name) => `data/${name.replace(/^\s+|\s+$/g, "x") || "x"}`);

/** A consistent bag: the files' digests and the tag texts that list them. */
function bagOf(entries: BagEntry[]) {
  const tags = new Map<string, string>([
    ["bagit.txt", bagitTxt()],
    [
      "bag-info.txt",
      bagInfoTxt({
        sourceOrganization: "UBND",
        externalIdentifier: "H1",
        externalDescription: "mô tả\nhai dòng",
        baggingDate: "2026-11-26",
        payload: entries,
        software: "OneStop",
      }),
    ],
    ["manifest-sha256.txt", manifestTxt(entries)],
  ]);
  const tagDigests = [...tags.keys()].map((name, index) => ({
    path: name,
    sha256: String(index).repeat(64),
    size: 1,
  }));
  tags.set("tagmanifest-sha256.txt", manifestTxt(tagDigests));
  const actual = new Map<string, string>([
    ...entries.map((entry) => [entry.path, entry.sha256] as const),
    ...tagDigests.map((entry) => [entry.path, entry.sha256] as const),
    ["tagmanifest-sha256.txt", "f".repeat(64)],
  ]);
  return { actual, tags };
}

describe("BagIt tag files and verification (RFC 8493, R-ARC-2)", () => {
  it("bagit.txt and bag-info.txt carry the version, the identifier and the Payload-Oxum; values stay on one line", () => {
    expect(bagitTxt()).toBe("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    const info = bagInfoTxt({
      sourceOrganization: "UBND phường",
      externalIdentifier: "H1.2",
      externalDescription: "a\r\nb",
      baggingDate: "2026-11-26",
      payload: [
        { path: "data/a", sha256: "0".repeat(64), size: 10 },
        { path: "data/b", sha256: "1".repeat(64), size: 5 },
      ],
      software: "OneStop",
    });
    expect(info).toContain("Payload-Oxum: 15.2\n");
    expect(info).toContain("External-Description: a b\n");
    expect(info.split("\n")).toHaveLength(7);
  });

  it("a manifest parses back to the same entries, paths with %, CR and LF included", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path, sha256: digest }), {
          selector: (entry) => entry.path,
          maxLength: 12,
        }),
        (entries) => {
          const parsed = parseManifest(manifestTxt(entries.map((entry) => ({ ...entry, size: 1 }))));
          expect(parsed.malformed).toEqual([]);
          expect(new Map(parsed.entries)).toEqual(
            new Map(entries.map((entry) => [entry.path, entry.sha256])),
          );
        },
      ),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(decodePath(encodePath(text))).toBe(text);
      }),
    );
  });

  it("a consistent bag has no problems; any one changed digest, missing or extra payload file is found", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path, sha256: digest }), {
          selector: (entry) => entry.path,
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(),
        fc.constantFrom("change", "remove", "add"),
        (raw, pick, fault) => {
          const entries = raw.map((entry) => ({ ...entry, size: 1 }));
          const { actual, tags } = bagOf(entries);
          expect(bagProblems(actual, tags)).toEqual([]);
          const target = entries[pick % entries.length]!;
          const broken = new Map(actual);
          if (fault === "change")
            broken.set(target.path, target.sha256 === "a".repeat(64) ? "b".repeat(64) : "a".repeat(64));
          if (fault === "remove") broken.delete(target.path);
          if (fault === "add") broken.set("data/zz-unlisted-extra", "c".repeat(64));
          expect(bagProblems(broken, tags).length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it("names the missing tag files and a malformed manifest line", () => {
    expect(bagProblems(new Map(), new Map())).toEqual([
      "missing bagit.txt",
      "missing bag-info.txt",
      "missing manifest-sha256.txt",
      "missing tagmanifest-sha256.txt",
    ]);
    const problems = bagProblems(
      new Map([["manifest-sha256.txt", "0".repeat(64)]]),
      new Map([["manifest-sha256.txt", "not a line\n"]]),
    );
    expect(problems).toContain("manifest-sha256.txt line 1 is malformed");
  });
});

/**
 * The BagIt layout (RFC 8493) of an archival package (R-ARC-2): the text of the tag files and the checks a verifier
 * makes. Hashing is the caller's (the domain does no I/O and takes no crypto dependency): every function here works
 * on paths and hex SHA-256 digests.
 */
export const BAGIT_VERSION = "1.0";

export interface BagEntry {
  /** Path inside the bag, with `/` separators, e.g. `data/dossier.json`. */
  path: string;
  sha256: string;
  size: number;
}

export const bagitTxt = () => `BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n`;

/**
 * bag-info.txt: reserved metadata elements (RFC 8493 §2.2.2) in a fixed order. Values are single lines: a newline
 * would start a new element, so it is folded into a space.
 */
export function bagInfoTxt(info: {
  sourceOrganization: string;
  externalIdentifier: string;
  externalDescription: string;
  baggingDate: string;
  payload: readonly BagEntry[];
  software: string;
}): string {
  const bytes = info.payload.reduce((sum, entry) => sum + entry.size, 0);
  const line = (label: string, value: string) => `${label}: ${value.replace(/[\r\n]+/g, " ")}\n`;
  return [
    line("Source-Organization", info.sourceOrganization),
    line("External-Identifier", info.externalIdentifier),
    line("External-Description", info.externalDescription),
    line("Bagging-Date", info.baggingDate),
    line("Bag-Software-Agent", info.software),
    line("Payload-Oxum", `${bytes}.${info.payload.length}`),
  ].join("");
}

/**
 * A manifest: one `<sha256>  <path>` line per file, sorted by path so the same bag always gives the same bytes.
 * RFC 8493 §2.1.3 percent-encodes CR, LF and `%` in paths.
 */
export function manifestTxt(entries: readonly BagEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => `${entry.sha256}  ${encodePath(entry.path)}\n`)
    .join("");
}

export function encodePath(path: string): string {
  return path.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function decodePath(path: string): string {
  return path.replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%25/g, "%");
}

/** The lines of a manifest as path → digest; a malformed line is reported, not skipped. */
export function parseManifest(text: string): { entries: Map<string, string>; malformed: number[] } {
  const entries = new Map<string, string>();
  const malformed: number[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const match = /^([0-9a-f]{64})\s+(.+)$/.exec(line.replace(/\r$/, ""));
    if (!match) malformed.push(index + 1);
    else entries.set(decodePath(match[2]!), match[1]!);
  });
  return { entries, malformed };
}

/**
 * What is wrong with a bag, given the digest of every file actually in it (path → sha256): the required tag files,
 * every payload file listed with the right digest, no unlisted payload file, the tag manifest right. Empty when valid.
 */
export function bagProblems(
  actual: ReadonlyMap<string, string>,
  texts: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  for (const required of ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"])
    if (!actual.has(required)) problems.push(`missing ${required}`);
  if (texts.has("bagit.txt") && !/^BagIt-Version: \d+\.\d+\r?\n/.test(texts.get("bagit.txt")!))
    problems.push("bagit.txt has no BagIt-Version");
  const check = (manifestName: string, inScope: (path: string) => boolean) => {
    const text = texts.get(manifestName);
    if (text === undefined) return;
    const { entries, malformed } = parseManifest(text);
    for (const line of malformed) problems.push(`${manifestName} line ${line} is malformed`);
    for (const [path, digest] of entries) {
      const found = actual.get(path);
      if (found === undefined) problems.push(`${path} is listed in ${manifestName} but missing`);
      else if (found !== digest) problems.push(`${path} does not match its checksum`);
    }
    for (const path of actual.keys())
      if (inScope(path) && !entries.has(path)) problems.push(`${path} is not in ${manifestName}`);
  };
  check("manifest-sha256.txt", (path) => path.startsWith("data/"));
  check(
    "tagmanifest-sha256.txt",
    (path) =>
      !path.startsWith("data/") && path !== "tagmanifest-sha256.txt" && !path.startsWith("tagmanifest-"),
  );
  return problems;
}

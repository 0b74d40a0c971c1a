import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * DESIGN §2: src/domain is pure TypeScript — no I/O, no clock, no imports from other layers. This test reads every
 * domain source file and fails on an import leaving src/domain (other than the allow-listed pure packages) or on a
 * use of the clock, the process or the file system.
 */
const DOMAIN = resolve(dirname(fileURLToPath(import.meta.url)), "../../src/domain");

/** Pure npm packages the domain may import. Empty: nothing has been needed yet. */
const ALLOWED_PACKAGES: ReadonlyArray<string> = [];

const FORBIDDEN_USES: ReadonlyArray<[RegExp, string]> = [
  [/\bDate\.now\s*\(/, "Date.now() reads the clock: pass `now` in"],
  [/\bnew\s+Date\s*\(\s*\)/, "new Date() without arguments reads the clock: pass `now` in"],
  [/\bnew\s+Date\b(?!\s*\()/, "new Date without arguments reads the clock: pass `now` in"],
  [/\bprocess\s*[.[]/, "process is I/O and environment"],
  [/\brequire\s*\(/, "require() imports outside the module graph"],
];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier in a file: static imports and re-exports, side-effect imports, dynamic imports. */
function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

/** Why an import is not allowed in the domain, or nothing when it is. */
function importViolation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith(".")) {
    const target = resolve(dirname(file), specifier);
    return target === DOMAIN || target.startsWith(DOMAIN + sep) ? undefined : "leaves src/domain";
  }
  const packageName = specifier.startsWith("@")
    ? specifier.split("/").slice(0, 2).join("/")
    : specifier.split("/")[0]!;
  return ALLOWED_PACKAGES.includes(packageName) ? undefined : "is not an allow-listed pure package";
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

describe("domain purity (DESIGN §2, §4)", () => {
  const files = sourceFiles(DOMAIN);

  it("DESIGN §2: the domain has source files to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("DESIGN §2: no file under src/domain imports from outside it (no node:, no packages, no other layer)", () => {
    const problems = files.flatMap((file) =>
      importSpecifiers(readFileSync(file, "utf8")).flatMap((specifier) => {
        const violation = importViolation(file, specifier);
        return violation ? [`${relative(DOMAIN, file)}: "${specifier}" ${violation}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("DESIGN §4: no file under src/domain reads the clock, the process or the file system", () => {
    const problems = files.flatMap((file) => {
      const code = withoutComments(readFileSync(file, "utf8"));
      return FORBIDDEN_USES.filter(([pattern]) => pattern.test(code)).map(
        ([, why]) => `${relative(DOMAIN, file)}: ${why}`,
      );
    });
    expect(problems).toEqual([]);
  });

  it("DESIGN §2: the checks catch what they are meant to catch", () => {
    const inside = join(DOMAIN, "dossier", "x.ts");
    expect(importSpecifiers(`import { a } from "../refusal.ts";`)).toEqual(["../refusal.ts"]);
    expect(importSpecifiers(`import type { B } from "node:fs";\nexport * from "./c.ts";`)).toEqual([
      "node:fs",
      "./c.ts",
    ]);
    expect(importSpecifiers(`import "pg"; const m = await import("fs");`)).toEqual(["pg", "fs"]);
    expect(importViolation(inside, "../refusal.ts")).toBeUndefined();
    expect(importViolation(inside, "../../db/schema.ts")).toBe("leaves src/domain");
    expect(importViolation(inside, "node:fs")).toBe("is not an allow-listed pure package");
    expect(importViolation(inside, "@scope/pkg/sub")).toBe("is not an allow-listed pure package");
    const flagged = (code: string) => FORBIDDEN_USES.some(([pattern]) => pattern.test(withoutComments(code)));
    expect(flagged("const t = Date.now();")).toBe(true);
    expect(flagged("const t = new Date();")).toBe(true);
    expect(flagged("const t = new Date;")).toBe(true);
    expect(flagged("const v = process.env.X;")).toBe(true);
    expect(flagged("const t = new Date(ms); // Date.now() is not used")).toBe(false);
    expect(flagged("/* new Date() */ const t = new Date(at.getTime());")).toBe(false);
  });
});

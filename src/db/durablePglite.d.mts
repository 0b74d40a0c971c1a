// Types of durablePglite.mjs (plain JavaScript so the embedded database's worker thread can import it; issue #21).
import type { PGliteOptions } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

export type PgliteDurability = "fsync" | "relaxed";

export declare function durableStartParams(): string[];

export declare class FsyncingNodeFS extends NodeFS {
  fsyncCount: number;
}

export declare function pgliteDurabilityOptions(
  dataDir: string,
  durability: PgliteDurability,
): Pick<PGliteOptions, "fs" | "startParams" | "dataDir">;

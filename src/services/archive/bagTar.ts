import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import tar from "tar-stream";
import { type BagEntry, bagInfoTxt, bagitTxt, bagProblems, manifestTxt } from "../../domain/archive/bagit.ts";

/** A file of a bag: its path inside the bag and its bytes. */
export interface BagFile {
  path: string;
  content: Uint8Array;
}

const sha256 = (content: Uint8Array) => createHash("sha256").update(content).digest("hex");
const utf8 = (text: string) => new TextEncoder().encode(text);
const entryOf = (file: BagFile): BagEntry => ({
  path: file.path,
  sha256: sha256(file.content),
  size: file.content.byteLength,
});

/**
 * A BagIt bag (RFC 8493, R-ARC-2) of the payload files: bagit.txt, bag-info.txt, manifest-sha256.txt over `data/`,
 * tagmanifest-sha256.txt over the tag files. Every file is in a top folder named after the bag, as `bagit` tools
 * expect when the tar is unpacked.
 */
export function buildBag(
  payload: readonly BagFile[],
  info: Omit<Parameters<typeof bagInfoTxt>[0], "payload">,
): BagFile[] {
  const entries = payload.map(entryOf);
  const tags: BagFile[] = [
    { path: "bagit.txt", content: utf8(bagitTxt()) },
    { path: "bag-info.txt", content: utf8(bagInfoTxt({ ...info, payload: entries })) },
    { path: "manifest-sha256.txt", content: utf8(manifestTxt(entries)) },
  ];
  const tagManifest: BagFile = {
    path: "tagmanifest-sha256.txt",
    content: utf8(manifestTxt(tags.map(entryOf))),
  };
  return [...tags, tagManifest, ...payload];
}

/** The bag as one tar (ustar with PAX names for long paths), the form the file store keeps. */
export async function tarBag(name: string, files: readonly BagFile[], mtime: Date): Promise<Uint8Array> {
  const pack = tar.pack();
  const done = buffer(pack);
  for (const file of files)
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: `${name}/${file.path}`, size: file.content.byteLength, mtime, mode: 0o644 },
        Buffer.from(file.content),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  pack.finalize();
  return new Uint8Array(await done);
}

/** The files of a tarred bag, by path inside the bag (the top folder removed). */
export async function untarBag(content: Uint8Array): Promise<Map<string, Uint8Array>> {
  const extract = tar.extract();
  const files = new Map<string, Uint8Array>();
  const finished = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      buffer(stream)
        .then((bytes) => {
          if (header.type === "file") files.set(header.name.replace(/^[^/]+\//, ""), new Uint8Array(bytes));
          next();
        })
        .catch(reject);
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  Readable.from([Buffer.from(content)]).pipe(extract);
  await finished;
  return files;
}

/** What is wrong with a tarred bag: every checksum recomputed against both manifests (empty when valid). */
export async function verifyBagTar(content: Uint8Array): Promise<string[]> {
  let files: Map<string, Uint8Array>;
  try {
    files = await untarBag(content);
  } catch (error) {
    return [`not a readable tar: ${(error as Error).message}`];
  }
  const digests = new Map([...files].map(([path, bytes]) => [path, sha256(bytes)] as const));
  const decoder = new TextDecoder();
  const texts = new Map(
    [...files]
      .filter(([path]) => !path.startsWith("data/"))
      .map(([path, bytes]) => [path, decoder.decode(bytes)] as const),
  );
  return bagProblems(digests, texts);
}

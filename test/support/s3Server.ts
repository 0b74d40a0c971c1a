import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: s3rver ships no type declarations; the little used here is typed below.
import S3rver from "@20minutes/s3rver";
import type { S3StorageSettings } from "../../src/integrations/storage/s3Storage.ts";

interface KoaContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}
interface S3rverInstance {
  middleware: ((context: KoaContext, next: () => Promise<void>) => Promise<void>)[];
  run(): Promise<AddressInfo>;
  httpServer: { closeAllConnections(): void };
  close(): Promise<void>;
}

/** A running S3-compatible server (s3rver, from npm) on 127.0.0.1 and a free port, with one bucket. */
export interface TestS3Server {
  settings: S3StorageSettings;
  /** Object files s3rver keeps on its disk under the bucket (to show what was, or was not, stored). */
  directory: string;
  /** The next `count` PUTs of objects (not the readiness probe's) are answered 500 InternalError. */
  failNextPuts(count: number): void;
  close(): Promise<void>;
}

export async function startS3Server(bucket = "onestop-test"): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), "onestop-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  }) as S3rverInstance;
  let failing = 0;
  // s3rver signs a bucket-level request (a listing) as `/bucket` where the AWS SDK v3 signs `/bucket/`: those, and only
  // those, are let through with a signature it cannot match; object requests stay fully checked.
  let bucketLevel = false;
  Object.defineProperty(server, "allowMismatchedSignatures", { get: () => bucketLevel, set: () => {} });
  // Fault injection in front of s3rver's own middleware (Koa composes them when the server starts).
  server.middleware.unshift(async (context, next) => {
    bucketLevel = /^\/[^/]+\/$/.test(context.path);
    if (failing > 0 && context.method === "PUT" && !context.path.includes("/.ready/")) {
      failing--;
      context.status = 500;
      context.set("content-type", "application/xml");
      context.body =
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected</Message></Error>';
      return;
    }
    await next();
  });
  const address = await server.run();
  return {
    settings: {
      bucket,
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${address.port}`,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    },
    directory: join(directory, bucket),
    failNextPuts(count) {
      failing = count;
    },
    async close() {
      const closed = server.close();
      server.httpServer.closeAllConnections();
      await closed;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from "node:crypto";
import type { App } from "../../src/http/app.ts";
import type { TestSession } from "./authSession.ts";

/** POST /api/uploads as a browser would: one multipart field `file`. Returns the raw response. */
export async function uploadFile(
  app: App,
  session: TestSession | undefined,
  fileName: string,
  content: Uint8Array,
  declaredType = "application/octet-stream",
  extraHeaders: Record<string, string> = {},
) {
  const boundary = `----onestop${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${declaredType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return app.inject({
    method: "POST",
    url: "/api/uploads",
    headers: {
      ...(session?.headers ?? {}),
      ...extraHeaders,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([head, Buffer.from(content), tail]),
  });
}

/** Uploads and returns the new upload's id; fails the test when refused. */
export async function uploadId(
  app: App,
  session: TestSession,
  fileName: string,
  content: Uint8Array,
): Promise<string> {
  const response = await uploadFile(app, session, fileName, content);
  if (response.statusCode !== 201)
    throw new Error(`upload ${fileName}: ${response.statusCode} ${response.body}`);
  return (response.json() as { id: string }).id;
}

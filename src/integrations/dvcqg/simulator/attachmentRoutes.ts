import { createHash, randomUUID } from "node:crypto";
import type { SimulatorContext, SimulatorRouteModule } from "./context.ts";

/** A file the applicant attached on the simulated national portal. */
export interface SimulatedFile {
  id: string;
  name: string;
  contentType: string;
  content: Buffer;
  sha256: string;
  /** Requests still answered with damaged bytes (the checksum no longer matches). */
  corruptNext: number;
  /** Requests served, for tests that count retries. */
  served: number;
}

export interface AttachmentStore {
  add(file: { name: string; content: Buffer; contentType?: string }): SimulatedFile;
  get(id: string): SimulatedFile | undefined;
  reset(): void;
}

/** The simulator's file store (kept in `context.extras` under "attachments"). */
export function attachmentsOf(context: SimulatorContext): AttachmentStore {
  let store = context.extras.get("attachments") as AttachmentStore | undefined;
  if (!store) {
    const files = new Map<string, SimulatedFile>();
    store = {
      add({ name, content, contentType }) {
        const file: SimulatedFile = {
          id: randomUUID(),
          name,
          contentType: contentType ?? "application/octet-stream",
          content,
          sha256: createHash("sha256").update(content).digest("hex"),
          corruptNext: 0,
          served: 0,
        };
        files.set(file.id, file);
        return file;
      },
      get: (id) => files.get(id),
      reset: () => files.clear(),
    };
    context.extras.set("attachments", store);
  }
  return store;
}

/**
 * The national portal's file server (issue #13 "Attachments"): `GET /files/:id` serves what an applicant attached,
 * with its SHA-256 in `X-Checksum-SHA256`. The shared faults (timeout, 500, slow) apply to it like to every route;
 * `/control/files` adds a file and `/control/files/:id/corrupt` damages the next downloads of one.
 */
export const attachmentRoutes: SimulatorRouteModule = {
  name: "attachments",
  register(app, context) {
    const store = attachmentsOf(context);
    app.get<{ Params: { id: string } }>("/files/:id", async (request, reply) => {
      const file = store.get(request.params.id);
      if (!file) return reply.code(404).send({ error: "NOT_FOUND", message: "Không có tệp này" });
      file.served += 1;
      let content = file.content;
      if (file.corruptNext > 0) {
        file.corruptNext -= 1;
        content = Buffer.concat([file.content, Buffer.from("\n% hong khi truyen")]);
      }
      return reply
        .header("content-type", file.contentType)
        .header("x-checksum-sha256", file.sha256)
        .header("content-disposition", `attachment; filename="${encodeURIComponent(file.name)}"`)
        .send(content);
    });
    app.post<{ Body: { name?: string; contentBase64?: string; contentType?: string } }>(
      "/control/files",
      async (request, reply) => {
        const { name, contentBase64, contentType } = request.body ?? {};
        if (typeof name !== "string" || name.trim() === "" || typeof contentBase64 !== "string")
          return reply
            .code(400)
            .send({ error: "INVALID_FILE", message: "Cần name và contentBase64 (nội dung tệp, base64)" });
        const file = store.add({ name, content: Buffer.from(contentBase64, "base64"), contentType });
        return reply.code(201).send(fileAddress(file, request.protocol, request.host));
      },
    );
    app.post<{ Params: { id: string }; Body: { count?: number } }>(
      "/control/files/:id/corrupt",
      async (request, reply) => {
        const file = store.get(request.params.id);
        if (!file) return reply.code(404).send({ error: "NOT_FOUND", message: "Không có tệp này" });
        file.corruptNext = request.body?.count ?? 1;
        return { id: file.id, corruptNext: file.corruptNext };
      },
    );
    app.get<{ Params: { id: string } }>("/control/files/:id", async (request, reply) => {
      const file = store.get(request.params.id);
      if (!file) return reply.code(404).send({ error: "NOT_FOUND", message: "Không có tệp này" });
      return { ...fileAddress(file, request.protocol, request.host), served: file.served };
    });
  },
};

function fileAddress(file: SimulatedFile, protocol: string, host: string) {
  return { id: file.id, name: file.name, sha256: file.sha256, url: `${protocol}://${host}/files/${file.id}` };
}

import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { FastifyRequest } from "fastify";
import { PayloadTooLargeError, ValidationError } from "../../services/errors.ts";
import type { LocalizedText } from "../../services/validation/messages.ts";

/** The one file of a multipart request, as a stream of chunks (never read whole: issue #21). */
export interface FilePart {
  fileName: string;
  content: AsyncIterable<Uint8Array>;
}

/** The 400 of a request without its file (multipart field `file`). */
export const MISSING_FILE: LocalizedText = {
  vi: "Cần gửi một tệp trong trường file (multipart/form-data)",
  en: "Send one file in the field named file (multipart/form-data)",
};

/**
 * The chunks of a part. The iterator leaves the part open when its reader stops early (a refused type, too large),
 * so {@link receiveFilePart} drains the rest; a part cut at the multipart limit (busboy's `truncated`) ends with the
 * multipart plugin's too-large error, never as a shorter file.
 */
async function* chunksOf(file: Readable & { truncated?: boolean }, tooLarge: () => Error) {
  for await (const chunk of file.iterator({ destroyOnReturn: false })) yield chunk as Uint8Array;
  if (file.truncated) throw tooLarge();
}

/**
 * Reads the multipart field `file` of a request and hands it, as a stream, to `receive` — which takes it through
 * `receiveFile` (the checks by content and size while it streams, the durable store before the row: issue #21 item
 * 5). The routes that take one file (uploads, feedback attachments, the province's images, a result checked against
 * its hash) share it: a request that is not multipart or has no field `file` answers 400 with `missingFile`; a part
 * past the multipart plugin's limit answers `tooLarge` (413). When `receive` refuses the file before its end, the rest
 * of the part is drained so the client gets its answer on a connection still in step.
 */
export async function receiveFilePart<T>(
  request: FastifyRequest,
  options: { missingFile: LocalizedText; tooLarge: () => Error },
  receive: (part: FilePart) => Promise<T>,
): Promise<T> {
  const missingFile = () => new ValidationError([{ field: "file", message: options.missingFile }]);
  if (!request.isMultipart()) throw missingFile();
  const part = await request.file();
  if (part?.fieldname !== "file") throw missingFile();
  const file = part.file;
  const { RequestFileTooLargeError } = request.server.multipartErrors;
  try {
    return await receive({
      fileName: part.filename,
      content: chunksOf(file, () => new RequestFileTooLargeError()),
    });
  } catch (error) {
    if (!file.readableEnded && !file.destroyed) {
      file.resume();
      await finished(file).catch(() => {});
    }
    if (error instanceof RequestFileTooLargeError) throw options.tooLarge();
    // A part that also overflowed the multipart limit answers the route's own 413, as when parts were read whole.
    if (error instanceof PayloadTooLargeError && (file as { truncated?: boolean }).truncated)
      throw options.tooLarge();
    throw error;
  }
}

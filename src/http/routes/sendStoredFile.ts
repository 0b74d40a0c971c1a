import type { FastifyReply } from "fastify";
import type { StoredFileStream } from "../../services/files/storedFileStream.ts";

/**
 * Sends a stored object opened by `openStoredFile` (issue #21 item 5): piped to the client as the store gives it,
 * never read whole into memory, with its `Content-Type` and `Content-Length`; the caller sets the other headers
 * (disposition, caching) first. Fastify pipes a stream as it is, never through the JSON serializer, and destroys it
 * if the client goes away.
 */
export function sendStoredFile(reply: FastifyReply, file: StoredFileStream, mediaType: string) {
  return reply.header("content-type", mediaType).header("content-length", file.size).send(file.body);
}

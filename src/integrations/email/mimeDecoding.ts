/**
 * Just enough MIME decoding for the SMTP simulator to show what a single-part text message says (RFC 2045 transfer
 * encodings, RFC 2047 encoded words in headers). Only UTF-8 is decoded: it is all OneStop sends.
 */

/** Header name (lower case) → unfolded raw value, from the header block of a message. */
export function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function quotedPrintableBytes(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, "");
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char === "=" && /^[0-9A-Fa-f]{2}$/.test(source.slice(index + 1, index + 3))) {
      bytes.push(Number.parseInt(source.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (char === "_" && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=` words, with the whitespace between adjacent words dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_match, _charset: string, encoding: string, data: string) =>
        encoding.toUpperCase() === "B"
          ? Buffer.from(data, "base64").toString("utf8")
          : quotedPrintableBytes(data, true).toString("utf8"),
    );
}

/** The body of a single-part message as text, decoded from its Content-Transfer-Encoding. */
export function decodeBody(body: string, transferEncoding: string | undefined): string {
  switch ((transferEncoding ?? "7bit").toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable":
      return quotedPrintableBytes(body, false).toString("utf8");
    default:
      return body;
  }
}

export interface ParsedMessage {
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string;
  text: string;
}

/** Splits a raw RFC 5322 message into its decoded headers of interest and its text. */
export function parseMessage(raw: string): ParsedMessage {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = parseHeaders(head);
  const messageId = headers.get("message-id")?.replace(/^<|>$/g, "") ?? null;
  return {
    messageId,
    from: headers.has("from") ? decodeEncodedWords(headers.get("from")!) : null,
    to: headers.has("to") ? decodeEncodedWords(headers.get("to")!) : null,
    subject: decodeEncodedWords(headers.get("subject") ?? ""),
    text: decodeBody(body, headers.get("content-transfer-encoding"))
      .replace(/\r\n/g, "\n")
      .replace(/\n$/, ""),
  };
}

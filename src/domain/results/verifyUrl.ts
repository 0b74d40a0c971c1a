/**
 * The address a result's QR code holds: the public verify page with the code in the path and the signed token in
 * `t`: `https://dichvucong.example.vn/xac-minh/7KQ2M-XW4PA-9HDT3?t=eyJ…`. Online, the page shows the record; offline,
 * whoever scanned it checks the token against the published public key. One address serves both.
 */
export const VERIFY_PATH = "/xac-minh";

export function verifyUrlOf(publicUrl: string, code: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${VERIFY_PATH}/${encodeURIComponent(code)}?t=${encodeURIComponent(token)}`;
}

/** The code and token a scanned address carries, or undefined when it is not a verify address. */
export function parseVerifyUrl(url: string): { code: string; token: string | undefined } | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^?#]*?\/xac-minh\/([^/?#]+)(?:\?([^#]*))?/i.exec(url);
  if (!match) return undefined;
  const parameters = new URLSearchParams(match[2] ?? "");
  try {
    return { code: decodeURIComponent(match[1]!), token: parameters.get("t") ?? undefined };
  } catch {
    // A broken percent-escape: not an address OneStop wrote.
    return undefined;
  }
}

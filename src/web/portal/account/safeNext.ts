/** A `next` parameter is followed only when it is a path of this site (never //other.host or a full URL). */
export function safeNext(next: string | null, fallback = "/"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (next.startsWith("/dang-nhap") || next.startsWith("/dang-ky")) return fallback;
  return next;
}

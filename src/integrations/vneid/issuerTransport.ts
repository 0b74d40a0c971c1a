/**
 * Issue #14: a plain-http OpenID provider is accepted only on a loopback address (the simulator on this machine);
 * anywhere else https is required, since the tokens carry a person's identity.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why an issuer address is refused, or undefined when it is acceptable. */
export function issuerTransportProblem(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return "không phải là một URL hợp lệ";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === "http:")
    return "phải dùng https (http chỉ được phép với địa chỉ loopback của máy này)";
  return "phải bắt đầu bằng https://";
}

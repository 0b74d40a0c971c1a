/**
 * The fetch client of the web app: JSON in and out, the session's CSRF token on unsafe methods, the server's error
 * message (Vietnamese, or English with Accept-Language: en) in ApiError, and 401 → the login page.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let language: "vi" | "en" = "vi";
let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setApiLanguage(next: "vi" | "en"): void {
  language = next;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 to anything but the session probe (the app sends the person to log in). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function networkError(): ApiError {
  return new ApiError(
    0,
    "NETWORK",
    language === "vi"
      ? "Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại."
      : "The server cannot be reached. Check your connection and try again.",
  );
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: string; message?: string; fields?: FieldError[] } } | undefined)
    ?.error;
  const fallback =
    language === "vi" ? `Lỗi máy chủ (${response.status})` : `Server error (${response.status})`;
  return new ApiError(
    response.status,
    error?.code ?? "HTTP_ERROR",
    error?.message ?? fallback,
    error?.fields ?? [],
  );
}

/** Reads the session's CSRF token (null without a session). */
export async function refreshCsrfToken(): Promise<string | null> {
  const state = await fetch("/api/public/session-state", { credentials: "same-origin" })
    .then((r) => (r.ok ? (r.json() as Promise<{ signedIn: boolean }>) : { signedIn: false }))
    .catch(() => ({ signedIn: false }));
  if (!state.signedIn) {
    csrfToken = null;
    return null;
  }
  const response = await fetch("/api/auth/session", {
    credentials: "same-origin",
    headers: { accept: "application/json", "accept-language": language },
  }).catch(() => undefined);
  csrfToken = response?.ok ? ((await response.json()) as { csrfToken: string }).csrfToken : null;
  return csrfToken;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** The session probe: a 401 is an answer ("nobody is logged in"), not a reason to leave the page. */
  quiet401?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: "application/json", "accept-language": language };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (unsafe.has(method)) {
      if (csrfToken === null) await refreshCsrfToken();
      if (csrfToken) headers["x-csrf-token"] = csrfToken;
    }
    Object.assign(headers, options.headers);
    try {
      return await fetch(path, {
        method,
        credentials: "same-origin",
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch {
      throw networkError();
    }
  };
  let response = await send();
  if (response.status === 403 && unsafe.has(method)) {
    const error = await errorFrom(response.clone());
    if (error.code.includes("CSRF")) {
      // The token changed (a new login in another tab): read it again once.
      await refreshCsrfToken();
      response = await send();
    }
  }
  if (response.status === 401 && !options.quiet401) {
    csrfToken = null;
    unauthorizedHandler?.();
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body: body ?? {} }),
};

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

/** POST /api/uploads with the file in the multipart field `file`, reporting progress (0–100). */
export function uploadFile<T>(file: File, onProgress: (percent: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = (async () => {
    if (csrfToken === null) await refreshCsrfToken();
    return await new Promise<T>((resolve, reject) => {
      xhr.open("POST", "/api/uploads");
      xhr.responseType = "text";
      xhr.setRequestHeader("accept", "application/json");
      xhr.setRequestHeader("accept-language", language);
      if (csrfToken) xhr.setRequestHeader("x-csrf-token", csrfToken);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
      };
      xhr.onerror = () => reject(networkError());
      xhr.onabort = () => reject(new ApiError(0, "ABORTED", language === "vi" ? "Đã hủy" : "Cancelled"));
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(100);
          resolve(body as T);
          return;
        }
        if (xhr.status === 401) unauthorizedHandler?.();
        const error = (
          body as { error?: { code?: string; message?: string; fields?: FieldError[] } } | undefined
        )?.error;
        reject(
          new ApiError(
            xhr.status,
            error?.code ?? "HTTP_ERROR",
            error?.message ??
              (language === "vi" ? `Lỗi máy chủ (${xhr.status})` : `Server error (${xhr.status})`),
            error?.fields ?? [],
          ),
        );
      };
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  })();
  return { promise, abort: () => xhr.abort() };
}

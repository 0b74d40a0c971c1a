import { ApiError, refreshCsrfToken } from "../api/client.ts";

/** POST /api/public/feedback/attachments with the file in `file`; the verified contact when there is no session. */
export async function uploadAttachment(
  file: File,
  language: "vi" | "en",
  verificationId: string | null,
): Promise<{ id: string; fileName: string }> {
  const token = await refreshCsrfToken();
  const body = new FormData();
  body.append("file", file);
  const headers: Record<string, string> = { accept: "application/json", "accept-language": language };
  if (token) headers["x-csrf-token"] = token;
  if (verificationId) headers["x-contact-verification"] = verificationId;
  const response = await fetch("/api/public/feedback/attachments", { method: "POST", body, headers });
  const json = (await response.json().catch(() => ({}))) as {
    id?: string;
    fileName?: string;
    error?: { code: string; message: string };
  };
  if (!response.ok || !json.id)
    throw new ApiError(
      response.status,
      json.error?.code ?? "UPLOAD_FAILED",
      json.error?.message ?? file.name,
    );
  return { id: json.id, fileName: json.fileName ?? file.name };
}

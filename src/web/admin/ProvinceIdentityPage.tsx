import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { useState } from "react";
import { refreshCsrfToken } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { imageUrl, PROVINCE_IDENTITY_KEY, useProvinceIdentity } from "../identity/provinceIdentity.tsx";

const TEXT = {
  vi: {
    title: "Nhận diện của tỉnh",
    lead: "Biểu trưng (logo) hiện ở đầu trang cổng và trên các mẫu in (giấy tiếp nhận, biên lai, phiếu); ảnh băng rôn hiện ở đầu trang cổng. Nhận ảnh PNG, JPEG hoặc SVG; logo tối đa 512 KB, băng rôn tối đa 2 MB.",
    logo: "Biểu trưng (logo)",
    banner: "Ảnh băng rôn",
    choose: "Chọn tệp ảnh",
    upload: "Tải lên",
    reset: "Bỏ ảnh đã tải lên",
    defaultLogo: "Đang dùng biểu trưng mặc định của tỉnh demo.",
    noBanner: "Chưa có ảnh băng rôn.",
    saved: "Đã lưu ảnh.",
    removed: "Đã bỏ ảnh đã tải lên.",
    failed: "Không lưu được ảnh",
    current: "Ảnh hiện tại",
  },
  en: {
    title: "Province identity",
    lead: "The logo appears in the portal's header and on printed forms (reception slip, receipts, notices); the banner in the portal's header. PNG, JPEG or SVG images; logo at most 512 KB, banner at most 2 MB.",
    logo: "Logo",
    banner: "Banner",
    choose: "Choose an image file",
    upload: "Upload",
    reset: "Remove the uploaded image",
    defaultLogo: "The demo province's default logo is in use.",
    noBanner: "No banner yet.",
    saved: "Image saved.",
    removed: "Uploaded image removed.",
    failed: "The image was not saved",
    current: "Current image",
  },
} as const;

type Kind = "logo" | "banner";

async function send(method: "PUT" | "DELETE", kind: Kind, lang: string, file?: File): Promise<void> {
  const token = await refreshCsrfToken();
  const headers: Record<string, string> = { accept: "application/json", "accept-language": lang };
  if (token) headers["x-csrf-token"] = token;
  let body: FormData | undefined;
  if (file) {
    body = new FormData();
    body.append("file", file, file.name);
  }
  const response = await fetch(`/api/admin/province-identity/${kind}`, {
    method,
    credentials: "same-origin",
    headers,
    body,
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => undefined)) as
      | { error?: { message?: string } }
      | undefined;
    throw new Error(error?.error?.message ?? `HTTP ${response.status}`);
  }
}

/**
 * The province's identity (issue #19): the system administrator uploads the logo and the banner (checked by content
 * and size on the server, stored in the file store) or goes back to the default.
 */
export function ProvinceIdentityPage() {
  const { lang } = useI18n();
  const text = TEXT[lang === "en" ? "en" : "vi"];
  usePageTitle(text.title);
  const query = useProvinceIdentity();
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <h1>{text.title}</h1>
      <p>{text.lead}</p>
      {(["logo", "banner"] as const).map((kind) => (
        <ImageSlot key={kind} kind={kind} text={text} lang={lang} />
      ))}
    </>
  );
}

function ImageSlot({ kind, text, lang }: { kind: Kind; text: (typeof TEXT)["vi" | "en"]; lang: string }) {
  const queryClient = useQueryClient();
  const { data } = useProvinceIdentity();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ type: "success" | "error"; text: string } | null>(null);
  const image = kind === "logo" ? data?.logo : data?.banner;
  const inputId = `province-${kind}-file`;
  const run = async (method: "PUT" | "DELETE") => {
    setBusy(true);
    setMessage(null);
    try {
      await send(method, kind, lang, method === "PUT" ? (file ?? undefined) : undefined);
      setMessage({ type: "success", text: method === "PUT" ? text.saved : text.removed });
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: PROVINCE_IDENTITY_KEY });
    } catch (error) {
      setMessage({ type: "error", text: `${text.failed}: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby={`province-${kind}`}>
      <h2 id={`province-${kind}`}>{text[kind]}</h2>
      {image ? (
        <figure className="province-image">
          <img src={imageUrl(image)} alt={`${text.current}: ${text[kind]}`} />
          {!image.custom ? <figcaption className="muted">{text.defaultLogo}</figcaption> : null}
        </figure>
      ) : (
        <p className="muted">{text.noBanner}</p>
      )}
      <p>
        <label htmlFor={inputId}>{text.choose}</label>{" "}
        <input
          id={inputId}
          type="file"
          accept="image/png,image/jpeg,image/svg+xml"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </p>
      <div className="actions">
        <Button type="primary" disabled={!file || busy} onClick={() => void run("PUT")}>
          {text.upload}
        </Button>
        {image?.custom ? (
          <Button disabled={busy} onClick={() => void run("DELETE")}>
            {text.reset}
          </Button>
        ) : null}
      </div>
      {message ? <Alert role="status" type={message.type} message={message.text} showIcon /> : null}
    </section>
  );
}

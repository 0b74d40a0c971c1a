import { useI18n } from "../i18n/i18n.tsx";

/**
 * The dossier's QR code (R-CODE-6) and the lookup address it carries (R-LOOK-1). The image comes from the server
 * (GET /api/public/lookup/:code/qr.svg), the same one the reception slip prints. With the slip's `token` (the
 * applicant's own pages only), the image and the address carry it, as the paper's QR does.
 */
export function QrLink({
  code,
  url,
  token,
}: {
  code: string;
  url: string;
  token?: string | null | undefined;
}) {
  const { t } = useI18n();
  const withToken = (address: string) => (token ? `${address}?t=${encodeURIComponent(token)}` : address);
  const shownUrl = token && !url.includes("?") ? withToken(url) : url;
  let path = shownUrl;
  try {
    const parsed = new URL(shownUrl);
    // Same site: open it inside the app, whatever PUBLIC_URL says the host is.
    if (parsed.pathname.startsWith("/tra-cuu/")) path = `${parsed.pathname}${parsed.search}`;
  } catch {
    path = shownUrl;
  }
  return (
    <div>
      <img
        src={withToken(`/api/public/lookup/${encodeURIComponent(code)}/qr.svg`)}
        alt={t("receipt.qrAlt", { code })}
        width={160}
        height={160}
        style={{ display: "block", marginBottom: 8 }}
      />
      <p className="muted" style={{ marginBottom: 4 }}>
        {t("receipt.qrCaption")}
      </p>
      <p className="break" style={{ margin: 0 }}>
        <a href={path}>{shownUrl}</a>
      </p>
    </div>
  );
}

import { useI18n } from "../i18n/i18n.tsx";

/**
 * The dossier's QR code (R-CODE-6) and the lookup address it carries (R-LOOK-1). The image comes from the server
 * (GET /api/public/lookup/:code/qr.svg), the same one the reception slip prints.
 */
export function QrLink({ code, url }: { code: string; url: string }) {
  const { t } = useI18n();
  let path = url;
  try {
    const parsed = new URL(url);
    // Same site: open it inside the app, whatever PUBLIC_URL says the host is.
    if (parsed.pathname.startsWith("/tra-cuu/")) path = parsed.pathname;
  } catch {
    path = url;
  }
  return (
    <div>
      <img
        src={`/api/public/lookup/${encodeURIComponent(code)}/qr.svg`}
        alt={t("receipt.qrAlt", { code })}
        width={160}
        height={160}
        style={{ display: "block", marginBottom: 8 }}
      />
      <p className="muted" style={{ marginBottom: 4 }}>
        {t("receipt.qrCaption")}
      </p>
      <p className="break" style={{ margin: 0 }}>
        <a href={path}>{url}</a>
      </p>
    </div>
  );
}

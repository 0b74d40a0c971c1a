import { useI18n } from "../i18n/i18n.tsx";

/**
 * The dossier's lookup address, which its QR code carries (R-LOOK-2). No QR image is drawn in the browser yet
 * (the `qrcode` package is not installed): the address is shown as text and as a link.
 */
export function QrLink({ url }: { url: string }) {
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
      <p className="muted" style={{ marginBottom: 4 }}>
        {t("receipt.qrMissing")}
      </p>
      <p className="break" style={{ margin: 0 }}>
        <a href={path}>{url}</a>
      </p>
    </div>
  );
}

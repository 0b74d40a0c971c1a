import type { Kysely } from "kysely";
import QRCode from "qrcode";
import type { PaymentRequestItem } from "../../db/paymentTables.ts";
import type { Database } from "../../db/schema.ts";
import { amountInWords } from "../../domain/fees/amountInWords.ts";
import { receiptNumberText } from "../../domain/fees/paymentChecks.ts";
import { NotFoundError } from "../errors.ts";
import { placeOf } from "../forms/formData.ts";
import { FormDocument, formTime, type HeadingLogo } from "../forms/pdf/formDocument.ts";

export interface ReceiptView {
  id: string;
  series: string;
  number: string;
  kind: "payment" | "refund" | "replacement";
  agencyName: string;
  agencyCode: string;
  dossierId: string;
  dossierCode: string;
  payerName: string;
  items: PaymentRequestItem[];
  amount: number;
  amountInWords: string;
  method: string | null;
  issuedAt: Date;
  verificationCode: string;
  cancelled: boolean;
  replacesId: string | null;
}

export const RECEIPT_VERIFY_PATH = "/xac-minh-bien-lai";

export function receiptNotFound(): NotFoundError {
  return new NotFoundError({ vi: "Không tìm thấy biên lai", en: "No such receipt" });
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom("receipts")
    .innerJoin("agencies", "agencies.id", "receipts.agency_id")
    .innerJoin("dossiers", "dossiers.id", "receipts.dossier_id")
    .leftJoin("payment_transactions", "payment_transactions.id", "receipts.transaction_row_id")
    .select([
      "receipts.id",
      "receipts.series",
      "receipts.number",
      "receipts.kind",
      "agencies.name as agency_name",
      "agencies.code as agency_code",
      "receipts.dossier_id",
      "dossiers.code as dossier_code",
      "receipts.payer_name",
      "receipts.items",
      "receipts.amount",
      "payment_transactions.method",
      "receipts.issued_at",
      "receipts.verification_code",
      "receipts.cancelled_at",
      "receipts.replaces_receipt_id",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function toView(row: Row): ReceiptView {
  const amount = Number(row.amount);
  return {
    id: row.id,
    series: row.series,
    number: receiptNumberText(row.number),
    kind: row.kind,
    agencyName: row.agency_name,
    agencyCode: row.agency_code,
    dossierId: row.dossier_id,
    dossierCode: row.dossier_code,
    payerName: row.payer_name,
    items: (typeof row.items === "string" ? JSON.parse(row.items) : row.items) as PaymentRequestItem[],
    amount,
    amountInWords: amountInWords(Math.abs(amount)),
    method: row.method ?? null,
    issuedAt: row.issued_at,
    verificationCode: row.verification_code,
    cancelled: row.cancelled_at !== null,
    replacesId: row.replaces_receipt_id,
  };
}

export async function listDossierReceipts(db: Kysely<Database>, dossierId: string): Promise<ReceiptView[]> {
  const rows = await baseQuery(db)
    .where("receipts.dossier_id", "=", dossierId)
    .orderBy("receipts.issued_at")
    .execute();
  return rows.map(toView);
}

export async function findReceipt(db: Kysely<Database>, id: string): Promise<ReceiptView | undefined> {
  const row = await baseQuery(db).where("receipts.id", "=", id).executeTakeFirst();
  return row ? toView(row) : undefined;
}

export async function findReceiptByCode(
  db: Kysely<Database>,
  code: string,
): Promise<ReceiptView | undefined> {
  const row = await baseQuery(db).where("receipts.verification_code", "=", code).executeTakeFirst();
  return row ? toView(row) : undefined;
}

export const receiptVerifyUrl = (publicUrl: string, code: string) =>
  `${publicUrl.replace(/\/+$/, "")}${RECEIPT_VERIFY_PATH}/${encodeURIComponent(code)}`;

const METHOD_LABEL: Record<string, string> = {
  onlineNational: "Trực tuyến qua Nền tảng thanh toán Cổng DVCQG",
  onlineProvincial: "Trực tuyến qua cổng thanh toán của tỉnh",
  cash: "Tiền mặt tại Bộ phận Một cửa",
  card: "Thẻ tại Bộ phận Một cửa",
};

/**
 * The e-receipt as PDF (biên lai điện tử, R-FEE-3): the agency, series and number, the payer, each item, the amount in
 * figures and in words, the payment method and a QR code of the public verification address. Dated at issue, so the
 * same receipt always gives the same bytes.
 */
export async function renderReceiptPdf(
  receipt: ReceiptView,
  publicUrl: string,
  logo: HeadingLogo | null = null,
): Promise<Uint8Array> {
  const url = receiptVerifyUrl(publicUrl, receipt.verificationCode);
  const qr = await QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 5 });
  const title =
    receipt.kind === "refund"
      ? "BIÊN LAI ĐIỀU CHỈNH (HOÀN TRẢ PHÍ, LỆ PHÍ)"
      : "BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ";
  const doc = new FormDocument({
    title: `Biên lai ${receipt.series}-${receipt.number}`,
    subject: "R-FEE-3",
    createdAt: receipt.issuedAt,
  })
    .heading(
      { parent: null, unit: receipt.agencyName, number: `${receipt.series}-${receipt.number}`, logo },
      placeOf(receipt.agencyName),
      receipt.issuedAt,
    )
    .title(title, `Ký hiệu: ${receipt.series} — Số: ${receipt.number}`)
    .field("Đơn vị thu", `${receipt.agencyName} (${receipt.agencyCode})`)
    .field("Người nộp", receipt.payerName)
    .field("Mã hồ sơ", receipt.dossierCode)
    .field("Hình thức thanh toán", receipt.method ? (METHOD_LABEL[receipt.method] ?? receipt.method) : "—")
    .field("Thời điểm lập", formTime(receipt.issuedAt));
  if (receipt.cancelled) doc.paragraph("Biên lai này đã bị hủy và được thay thế bằng biên lai khác.", "bold");
  return doc
    .table(
      [
        { header: "STT", width: 1, align: "center" },
        { header: "Khoản thu", width: 6 },
        { header: "Số tiền (đồng)", width: 3, align: "right" },
      ],
      [
        ...receipt.items.map((item, index) => [
          String(index + 1),
          item.name,
          item.amount.toLocaleString("vi-VN"),
        ]),
        ["", "Tổng cộng", receipt.amount.toLocaleString("vi-VN")],
      ],
    )
    .field(
      "Số tiền bằng chữ",
      receipt.amount < 0 ? `Hoàn trả ${receipt.amountInWords.toLowerCase()}` : receipt.amountInWords,
    )
    .imageBlock(new Uint8Array(qr), 120, [
      "Quét mã QR hoặc truy cập địa chỉ dưới đây để kiểm tra biên lai:",
      url,
      `Mã tra cứu: ${receipt.verificationCode}`,
    ])
    .finish();
}

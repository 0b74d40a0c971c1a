import QRCode from "qrcode";
import { VERIFY_PATH, verifyUrlOf } from "../../domain/results/verifyUrl.ts";
import { placeOf } from "../forms/formData.ts";
import { FormDocument, formTime } from "../forms/pdf/formDocument.ts";
import type { DossierResultEntry } from "./dossierResults.ts";

export interface VerificationSlipInput {
  result: DossierResultEntry;
  publicUrl: string;
}

/**
 * Phiếu xác thực kết quả điện tử: one page to print or keep beside a result (R-RES-1, R-RES-5): the verification code,
 * the public facts, the file's SHA-256 and the QR code holding the verify address with the signed token. Dated at the
 * issue time, so the same result always gives the same bytes.
 */
export async function renderVerificationSlip(input: VerificationSlipInput): Promise<Uint8Array> {
  const { result } = input;
  const url = verifyUrlOf(input.publicUrl, result.code, result.token);
  // The token makes the address long: a larger symbol with margin so a phone reads it from paper.
  const qrPng = await QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 6 });
  const page = `${input.publicUrl.replace(/\/+$/, "")}${VERIFY_PATH}`;
  return new FormDocument({
    title: `Phiếu xác thực kết quả ${result.code}`,
    subject: "R-RES-1",
    createdAt: result.issuedAt,
  })
    .heading(
      { parent: null, unit: result.agencyName, number: "…" },
      placeOf(result.agencyName),
      result.issuedAt,
    )
    .title("PHIẾU XÁC THỰC KẾT QUẢ ĐIỆN TỬ", `Mã xác thực: ${result.code}`)
    .field("Cơ quan ban hành", result.agencyName)
    .field("Mã hồ sơ", result.dossierCode)
    .field("Thủ tục", result.procedureName)
    .field("Người nhận kết quả", result.holder)
    .field("Thời điểm ban hành", formTime(result.issuedAt))
    .field("Tệp kết quả", result.fileName)
    .field("Mã băm SHA-256 của tệp", result.fileSha256)
    .imageBlock(new Uint8Array(qrPng), 150, [
      "Quét mã QR để xác thực kết quả: con dấu điện tử của hệ thống trong mã (không phải chữ ký số của cán bộ) được kiểm tra bằng khóa công khai của tỉnh, kể cả khi không có mạng.",
      `Hoặc truy cập ${page} và nhập mã xác thực ${result.code}.`,
      `Khóa công khai: ${input.publicUrl.replace(/\/+$/, "")}/.well-known/jwks.json`,
    ])
    .finish();
}

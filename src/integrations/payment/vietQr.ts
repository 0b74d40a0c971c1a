/**
 * The VietQR payload (NAPAS, EMVCo merchant-presented QR) of a bank transfer: the receiving bank and account, the
 * amount in đồng and the transfer note carrying the payment request, with its CRC. Banking apps read it to pre-fill
 * the transfer (R-FEE-6: "or shows a VietQR code").
 */
export interface VietQrInput {
  /** The receiving bank's 6-digit BIN (e.g. 970415). */
  bankBin: string;
  accountNumber: string;
  amount: number;
  /** The transfer note (at most 25 characters kept). */
  note: string;
}

const tlv = (id: string, value: string) => `${id}${String(value.length).padStart(2, "0")}${value}`;

/** CRC-16/CCITT-FALSE, as EMVCo requires for tag 63. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

export function vietQrPayload(input: VietQrInput): string {
  const note = input.note
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9 ]/g, "")
    .slice(0, 25);
  const account =
    tlv("00", "A000000727") +
    tlv("01", tlv("00", input.bankBin) + tlv("01", input.accountNumber)) +
    tlv("02", "QRIBFTTA");
  const body =
    tlv("00", "01") +
    tlv("01", "12") +
    tlv("38", account) +
    tlv("53", "704") +
    tlv("54", String(input.amount)) +
    tlv("58", "VN") +
    tlv("62", tlv("08", note));
  const withCrcTag = `${body}6304`;
  return withCrcTag + crc16(withCrcTag);
}

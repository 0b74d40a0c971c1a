import { Ajv, type ErrorObject } from "ajv";
import { capNhatTienDoSchema, dongBoHoSoSchema, envelopeSchema } from "./packetSchema.ts";

/** One thing wrong with a packet: where, and what DVCQG says about it (in Vietnamese, as the portal answers). */
export interface PacketError {
  field: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const checkEnvelope = ajv.compile(envelopeSchema);
const checkDongBo = ajv.compile(dongBoHoSoSchema);
const checkTienDo = ajv.compile(capNhatTienDoSchema);

const DATE_FIELDS = new Set([
  "NgayTiepNhan",
  "NgayHenTra",
  "NgayTra",
  "NgayKetThucXuLy",
  "NgayTuChoi",
  "NgayNopHoSo",
  "NgayBoSung",
  "NgayTiepNhanBoSung",
  "NgayHenTraTruoc",
  "NgayHenTraMoi",
  "ThoiDiemXuLy",
  "NgayBatDau",
  "NgayKetThucTheoQuyDinh",
]);

function explain(error: ErrorObject, prefix: string): PacketError {
  const field = `${prefix}${error.instancePath.replaceAll("/", ".").replace(/^\./, prefix ? "." : "")}`;
  switch (error.keyword) {
    case "required":
      return {
        field: `${field}${field ? "." : ""}${error.params.missingProperty}`,
        message: "Thiếu trường bắt buộc",
      };
    case "additionalProperties":
      return {
        field: `${field}${field ? "." : ""}${error.params.additionalProperty}`,
        message: "Trường không có trong đặc tả",
      };
    case "enum":
      return {
        field,
        message: `Giá trị không hợp lệ; cho phép: ${(error.params.allowedValues as string[]).join(", ")}`,
      };
    case "pattern":
      return {
        field,
        message: DATE_FIELDS.has(field.split(".").at(-1) ?? "")
          ? "Ngày giờ phải theo định dạng yyyyMMddHHmmss"
          : "Giá trị sai định dạng",
      };
    case "type":
      return { field, message: `Kiểu dữ liệu phải là ${error.params.type}` };
    case "minLength":
      return { field, message: "Không được để trống" };
    default:
      return { field, message: error.message ?? "Giá trị không hợp lệ" };
  }
}

/** `yyyyMMddHHmmss` of a real calendar instant (the pattern only checks the digits). */
export function isRealTimestamp(value: string): boolean {
  const [year, month, day, hour, minute, second] = [
    value.slice(0, 4),
    value.slice(4, 6),
    value.slice(6, 8),
    value.slice(8, 10),
    value.slice(10, 12),
    value.slice(12, 14),
  ].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkDates(value: unknown, path: string, errors: PacketError[]): void {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkDates(item, `${path}[${index}]`, errors);
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const [key, inner] of Object.entries(value)) {
    if (
      DATE_FIELDS.has(key) &&
      typeof inner === "string" &&
      /^[0-9]{14}$/.test(inner) &&
      !isRealTimestamp(inner)
    )
      errors.push({ field: `${path}.${key}`, message: "Ngày giờ không tồn tại" });
    else if (typeof inner === "object") checkDates(inner, `${path}.${key}`, errors);
  }
}

/** Facts the status implies (R-STATUS-1, R-SYNC-2): an accepted dossier has its acceptance and appointment dates… */
function checkConsistency(record: Record<string, unknown>, path: string, errors: PacketError[]): void {
  const status = Number(record.TrangThaiHoSo);
  const need = (field: string, why: string) => {
    if (record[field] === null) errors.push({ field: `${path}.${field}`, message: why });
  };
  if ([2, 4, 6, 9, 10].includes(status)) {
    need("NgayTiepNhan", "Hồ sơ đã tiếp nhận phải có ngày tiếp nhận");
    need("NgayHenTra", "Hồ sơ đã tiếp nhận phải có ngày hẹn trả");
  }
  if (status === 3) need("NgayTuChoi", "Hồ sơ không được tiếp nhận phải có ngày từ chối");
  if (status === 10) need("NgayTra", "Hồ sơ đã trả kết quả phải có ngày trả");
  if (status === 9 || status === 10)
    need("NgayKetThucXuLy", "Hồ sơ đã xử lý xong phải có ngày kết thúc xử lý");
  const submitted = record.NgayNopHoSo;
  const received = record.NgayTiepNhan;
  if (typeof submitted === "string" && typeof received === "string" && received < submitted)
    errors.push({ field: `${path}.NgayTiepNhan`, message: "Ngày tiếp nhận không được trước ngày nộp hồ sơ" });
}

/**
 * Every error of a packet at once (the portal rejects a packet with the list of what it found). An empty list means
 * the packet is accepted.
 */
export function validatePacket(body: unknown): PacketError[] {
  if (!checkEnvelope(body)) return (checkEnvelope.errors ?? []).map((error) => explain(error, ""));
  const packet = body as { service: string; data: unknown[] };
  const check = packet.service === "DongBoHoSoMC" ? checkDongBo : checkTienDo;
  const errors: PacketError[] = [];
  packet.data.forEach((item, index) => {
    const path = `data[${index}]`;
    if (!check(item)) {
      errors.push(...(check.errors ?? []).map((error) => explain(error, path)));
      return;
    }
    checkDates(item, path, errors);
    if (packet.service === "DongBoHoSoMC") checkConsistency(item as Record<string, unknown>, path, errors);
  });
  return errors;
}

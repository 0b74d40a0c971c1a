import type { SimulatorRouteModule } from "./context.ts";

/** R-STATUS-1 names, as the national portal shows them to citizens. */
export const STATUS_NAMES: Record<string, string> = {
  "1": "Mới đăng ký",
  "2": "Được tiếp nhận",
  "3": "Không được tiếp nhận",
  "4": "Đang xử lý",
  "5": "Yêu cầu bổ sung giấy tờ",
  "6": "Yêu cầu thực hiện nghĩa vụ tài chính",
  "7": "Công dân yêu cầu rút hồ sơ",
  "8": "Dừng xử lý",
  "9": "Đã xử lý xong",
  "10": "Đã trả kết quả",
};

/**
 * `GET /lookup/:maHoSo`: the dossier as a citizen looking it up on DVCQG sees it (public, no token): status, dates,
 * the processing agency, the progress entries and the result documents' names.
 */
export const lookupRoutes: SimulatorRouteModule = {
  name: "lookup",
  register(app, context) {
    app.get<{ Params: { maHoSo: string } }>("/lookup/:maHoSo", async (request, reply) => {
      const stored = context.sync.find(request.params.maHoSo);
      if (!stored)
        return reply
          .code(404)
          .send({ error: "NOT_FOUND", message: "Không tìm thấy hồ sơ trên Cổng Dịch vụ công quốc gia" });
      const record = stored.record as Record<string, unknown>;
      const status = String(record.TrangThaiHoSo);
      return {
        MaHoSo: stored.maHoSo,
        TenTTHC: record.TenTTHC,
        ChuHoSo: record.ChuHoSo,
        DonViXuLy: record.DonViXuLy,
        KenhThucHien: record.KenhThucHien,
        TrangThaiHoSo: status,
        TenTrangThaiHoSo: STATUS_NAMES[status] ?? status,
        NgayNopHoSo: record.NgayNopHoSo,
        NgayTiepNhan: record.NgayTiepNhan,
        NgayHenTra: record.NgayHenTra,
        NgayKetThucXuLy: record.NgayKetThucXuLy,
        NgayTra: record.NgayTra,
        NgayTuChoi: record.NgayTuChoi,
        DanhSachHoSoBoSung: record.DanhSachHoSoBoSung,
        KetQua: ((record.DanhSachGiayToKetQua as { TenGiayTo: string }[] | undefined) ?? []).map(
          (item) => item.TenGiayTo,
        ),
        TienDo: stored.progress.map((entry) => entry.record),
        sequence: stored.sequence,
        updatedAt: stored.updatedAt,
      };
    });
  },
};

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderDeclaration } from "../../../../src/services/forms/declaration/renderDeclaration.ts";
import { BIRTH_FORM } from "../../../support/birthForm.ts";
import { pdfInfo, pdfText } from "../pdfReading.ts";

/** Issue #19 (R-SUB-1): the filled declaration as the official paper form, in Tinos with every Vietnamese letter. */
const form = (code: string) =>
  JSON.parse(readFileSync(new URL(`../../../../data/forms/${code}.json`, import.meta.url), "utf8")) as Record<
    string,
    unknown
  >;
const context = {
  agencyName: "Ủy ban nhân dân phường Trung Tâm",
  place: "Phường Trung Tâm",
  at: new Date("2026-11-23T09:00:00+07:00"),
  procedure: { code: "1.001193", name: "Thủ tục đăng ký khai sinh" },
  submitterName: "Nguyễn Văn An",
  dossierCode: "000.20.01.H99-261123-0001",
};

// Rendering and parsing PDFs on two shared cores: minutes, not seconds, under load.
describe("the declaration rendered as the paper form (issue #19)", { timeout: 180_000 }, () => {
  it("birth registration: motto, title, addressee, every answer with its label, commitment, signature", async () => {
    const bytes = await renderDeclaration(form("1.001193"), BIRTH_FORM, context);
    const text = await pdfText(bytes);
    for (const expected of [
      "Mẫu Tờ khai đăng ký khai sinh ban hành kèm theo Thông tư số 04/2020/TT-BTP",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "TỜ KHAI ĐĂNG KÝ KHAI SINH",
      "Kính gửi: Ủy ban nhân dân phường Trung Tâm",
      "Người yêu cầu",
      "Số định danh cá nhân: 099090001234",
      "Quan hệ với người được khai sinh: Cha",
      "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây",
      "Họ, chữ đệm, tên: Nguyễn Minh Khang",
      "Ngày, tháng, năm sinh: 20/11/2026",
      "Giới tính: Nam",
      "Dân tộc: Kinh",
      "Quốc tịch: Việt Nam",
      "Nơi sinh: Bệnh viện Đa khoa tỉnh, Phường Trung Tâm, Tỉnh Demo",
      "Quê quán: Xã Hòa Bình, Tỉnh Demo",
      "Họ, chữ đệm, tên người mẹ: Trần Thị Bích Ngọc",
      "Ngày, tháng, năm sinh: 08/07/1992",
      "Họ, chữ đệm, tên người cha: Nguyễn Văn An",
      "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật",
      "Phường Trung Tâm, ngày 23 tháng 11 năm 2026",
      "NGƯỜI YÊU CẦU",
    ])
      expect(text).toContain(expected);
    // The account check box is the portal's, not the paper form's.
    expect(text).not.toContain("Tôi là người yêu cầu");
    const info = await pdfInfo(bytes);
    expect(info.width).toBeCloseTo(595.28, 1);
    expect(info.info.Title).toBe("TỜ KHAI ĐĂNG KÝ KHAI SINH 000.20.01.H99-261123-0001");
    expect(info.fontNames.every((name) => name.includes("Tinos"))).toBe(true);
  });

  it("the same data give the same bytes (the stored file and a later rendering agree)", async () => {
    const a = await renderDeclaration(form("1.001193"), BIRTH_FORM, context);
    const b = await renderDeclaration(form("1.001193"), BIRTH_FORM, context);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("a form with tables prints one numbered row per entry under the form's column titles", async () => {
    const data = {
      nguoiYeuCau: {
        laNguoiNop: true,
        hoTen: "Lê Thị Hồng Nhung",
        soDinhDanh: "099188001122",
        noiCuTru: "Thôn Đông, Xã Hòa Bình, Tỉnh Demo",
        gioiTinh: "Nữ",
        noiSinh: "Tỉnh Demo",
      },
      giaDinh: { hoTenCha: "Lê Văn Dũng", hoTenMe: "Phạm Thị Hoa" },
      quaTrinhCuTru: [
        {
          tuNgay: "2002-05-01",
          denNgay: "2010-08-31",
          noiCuTru: "Xã Hòa Bình, Tỉnh Demo",
          ngheNghiep: "Học sinh",
        },
        {
          tuNgay: "2010-09-01",
          noiCuTru: "Phường Trung Tâm, Tỉnh Demo",
          ngheNghiep: "Kế toán, Công ty Ánh Dương",
        },
      ],
      loaiPhieu: "Phiếu số 1",
      mucDich: "Bổ sung hồ sơ xin việc",
      soLuong: 2,
      camDoan: true,
    };
    const text = await pdfText(
      await renderDeclaration(form("3.000333"), data, {
        ...context,
        agencyName: "Công an tỉnh Demo",
        place: "Tỉnh Demo",
        procedure: { code: "3.000333", name: "Cấp Phiếu lý lịch tư pháp" },
      }),
    );
    expect(text).toContain("TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP");
    expect(text).toContain("STT Từ ngày Đến ngày Nơi cư trú Nghề nghiệp, nơi làm việc");
    expect(text).toContain("1 01/05/2002 31/08/2010 Xã Hòa Bình, Tỉnh Demo Học sinh");
    expect(text).toContain("2 01/09/2010");
    expect(text).toContain("Kế toán, Công ty Ánh Dương");
    expect(text).toContain("Số lượng Phiếu yêu cầu cấp: 2");
    expect(text).toContain("NGƯỜI KHAI");
    expect(text).toContain("Lê Thị Hồng Nhung");
  });

  it("an empty answer leaves the line to fill, as the paper form does", async () => {
    const { cha: _father, ...noFather } = BIRTH_FORM;
    const text = await pdfText(await renderDeclaration(form("1.001193"), noFather, context));
    expect(text).toContain("Họ, chữ đệm, tên người cha: ……………………");
  });
});

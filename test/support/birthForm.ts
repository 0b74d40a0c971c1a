/**
 * A filled birth-registration declaration (1.001193, TT 04/2020/TT-BTP) by the demo citizen Nguyễn Văn An
 * (099090001234), the child's father (issue #19): what the wizard submits once the e-form is the real declaration.
 */
export const BIRTH_FORM = {
  nguoiYeuCau: {
    laNguoiNop: true,
    hoTen: "Nguyễn Văn An",
    ngaySinh: "1990-03-15",
    soDinhDanh: "099090001234",
    noiCuTru: "Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
    quanHe: "Cha",
  },
  treEm: {
    hoTen: "Nguyễn Minh Khang",
    ngaySinh: "2026-11-20",
    gioiTinh: "Nam",
    danToc: "Kinh",
    quocTich: "Việt Nam",
    noiSinh: "Bệnh viện Đa khoa tỉnh, Phường Trung Tâm, Tỉnh Demo",
    queQuan: "Xã Hòa Bình, Tỉnh Demo",
  },
  me: {
    hoTen: "Trần Thị Bích Ngọc",
    ngaySinh: "1992-07-08",
    danToc: "Kinh",
    quocTich: "Việt Nam",
    noiCuTru: "Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
    soDinhDanh: "099192005678",
  },
  cha: {
    hoTen: "Nguyễn Văn An",
    ngaySinh: "1990-03-15",
    danToc: "Kinh",
    quocTich: "Việt Nam",
    noiCuTru: "Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
    soDinhDanh: "099090001234",
  },
  soBanSao: 1,
  camDoan: true,
};

/**
 * A filled death-registration declaration (1.000656, TT 04/2020/TT-BTP) by the demo citizen, the deceased's son: for
 * the inter-agency chain of death registration with removal of permanent residence (issue #19).
 */
export const DEATH_FORM = {
  nguoiYeuCau: {
    laNguoiNop: true,
    hoTen: "Nguyễn Văn An",
    soDinhDanh: "099090001234",
    noiCuTru: "Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
    quanHe: "Con",
  },
  nguoiChet: {
    hoTen: "Nguyễn Văn Bình",
    ngaySinh: "1940-05-01",
    gioiTinh: "Nam",
    quocTich: "Việt Nam",
    noiCuTruCuoiCung: "Số 12 đường Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
    ngayChet: "2026-11-20",
    noiChet: "Tại nhà, Phường Trung Tâm, Tỉnh Demo",
    nguyenNhanChet: "Bệnh già",
  },
  giayBaoTu: { coQuanCap: "Trạm y tế phường Trung Tâm", ngayCap: "2026-11-20" },
  camDoan: true,
};

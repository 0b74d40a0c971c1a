import type { SimulatedAccount, SimulatedDirectory } from "../vneid/simulator/identitySimulator.ts";

/**
 * The simulated province SSO's directory (development and tests only; invented people): the demo officers of
 * data/users.json under the same usernames and e-mail addresses, plus one official the SSO knows but OneStop does
 * not (refused: no account is created from the SSO, issue #14).
 */
const officers: readonly { username: string; name: string; email: string; post: string }[] = [
  {
    username: "motcua.trungtam",
    name: "Lê Thị Hồng",
    email: "hong.lt@trungtam.demo.gov.vn",
    post: "Một cửa, Phường Trung Tâm",
  },
  {
    username: "chuyenvien.trungtam",
    name: "Phạm Minh Tuấn",
    email: "tuan.pm@trungtam.demo.gov.vn",
    post: "Chuyên viên, Phường Trung Tâm",
  },
  {
    username: "truongphong.trungtam",
    name: "Hoàng Thị Lan",
    email: "lan.ht@trungtam.demo.gov.vn",
    post: "Trưởng phòng, Phường Trung Tâm",
  },
  {
    username: "lanhdao.trungtam",
    name: "Đỗ Quang Huy",
    email: "huy.dq@trungtam.demo.gov.vn",
    post: "Lãnh đạo, Phường Trung Tâm",
  },
  {
    username: "quantri.trungtam",
    name: "Vũ Thị Mai",
    email: "mai.vt@trungtam.demo.gov.vn",
    post: "Quản trị, Phường Trung Tâm",
  },
  {
    username: "giamsat.ttpvhcc",
    name: "Bùi Văn Khánh",
    email: "khanh.bv@ttpvhcc.demo.gov.vn",
    post: "Giám sát, Trung tâm Phục vụ hành chính công",
  },
  {
    username: "quantri.hethong",
    name: "Ngô Đức Thắng",
    email: "thang.nd@demo.gov.vn",
    post: "Quản trị hệ thống",
  },
  {
    username: "motcua.sotaichinh",
    name: "Trịnh Thu Hà",
    email: "ha.tt@stc.demo.gov.vn",
    post: "Một cửa, Sở Tài chính",
  },
  {
    username: "chuyenvien.ngoaidanhsach",
    name: "Mai Văn Tùng",
    email: "tung.mv@khac.demo.gov.vn",
    post: "Chưa có tài khoản OneStop",
  },
];

export const demoOfficerAccounts: readonly SimulatedAccount[] = officers.map((officer, index) => ({
  id: `sso-${String(index + 1).padStart(4, "0")}`,
  label: `${officer.name} (${officer.username})`,
  detail: officer.post,
  claims: {
    preferred_username: officer.username,
    name: officer.name,
    email: officer.email,
    email_verified: true,
  },
}));

export const provinceSsoDirectory: SimulatedDirectory = {
  title: "SSO tỉnh — Tài khoản một cửa (mô phỏng)",
  intro: "Trình mô phỏng dùng cho phát triển và kiểm thử. Chọn một cán bộ mẫu để đăng nhập vào",
  accounts: demoOfficerAccounts,
  scopeClaims: { profile: ["preferred_username", "name"], email: ["email", "email_verified"] },
};

import type { DemoIdentity } from "./demoIdentities.ts";
import type { SimulatedDirectory } from "./identitySimulator.ts";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f3f5f9;color:#1f1f1f}
main{max-width:640px;margin:24px auto;padding:16px 24px;background:#fff;border-radius:8px}
h1{font-size:1.4rem;color:#a4161a}
.note{background:#fff7e6;border:1px solid #ffd591;padding:8px 12px;border-radius:6px}
ul{list-style:none;padding:0}
li{margin:8px 0}
button{width:100%;text-align:left;padding:12px;font-size:1rem;border:1px solid #8c8c8c;border-radius:6px;background:#fff;cursor:pointer;color:#1f1f1f}
button:hover,button:focus{border-color:#a4161a;outline:2px solid #a4161a}
.level{font-weight:600;color:#0b5394}
.cancel{margin-top:16px;text-align:center}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** The simulated VNeID's sign-in page: one button per demo person (tests press them by their ID number). */
export function loginPage(uid: string, people: readonly DemoIdentity[], clientName: string): string {
  const items = people
    .map((person) => {
      const org = person.organisation
        ? ` — đại diện ${escapeHtml(person.organisation.name)} (MST ${escapeHtml(person.organisation.taxCode)})`
        : "";
      return `<li><button type="submit" name="citizen_id" value="${escapeHtml(person.citizenId)}">
<strong>${escapeHtml(person.name)}</strong> · ${escapeHtml(person.citizenId)}${org}<br>
<span class="level">Tài khoản định danh điện tử mức độ ${person.level}</span></button></li>`;
    })
    .join("\n");
  return page(
    "VNeID (mô phỏng) — Đăng nhập",
    `<h1>VNeID — Định danh và xác thực điện tử (mô phỏng)</h1>
<p class="note">Trình mô phỏng dùng cho phát triển và kiểm thử. Chọn một công dân mẫu để đăng nhập vào <strong>${escapeHtml(clientName)}</strong>.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<ul>${items}</ul>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort" class="cancel"><button type="submit" style="text-align:center">Hủy đăng nhập</button></form>`,
  );
}

/** Another directory's sign-in page (the province's SSO): one button per account (tests press them by name). */
export function directoryLoginPage(uid: string, directory: SimulatedDirectory, clientName: string): string {
  const items = directory.accounts
    .map(
      (account) => `<li><button type="submit" name="account" value="${escapeHtml(account.id)}">
<strong>${escapeHtml(account.label)}</strong><br><span class="level">${escapeHtml(account.detail)}</span></button></li>`,
    )
    .join("\n");
  return page(
    `${directory.title} — Đăng nhập`,
    `<h1>${escapeHtml(directory.title)}</h1>
<p class="note">${escapeHtml(directory.intro)} <strong>${escapeHtml(clientName)}</strong>.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<ul>${items}</ul>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort" class="cancel"><button type="submit" style="text-align:center">Hủy đăng nhập</button></form>`,
  );
}

/** RP-initiated logout: the provider's own form, submitted at once (the user asked OneStop to log out). */
export function logoutPage(form: string): string {
  return page(
    "VNeID (mô phỏng) — Đăng xuất",
    `<h1>Đăng xuất khỏi VNeID (mô phỏng)</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" id="logout-yes">Đăng xuất</button>
<script src="/__simulator/logout.js"></script>`,
  );
}

export function loggedOutPage(): string {
  return page("VNeID (mô phỏng) — Đã đăng xuất", "<h1>Bạn đã đăng xuất khỏi VNeID (mô phỏng)</h1>");
}

/** Presses the logout page's button (a file: the provider's content security policy forbids inline scripts). */
export const logoutScript = 'document.getElementById("logout-yes").click();\n';

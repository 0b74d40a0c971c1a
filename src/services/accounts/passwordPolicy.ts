import type { FieldError } from "../validation/messages.ts";

export const minimumPasswordLength = 12;

/**
 * The password rule of every local account: at least 12 characters with letters and digits, and not the username
 * (issue #4 §1). Returns the broken rules as messages on `field`, none when the password is acceptable.
 */
export function checkPasswordPolicy(password: string, username: string, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if ([...password].length < minimumPasswordLength)
    errors.push({
      field,
      message: {
        vi: `Mật khẩu phải có ít nhất ${minimumPasswordLength} ký tự`,
        en: `The password must have at least ${minimumPasswordLength} characters`,
      },
    });
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password))
    errors.push({
      field,
      message: {
        vi: "Mật khẩu phải có cả chữ cái và chữ số",
        en: "The password must contain both letters and digits",
      },
    });
  if (password.trim().toLowerCase() === username.trim().toLowerCase())
    errors.push({
      field,
      message: {
        vi: "Mật khẩu không được trùng với tên đăng nhập",
        en: "The password must not be the username",
      },
    });
  return errors;
}

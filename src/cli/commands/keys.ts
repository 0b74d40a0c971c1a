import type { Config } from "../../config.ts";
import { listSigningKeys, rotateSigningKey } from "../../services/results/signingKeys.ts";
import { openPreparedDatabase } from "../database.ts";

const instant = (at: Date | null) => (at ? at.toISOString() : "—");

/**
 * `onestop keys rotate`: a new key signs results from now on; the previous one is retired but stays published in
 * /.well-known/jwks.json, so results signed before still verify (R-RES-1, R-RES-2). Run it on a schedule, or at once
 * if a private key may have leaked (then also expire the old key).
 */
export async function keysRotate(config: Config, print: (line: string) => void): Promise<void> {
  const database = await openPreparedDatabase(config, () => {});
  try {
    const rotated = await rotateSigningKey(database.db, new Date());
    print(`Khóa ký mới: ${rotated.kid}`);
    print(
      rotated.retired
        ? `Khóa đã thôi ký (vẫn công bố để xác thực kết quả cũ): ${rotated.retired}`
        : "Chưa có khóa trước đó.",
    );
  } finally {
    await database.close();
  }
}

/** `onestop keys list`: every result signing key, newest first, without key material. */
export async function keysList(config: Config, print: (line: string) => void): Promise<void> {
  const database = await openPreparedDatabase(config, () => {});
  try {
    const keys = await listSigningKeys(database.db);
    if (keys.length === 0) {
      print("Chưa có khóa ký kết quả (khóa đầu tiên được tạo khi ban hành kết quả đầu tiên).");
      return;
    }
    for (const key of keys)
      print(
        [
          key.kid,
          key.algorithm,
          key.retiredAt ? "đã thôi ký" : "đang ký",
          `tạo ${instant(key.createdAt)}`,
          `thôi ký ${instant(key.retiredAt)}`,
          `hết công bố ${instant(key.expiresAt)}`,
        ].join("  "),
      );
  } finally {
    await database.close();
  }
}

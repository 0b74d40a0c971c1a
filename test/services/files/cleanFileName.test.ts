import { describe, expect, it } from "vitest";
import { cleanFileName } from "../../../src/services/files/storeUpload.ts";

describe("cleanFileName (issue #20: file names)", () => {
  it("strips bidirectional controls: a right-to-left override cannot disguise an .exe as a .pdf", () => {
    expect(cleanFileName("hoadon\u202efdp.exe")).toBe("hoadonfdp.exe");
    expect(cleanFileName("\u2066a\u2067b\u2068c\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d.pdf")).toBe(
      "abc.pdf",
    );
  });

  it("keeps Vietnamese letters, drops paths, control characters and quotes", () => {
    expect(cleanFileName('C:\\tài liệu\\Giấy khai sinh "bản sao"\u0007.pdf')).toBe(
      "Giấy khai sinh bản sao.pdf",
    );
    expect(cleanFileName("\u202e")).toBe("tep-dinh-kem");
  });
});

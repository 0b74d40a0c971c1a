import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseVerifyUrl, VERIFY_PATH, verifyUrlOf } from "../../../src/domain/results/verifyUrl.ts";

describe("the verify address a result's QR code holds", () => {
  it("puts the code in the path and the token in t, under the public address", () => {
    expect(verifyUrlOf("https://dvc.example.vn/", "7KQ2M-XW4PA-9HDT3", "a.b.c")).toBe(
      "https://dvc.example.vn/xac-minh/7KQ2M-XW4PA-9HDT3?t=a.b.c",
    );
    expect(VERIFY_PATH).toBe("/xac-minh");
  });

  it("reads the code and token back, also under a path prefix; without t the token is undefined", () => {
    expect(parseVerifyUrl("https://dvc.example.vn/portal/xac-minh/ABC?t=x.y.z#top")).toEqual({
      code: "ABC",
      token: "x.y.z",
    });
    expect(parseVerifyUrl("http://127.0.0.1:3000/xac-minh/ABC")).toEqual({ code: "ABC", token: undefined });
  });

  it("refuses other addresses and broken escapes", () => {
    expect(parseVerifyUrl("https://dvc.example.vn/tra-cuu/ABC")).toBeUndefined();
    expect(parseVerifyUrl("xac-minh/ABC")).toBeUndefined();
    expect(parseVerifyUrl("https://dvc.example.vn/xac-minh/%E0%A4")).toBeUndefined();
  });

  it("property: any code and token survive the round trip", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (code, token) => {
        expect(parseVerifyUrl(verifyUrlOf("https://dvc.example.vn", code, token))).toEqual({ code, token });
      }),
    );
  });
});

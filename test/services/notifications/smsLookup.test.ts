import { describe, expect, it } from "vitest";
import { parseLookupMessage, senderOf } from "../../../src/services/notifications/smsLookup.ts";

describe("reading an SMS lookup (R-LOOK-1)", () => {
  it.each([
    ["TRACUU 000.20.01.H99-261123-0001", "000.20.01.H99-261123-0001"],
    ["tracuu 000.20.01.h99-261123-0001", "000.20.01.H99-261123-0001"],
    ["Tra cứu 000.20.01.H99-261123-0001", "000.20.01.H99-261123-0001"],
    ["TRA CUU   000.20.01.H99-261123-0001 cảm ơn", "000.20.01.H99-261123-0001"],
    ["  Tracứu G22.100.01-261123-010001", "G22.100.01-261123-010001"],
  ])("%j → %s", (text, code) => {
    expect(parseLookupMessage(text, "TRACUU")).toEqual({ code });
  });

  it.each([["TRACUU"], ["xin chào"], [""], ["TRA 000.20.01.H99-261123-0001"], ["TRACUUX 1"]])(
    "%j is not a lookup",
    (text) => {
      expect(parseLookupMessage(text, "TRACUU")).toBeNull();
    },
  );

  it("the keyword is the configured one", () => {
    expect(parseLookupMessage("hồ sơ ABC-1", "HOSO")).toEqual({ code: "ABC-1" });
    expect(parseLookupMessage("TRACUU ABC-1", "HOSO")).toBeNull();
  });

  it("phone numbers in national form", () => {
    expect(senderOf("+84 912 345 678")).toBe("0912345678");
    expect(senderOf("84912345678")).toBe("0912345678");
    expect(senderOf("0912 345 678")).toBe("0912345678");
    // Not a Vietnamese number (a foreign sender): kept as its digits, still one quota key.
    expect(senderOf("+1 202 555 0100")).toBe("+12025550100");
  });
});

import { describe, expect, it } from "vitest";
import { bankName, errorMessage, formatAmount } from "../../../widget/messages.ts";
import { SPEC_BANK_TITLES, SPEC_OTHER_BANKS } from "./spec-banks.ts";

describe("bankName()", () => {
  it.each(Object.entries(SPEC_BANK_TITLES))(
    "names PortOne's code %s in Korean as the spec's title %s",
    (code, title) => {
      expect(bankName("ko", code)).toBe(title);
    },
  );

  it.each([
    ["SHINHAN", "Shinhan"],
    ["KOOKMIN", "Kookmin"],
    ["STANDARD_CHARTERED", "Standard Chartered"],
    ["SAVINGS_BANK", "Savings Bank"],
    ["IBK", "IBK"],
    ["KFCC", "KFCC"],
    ["K_BANK", "K Bank"],
    ["POST", "Korea Post"],
  ])("names %s in English as %s", (code, name) => {
    expect(bankName("en", code)).toBe(name);
  });

  it.each(SPEC_OTHER_BANKS)("shows %s, which it has no Korean name for, as words rather than the raw code", (code) => {
    expect(bankName("ko", code)).not.toBe(code);
    expect(bankName("ko", code)).not.toContain("_");
    expect(bankName("ko", code)).toBe(bankName("en", code));
  });
});

describe("formatAmount()", () => {
  it.each([
    ["en", 1999, "USD", "$19.99"],
    ["en", 39000, "KRW", "₩39,000"],
    ["ko", 39000, "KRW", "₩39,000"],
    ["en", 1500, "JPY", "¥1,500"],
    ["en", 1050, "EUR", "€10.50"],
  ] as const)("formats %s %i %s from minor units as %s", (locale, amount, currency, text) => {
    expect(formatAmount(locale, amount, currency)).toBe(text);
  });
});

describe("errorMessage()", () => {
  it("tells the shopper payment is not available on this site for ORIGIN_NOT_ALLOWED", () => {
    expect(errorMessage("ko", "ORIGIN_NOT_ALLOWED")).toBe("이 사이트에서는 결제할 수 없습니다.");
    expect(errorMessage("en", "ORIGIN_NOT_ALLOWED")).toBe("Payment is not available on this site.");
  });

  it("tells the shopper the product sold out for OUT_OF_STOCK, in Korean and English", () => {
    expect(errorMessage("ko", "OUT_OF_STOCK")).toBe("품절되었습니다.");
    expect(errorMessage("en", "OUT_OF_STOCK")).toBe("Sold out.");
  });

  it("calls SHIPPING_REQUIRED (a shipped product sold without form or shipping) a set-up error", () => {
    expect(errorMessage("en", "SHIPPING_REQUIRED")).toBe("This button is not set up correctly.");
  });

  it("falls back to a generic message for a code it does not know", () => {
    expect(errorMessage("en", "SOMETHING_NEW")).toBe("The payment was not processed.");
  });
});

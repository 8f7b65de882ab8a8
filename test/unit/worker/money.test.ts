import { describe, expect, it } from "vitest";
import { formatMoney } from "../../../worker/domain/money.ts";

describe("formatMoney", () => {
  it.each([
    [12_000, "KRW", "₩12,000"],
    [1_234_567_890, "KRW", "₩1,234,567,890"],
    [0, "KRW", "₩0"],
    [999, "KRW", "₩999"],
    [1999, "USD", "$19.99"],
    [5, "USD", "$0.05"],
    [100_000_00, "USD", "$100,000.00"],
    [500, "JPY", "¥500"],
    [1050, "EUR", "€10.50"],
    [-2500, "KRW", "-₩2,500"],
  ] as const)("formats %d %s as %s", (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it("agrees with Intl.NumberFormat in en-US for every currency it knows", () => {
    for (const [amount, currency, exponent] of [
      [987_654_321, "KRW", 0],
      [12_345_678, "USD", 2],
      [4321, "JPY", 0],
      [700_001, "EUR", 2],
    ] as const) {
      const intl = new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount / 10 ** exponent);
      expect(formatMoney(amount, currency)).toBe(intl);
    }
  });

  it("writes an unknown currency or a fractional amount as it is, never a guessed symbol", () => {
    expect(formatMoney(100, "GBP")).toBe("100 GBP");
    expect(formatMoney(1.5, "KRW")).toBe("1.5 KRW");
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { receiptOf, safeUrl } from "../../../widget/paid-receipt.ts";
import { listPending, putPending } from "../../../widget/redirect-result.ts";

const paid = {
  paymentId: "pay1",
  status: "PAID",
  orderName: "Black T-shirt (M)",
  totalAmount: 39000,
  currency: "KRW",
  items: [{ productId: "tshirt-black-m", quantity: 1, name: "Black T-shirt (M)", unitAmount: 39000 }],
  virtualAccount: { accountNumber: "56211234567890", remitteeName: "포트원상점" },
  paidAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  orderUrl: "https://pay.example/orders/pay1?t=abc",
} as const;

describe("receiptOf()", () => {
  it("keeps only what the receipt shows: paymentId, orderName, totalAmount, currency, orderUrl, paidAt", () => {
    expect(receiptOf(paid)).toEqual({
      paymentId: "pay1",
      orderName: "Black T-shirt (M)",
      totalAmount: 39000,
      currency: "KRW",
      orderUrl: "https://pay.example/orders/pay1?t=abc",
      paidAt: "2026-01-01T00:00:00.000Z",
    });
  });
});

describe("safeUrl()", () => {
  it.each([
    ["https://pay.example/orders/pay1?t=abc", "https://pay.example/orders/pay1?t=abc"],
    ["http://localhost:8787/orders/pay1?t=abc", "http://localhost:8787/orders/pay1?t=abc"],
    ["javascript:alert(1)", undefined],
    ["/orders/pay1", undefined],
    ["data:text/html,hi", undefined],
    [undefined, undefined],
  ])("answers %s with %s", (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });
});

describe("putPending() with a paid receipt", () => {
  afterEach(() => vi.unstubAllGlobals());

  function memoryStorage() {
    const items = new Map<string, string>();
    vi.stubGlobal("sessionStorage", {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => items.set(key, value),
    });
  }

  const day = 24 * 60 * 60 * 1000;
  const owner = { owner: "#tee", api: "https://pay.example" };

  it("replaces the payment's pending entry with its receipt, and drops it after a day", () => {
    memoryStorage();
    putPending({ paymentId: "pay1", ...owner, stage: "returned", at: 0 });
    putPending({ ...receiptOf(paid), ...owner, stage: "paid", at: 1000 });
    expect(listPending(2000)).toEqual([{ ...receiptOf(paid), ...owner, stage: "paid", at: 1000 }]);
    expect(listPending(1000 + day)).toEqual([]);
  });

  it("drops the element's receipt when it starts another payment, and keeps other elements' receipts", () => {
    memoryStorage();
    putPending({ ...receiptOf(paid), ...owner, stage: "paid", at: 0 });
    putPending({ ...receiptOf(paid), paymentId: "pay2", owner: "#hat", api: owner.api, stage: "paid", at: 0 });
    putPending({ paymentId: "pay3", ...owner, stage: "requested", at: 1 });
    expect(listPending(2).map((e) => [e.paymentId, e.stage])).toEqual([
      ["pay3", "requested"],
      ["pay2", "paid"],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import type { Order } from "../../../worker/domain/order.ts";
import { canMove } from "../../../worker/domain/order.ts";
import { applyVerdict, judge, type PaymentRecord } from "../../../worker/domain/settlement.ts";

const rules = { storeId: "store-a", allowTestPayments: false };

function order(overrides: Partial<Order> = {}): Order {
  return {
    paymentId: "pay1",
    status: "PENDING",
    storeId: "store-a",
    channelKey: "ck",
    payMethod: "CARD",
    lines: [{ productId: "mug", name: "Mug", quantity: 1, unitAmount: 12000 }],
    orderName: "Mug",
    totalAmount: 12000,
    currency: "KRW",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

function paid(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    status: "PAID",
    rawStatus: "PAID",
    storeId: "store-a",
    currency: "KRW",
    amountTotal: 12000,
    channelType: "LIVE",
    paidAt: "2026-01-01T00:01:00.000Z",
    ...overrides,
  };
}

describe("judge", () => {
  it.each([
    ["a tampered amount", { amountTotal: 100 }, "AMOUNT_MISMATCH"],
    ["an amount one won too high", { amountTotal: 12001 }, "AMOUNT_MISMATCH"],
    ["a missing amount", { amountTotal: null }, "AMOUNT_MISMATCH"],
    ["another currency", { currency: "USD" }, "CURRENCY_MISMATCH"],
    ["another store", { storeId: "store-b" }, "STORE_MISMATCH"],
    ["a missing store", { storeId: null }, "STORE_MISMATCH"],
    ["a TEST channel in production", { channelType: "TEST" }, "TEST_CHANNEL_REFUSED"],
    ["no channel at all", { channelType: null }, "TEST_CHANNEL_REFUSED"],
    [
      "a tampered virtual account",
      { status: "VIRTUAL_ACCOUNT_ISSUED", rawStatus: "VIRTUAL_ACCOUNT_ISSUED", amountTotal: 1 },
      "AMOUNT_MISMATCH",
    ],
    [
      "a tampered pending approval",
      { status: "PAY_PENDING", rawStatus: "PAY_PENDING", amountTotal: 1 },
      "AMOUNT_MISMATCH",
    ],
    [
      "a partially cancelled payment of another amount",
      { status: "PARTIAL_CANCELLED", rawStatus: "PARTIAL_CANCELLED", amountTotal: 500 },
      "AMOUNT_MISMATCH",
    ],
  ] as const)("rejects %s with %s", (_, payment, code) => {
    const verdict = judge(order(), paid(payment as Partial<PaymentRecord>), rules);
    expect(verdict).toMatchObject({ kind: "reject", code });
  });

  it("judges a tampered payment REJECTED even after its refund made it CANCELLED, so racing settlements agree", () => {
    const refunded = paid({
      status: "CANCELLED",
      rawStatus: "CANCELLED",
      amountTotal: 100,
      cancelReason: "Refused by the checkout",
    });
    expect(judge(order(), refunded, rules)).toMatchObject({ kind: "reject", code: "AMOUNT_MISMATCH" });
    expect(judge(order(), paid({ status: "CANCELLED", rawStatus: "CANCELLED" }), rules)).toMatchObject({
      kind: "settle",
      status: "CANCELLED",
    });
  });

  it("refunds a rejected virtual account by closing it, and a paid one by cancelling it", () => {
    expect(judge(order(), paid({ amountTotal: 1 }), rules)).toMatchObject({ refund: "CANCEL_PAYMENT" });
    expect(judge(order(), paid({ status: "VIRTUAL_ACCOUNT_ISSUED", amountTotal: 1 }), rules)).toMatchObject({
      refund: "CLOSE_VIRTUAL_ACCOUNT",
    });
  });

  it("accepts a TEST channel only when test payments are allowed", () => {
    expect(judge(order(), paid({ channelType: "TEST" }), { ...rules, allowTestPayments: true })).toMatchObject({
      kind: "settle",
      status: "PAID",
    });
  });

  it("compares amount.total, not amount.paid, so a card promotion still settles", () => {
    expect(judge(order(), paid(), rules)).toEqual({
      kind: "settle",
      status: "PAID",
      paidAt: "2026-01-01T00:01:00.000Z",
    });
  });

  it.each([
    ["READY", "PENDING"],
    ["PAY_PENDING", "PENDING"],
    ["FAILED", "FAILED"],
    ["CANCELLED", "CANCELLED"],
    ["PARTIAL_CANCELLED", "PAID"],
  ] as const)("maps PortOne %s to %s", (status, expected) => {
    expect(judge(order(), paid({ status, rawStatus: status }), rules)).toMatchObject({
      kind: "settle",
      status: expected,
    });
  });

  it("never treats an unrecognized status as paid", () => {
    const verdict = judge(order(), paid({ status: "UNRECOGNIZED", rawStatus: "PAID_BUT_NEW" }), rules);
    expect(verdict).toEqual({ kind: "unrecognized", rawStatus: "PAID_BUT_NEW" });
    expect(applyVerdict(order(), verdict, "now")).toEqual(order());
  });

  it("keeps PortOne's failure reason for the shopper", () => {
    const verdict = judge(
      order(),
      paid({ status: "FAILED", failure: { pgCode: "CARD_DECLINED", pgMessage: "한도 초과" } }),
      rules,
    );
    expect(verdict).toMatchObject({
      kind: "settle",
      status: "FAILED",
      failure: { code: "PAYMENT_FAILED", message: "한도 초과", pgCode: "CARD_DECLINED" },
    });
  });
});

describe("canMove", () => {
  it.each([
    ["PENDING", "PAID", true],
    ["PENDING", "AWAITING_DEPOSIT", true],
    ["AWAITING_DEPOSIT", "PAID", true],
    ["FAILED", "PAID", true],
    ["PAID", "CANCELLED", true],
    ["PAID", "PENDING", false],
    ["PAID", "AWAITING_DEPOSIT", false],
    ["PAID", "FAILED", false],
    ["PAID", "REJECTED", false],
    ["AWAITING_DEPOSIT", "PENDING", false],
    ["REJECTED", "PAID", false],
    ["CANCELLED", "PAID", false],
    ["PAID", "PAID", false],
  ] as const)("%s → %s is %s", (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });
});

describe("applyVerdict", () => {
  it.each([
    ["PENDING", "PAID", "PAID"],
    ["PENDING", "AWAITING_DEPOSIT", "AWAITING_DEPOSIT"],
    ["FAILED", "PAID", "PAID"],
    ["PAID", "CANCELLED", "CANCELLED"],
    ["PAID", "PENDING", "PAID"],
    ["AWAITING_DEPOSIT", "PENDING", "AWAITING_DEPOSIT"],
    ["CANCELLED", "PAID", "CANCELLED"],
  ] as const)("moves a %s order told %s to %s, stamped with the given time only if it moved", (from, to, expected) => {
    const next = applyVerdict(order({ status: from }), { kind: "settle", status: to }, "2026-03-01T00:00:00.000Z");
    expect(next.status).toBe(expected);
    expect(next.updatedAt).toBe(expected === from ? "2026-01-01T00:00:00.000Z" : "2026-03-01T00:00:00.000Z");
  });

  it("returns the same object when nothing moves, so nothing is written", () => {
    const current = order({ status: "PAID" });
    expect(applyVerdict(current, { kind: "settle", status: "PAID" }, "later")).toBe(current);
  });

  it.each([
    ["an account past its due time", "2026-02-28T00:00:00.000Z", "FAILED"],
    ["a new account still open", "2026-03-05T00:00:00.000Z", "AWAITING_DEPOSIT"],
  ])("moves an expired (FAILED) order back to waiting for a deposit only for %s", (_name, expiredAt, expected) => {
    const expired = order({ status: "FAILED", failure: { code: "ORDER_EXPIRED", message: "expired" } });
    const verdict = {
      kind: "settle" as const,
      status: "AWAITING_DEPOSIT" as const,
      virtualAccount: { bank: "SHINHAN", accountNumber: "1", expiredAt },
    };
    expect(applyVerdict(expired, verdict, "2026-03-01T00:00:00.000Z").status).toBe(expected);
  });

  it("never lets a rejected order become paid", () => {
    const rejected = order({ status: "REJECTED" });
    expect(applyVerdict(rejected, { kind: "settle", status: "PAID" }, "later").status).toBe("REJECTED");
  });

  it("records a rejection with a refund to make and drops the virtual account", () => {
    const next = applyVerdict(
      order({ status: "AWAITING_DEPOSIT", virtualAccount: { bank: "SHINHAN", accountNumber: "1" } }),
      { kind: "reject", code: "AMOUNT_MISMATCH", refund: "CLOSE_VIRTUAL_ACCOUNT", expected: "12000", actual: "1" },
      "later",
    );
    expect(next).toMatchObject({
      status: "REJECTED",
      failure: { code: "AMOUNT_MISMATCH" },
      refund: { method: "CLOSE_VIRTUAL_ACCOUNT", state: "REQUESTED" },
      updatedAt: "later",
    });
    expect(next.virtualAccount).toBeUndefined();
  });
});

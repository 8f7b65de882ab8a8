import type { Payment } from "@portone/server-sdk/payment";
import { describe, expect, it } from "vitest";
import type { VirtualAccount } from "../../../contract/index.ts";
import { toRecord } from "../../../worker/adapters/portone-gateway.ts";
import { toPublicOrder } from "../../../worker/domain/order.ts";
import { pendingOrder } from "./fakes.ts";

/** An SDK payment as PortOne's GET /payments/{paymentId} answers it, with a virtual account method. */
function issued(method: Record<string, unknown>): Payment {
  return {
    status: "VIRTUAL_ACCOUNT_ISSUED",
    id: "pay1",
    storeId: "store-a",
    currency: "KRW",
    amount: { total: 12000, paid: 0 },
    channel: { type: "LIVE" },
    method: { type: "PaymentMethodVirtualAccount", ...method },
  } as unknown as Payment;
}

describe("toRecord", () => {
  it("omits the bank, holder and due time PortOne left out, never sending null", () => {
    const record = toRecord(issued({ accountNumber: "110-123-456789" }));
    expect(record.virtualAccount).toEqual({ accountNumber: "110-123-456789" });
    expect(JSON.stringify(record)).not.toContain("null");
  });

  it("keeps every virtual-account field PortOne gave", () => {
    const full = { bank: "SHINHAN", accountNumber: "1", remitteeName: "포트원", expiredAt: "2026-03-05T00:00:00Z" };
    expect(toRecord(issued(full)).virtualAccount).toEqual(full);
  });

  it("reads a status PortOne adds later as UNRECOGNIZED, keeping the raw one", () => {
    const record = toRecord({ ...issued({ accountNumber: "1" }), status: "SOMETHING_NEW" } as unknown as Payment);
    expect(record).toMatchObject({ status: "UNRECOGNIZED", rawStatus: "SOMETHING_NEW" });
  });
});

describe("toPublicOrder", () => {
  it("answers a virtual account without bank, holder and due time with only its number", () => {
    const order = pendingOrder({
      status: "AWAITING_DEPOSIT",
      virtualAccount: toRecord(issued({ accountNumber: "1" })).virtualAccount,
    });
    expect(toPublicOrder(order).virtualAccount).toEqual({ accountNumber: "1" });
  });

  it("drops the nulls an order stored before the fix still holds", () => {
    const stored = { bank: null, accountNumber: "1", remitteeName: null, expiredAt: null } as unknown as VirtualAccount;
    expect(toPublicOrder(pendingOrder({ status: "AWAITING_DEPOSIT", virtualAccount: stored })).virtualAccount).toEqual({
      accountNumber: "1",
    });
  });

  it("shows no store internals", () => {
    const shown = toPublicOrder(pendingOrder());
    expect(Object.keys(shown).sort()).toEqual([
      "currency",
      "items",
      "orderName",
      "paymentId",
      "status",
      "totalAmount",
      "updatedAt",
    ]);
  });
});

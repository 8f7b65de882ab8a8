import { describe, expect, it } from "vitest";
import type { PaymentRecord } from "../../../worker/domain/settlement.ts";
import { completePayment } from "../../../worker/services/complete-payment.ts";
import { fakeDeps, pendingOrder } from "./fakes.ts";

describe("completePayment", () => {
  it.each<[string, Partial<PaymentRecord>, object]>([
    ["PAID", {}, { ok: true, value: { status: "PAID" } }],
    [
      "a virtual account issued",
      { status: "VIRTUAL_ACCOUNT_ISSUED", virtualAccount: { accountNumber: "1" } },
      { ok: true, value: { status: "AWAITING_DEPOSIT" } },
    ],
    ["READY", { status: "READY" }, { ok: true, value: { status: "PENDING" } }],
    [
      "FAILED",
      { status: "FAILED", failure: { pgMessage: "한도 초과" } },
      { ok: false, error: { code: "PAYMENT_FAILED", message: "한도 초과" } },
    ],
    [
      "CANCELLED",
      { status: "CANCELLED", cancelReason: "고객 요청" },
      { ok: false, error: { code: "PAYMENT_CANCELLED", message: "고객 요청" } },
    ],
    [
      "a tampered amount",
      { amountTotal: 1 },
      { ok: false, error: { code: "PAYMENT_REJECTED", rejection: "AMOUNT_MISMATCH" } },
    ],
  ])("answers PortOne's %s as %o, settled with cause BROWSER", async (_, payment, answer) => {
    const { deps, memory, portone, events } = fakeDeps();
    memory.orders.set("pay1", pendingOrder());
    portone.setPayment("pay1", { rawStatus: payment.status ?? "PAID", ...payment });
    expect(await completePayment(deps, { paymentId: "pay1" })).toMatchObject(answer);
    expect(events.every((e) => e.cause === "BROWSER")).toBe(true);
  });

  it("answers a REJECTED order that lost its reason as PAYMENT_REJECTED with no rejection code", async () => {
    const { deps, memory, portone } = fakeDeps();
    memory.orders.set("pay1", pendingOrder({ status: "REJECTED" }));
    portone.setPayment("pay1");
    expect(await completePayment(deps, { paymentId: "pay1" })).toEqual({
      ok: false,
      error: { code: "PAYMENT_REJECTED", rejection: null },
    });
  });
});

import { describe, expect, it } from "vitest";
import type { BackOffice, RefundRecord } from "../../../worker/services/back-office/ports.ts";
import { refundOrder } from "../../../worker/services/back-office/refund-order.ts";
import { fakeDeps, pendingOrder } from "./fakes.ts";

/** A paid `pay1` of ₩12,000, PortOne's record agreeing, and a back office that keeps refunds. */
function setup(record: Parameters<ReturnType<typeof fakeDeps>["portone"]["setPayment"]>[1] = {}) {
  const fakes = fakeDeps();
  fakes.memory.seed(pendingOrder({ status: "PAID" }));
  fakes.portone.setPayment("pay1", record);
  const recorded: RefundRecord[] = [];
  const resettled: string[] = [];
  const office = { recordRefund: async (r: RefundRecord) => void recorded.push(r) } as unknown as BackOffice;
  const deps = {
    ...fakes.deps,
    office,
    resettle: async (paymentId: string) => void resettled.push(paymentId),
  };
  const refund = (request: Parameters<typeof refundOrder>[2]) =>
    refundOrder(deps, "pay1", request, { idempotencyKey: "key-0123456789abcdef", requestedBy: "admin" });
  return { ...fakes, recorded, resettled, refund };
}

const cancels = <T extends { method: string }>(calls: T[]) => calls.filter((c) => c.method === "cancel");

describe("refundOrder", () => {
  it("sends PortOne the balance it read and the merchant's idempotency key, records the refund, then settles again", async () => {
    const { refund, portone, recorded, resettled } = setup({ amountCancelled: 2000 });
    const refunded = await refund({ amount: 4000, reason: "불량" });
    expect(refunded).toMatchObject({ ok: true, value: { amount: 4000, remaining: 6000, status: "SUCCEEDED" } });
    expect(cancels(portone.calls)[0]?.input).toMatchObject({
      paymentId: "pay1",
      amount: 4000,
      currentCancellableAmount: 10000,
      idempotencyKey: "key-0123456789abcdef",
    });
    expect(recorded).toEqual([expect.objectContaining({ amount: 4000, reason: "불량", requestedBy: "admin" })]);
    expect(resettled).toEqual(["pay1"]);
  });

  it("refuses more than PortOne's refundable balance with REFUND_EXCEEDS_BALANCE, before asking PortOne to cancel", async () => {
    const { refund, portone } = setup({ amountCancelled: 2000 });
    expect(await refund({ amount: 10001, reason: "x" })).toMatchObject({
      ok: false,
      error: { code: "REFUND_EXCEEDS_BALANCE", balance: 10000 },
    });
    expect(cancels(portone.calls)).toHaveLength(0);
  });

  it("refunds the whole balance when no amount is given", async () => {
    const { refund, portone } = setup({ amountCancelled: 2000 });
    await refund({ reason: "전액" });
    expect(cancels(portone.calls)[0]?.input).toMatchObject({ amount: 10000 });
  });

  it.each([["PENDING"], ["FAILED"], ["CANCELLED"], ["REJECTED"], ["AWAITING_DEPOSIT"]] as const)(
    "refuses an order that is %s with ORDER_NOT_REFUNDABLE and never calls PortOne",
    async (status) => {
      const fakes = setup();
      fakes.memory.seed(pendingOrder({ status }));
      expect(await fakes.refund({ reason: "x" })).toMatchObject({ ok: false, error: { code: "ORDER_NOT_REFUNDABLE" } });
      expect(fakes.portone.calls).toHaveLength(0);
    },
  );

  it("answers PAYMENT_CHANGED when PortOne no longer shows the payment as paid", async () => {
    const { refund, portone } = setup({ status: "CANCELLED", rawStatus: "CANCELLED" });
    expect(await refund({ reason: "x" })).toMatchObject({ ok: false, error: { code: "PAYMENT_CHANGED" } });
    expect(cancels(portone.calls)).toHaveLength(0);
  });

  it("answers PAYMENT_CHANGED when PortOne refuses because the balance moved meanwhile", async () => {
    const { refund, portone } = setup();
    portone.fail("cancel", { kind: "REFUSED", type: "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", detail: "" });
    expect(await refund({ amount: 1000, reason: "x" })).toMatchObject({
      ok: false,
      error: { code: "PAYMENT_CHANGED" },
    });
  });

  it("asks for a refund account for a virtual-account payment before calling PortOne", async () => {
    const { refund, portone } = setup({ isVirtualAccount: true });
    expect(await refund({ reason: "x" })).toMatchObject({ ok: false, error: { code: "REFUND_ACCOUNT_REQUIRED" } });
    expect(cancels(portone.calls)).toHaveLength(0);
  });

  it("reports PortOne being down as PORTONE and records nothing", async () => {
    const { refund, portone, recorded } = setup();
    portone.fail("cancel", { kind: "UNAVAILABLE", detail: "503" });
    expect(await refund({ reason: "x" })).toMatchObject({ ok: false, error: { code: "PORTONE" } });
    expect(recorded).toEqual([]);
  });
});

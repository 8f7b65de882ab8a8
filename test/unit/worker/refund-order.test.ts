import { describe, expect, it } from "vitest";
import type { BackOffice, RefundRecord } from "../../../worker/services/back-office/ports.ts";
import { refundOrder } from "../../../worker/services/back-office/refund-order.ts";
import { fakeDeps, pendingOrder } from "./fakes.ts";

/** A paid `pay1` of ₩12,000, PortOne's record agreeing, and a back office that keeps refunds. */
function setup(record: Parameters<ReturnType<typeof fakeDeps>["portone"]["setPayment"]>[1] = {}) {
  const fakes = fakeDeps();
  fakes.memory.seed(pendingOrder({ status: "PAID" }));
  fakes.portone.setPayment("pay1", record);
  // The ledger's refunds, keyed by (paymentId, idempotencyKey), as the D1 adapter keeps them.
  const rows = new Map<string, RefundRecord>();
  const resettled: string[] = [];
  const office = {
    async beginRefund(r: RefundRecord) {
      const key = `${r.paymentId}\n${r.idempotencyKey}`;
      const existing = rows.get(key);
      if (existing) return { existing };
      rows.set(key, { ...r, status: "REQUESTED" });
      return { existing: null };
    },
    async completeRefund(
      paymentId: string,
      idempotencyKey: string,
      outcome: { cancellationId: string; status: "SUCCEEDED" | "REQUESTED" },
    ) {
      const row = rows.get(`${paymentId}\n${idempotencyKey}`);
      if (row) Object.assign(row, outcome);
    },
    async abandonRefund(paymentId: string, idempotencyKey: string) {
      const key = `${paymentId}\n${idempotencyKey}`;
      if (!rows.get(key)?.cancellationId) rows.delete(key);
    },
  } as unknown as BackOffice;
  const recorded = {
    get length() {
      return [...rows.values()].length;
    },
    all: () => [...rows.values()],
  };
  const deps = {
    ...fakes.deps,
    office,
    resettle: async (paymentId: string) => void resettled.push(paymentId),
  };
  const refund = (request: Parameters<typeof refundOrder>[2], idempotencyKey = "key-0123456789abcdef") =>
    refundOrder(deps, "pay1", request, { idempotencyKey, requestedBy: "admin" });
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
      idempotencyKey: expect.stringMatching(/^refund-[0-9a-f]{64}$/),
    });
    expect(recorded.all()).toEqual([
      expect.objectContaining({
        amount: 4000,
        reason: "불량",
        requestedBy: "admin",
        status: "SUCCEEDED",
        cancellationId: expect.stringMatching(/^cancel-/),
      }),
    ]);
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

  it("answers REFUND_PENDING when PortOne does not answer the cancel, keeps the request, and the same key finishes it once", async () => {
    const { refund, portone, recorded } = setup();
    portone.fail("cancel", { kind: "UNAVAILABLE", detail: "timeout" });
    expect(await refund({ amount: 3000, reason: "x", expectedBalance: 12000 })).toMatchObject({
      ok: false,
      error: { code: "REFUND_PENDING" },
    });
    expect(recorded.all()).toEqual([expect.objectContaining({ status: "REQUESTED" })]);
    portone.recover("cancel");
    expect(await refund({ amount: 3000, reason: "x", expectedBalance: 12000 })).toMatchObject({
      ok: true,
      value: { amount: 3000 },
    });
    const keys = cancels(portone.calls).map((c) => (c.input as { idempotencyKey: string }).idempotencyKey);
    // Both attempts carry PortOne the same key, so PortOne refunds once.
    expect(new Set(keys).size).toBe(1);
  });

  it("finishes a request whose outcome is unknown only against the balance the merchant confirmed: PAYMENT_CHANGED without it", async () => {
    const { refund, portone } = setup();
    portone.fail("cancel", { kind: "UNAVAILABLE", detail: "timeout" });
    await refund({ amount: 3000, reason: "x" });
    portone.recover("cancel");
    expect(await refund({ amount: 3000, reason: "x" })).toMatchObject({
      ok: false,
      error: { code: "PAYMENT_CHANGED" },
    });
    expect(await refund({ amount: 3000, reason: "x", expectedBalance: 12000 })).toMatchObject({ ok: true });
  });

  it("answers a replayed key with the first refund's outcome without asking PortOne again, however late", async () => {
    const { refund, portone } = setup();
    const first = await refund({ amount: 5000, reason: "부분" });
    expect(first).toMatchObject({ ok: true, value: { amount: 5000 } });
    // PortOne forgot the key long ago; the ledger has not.
    const again = await refund({ amount: 5000, reason: "부분" });
    expect(again).toMatchObject({
      ok: true,
      value: { amount: 5000, cancellationId: (first as { value: { cancellationId: string } }).value.cancellationId },
    });
    expect(cancels(portone.calls)).toHaveLength(1);
  });

  it("refuses a second submission with a new key once the balance the merchant confirmed has changed: PAYMENT_CHANGED", async () => {
    const { refund, portone } = setup();
    await refund({ amount: 5000, reason: "첫 번째", expectedBalance: 12000 }, "key-first-0000000000");
    // PortOne now shows 5,000 refunded; the merchant double-submitted the same confirmation with a fresh key.
    portone.setPayment("pay1", { status: "PARTIAL_CANCELLED", rawStatus: "PARTIAL_CANCELLED", amountCancelled: 5000 });
    expect(
      await refund({ amount: 5000, reason: "두 번째", expectedBalance: 12000 }, "key-second-000000000"),
    ).toMatchObject({
      ok: false,
      error: { code: "PAYMENT_CHANGED" },
    });
    expect(cancels(portone.calls)).toHaveLength(1);
  });

  it("forgets a request PortOne refused, so nothing is recorded as refunded", async () => {
    const { refund, portone, recorded } = setup();
    portone.fail("cancel", { kind: "REFUSED", type: "PG_PROVIDER", detail: "refused" });
    expect(await refund({ reason: "x" })).toMatchObject({ ok: false, error: { code: "PORTONE" } });
    expect(recorded.all()).toEqual([]);
  });
});

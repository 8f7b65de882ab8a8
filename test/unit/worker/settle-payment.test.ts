import { describe, expect, it } from "vitest";
import { settlePayment } from "../../../worker/services/settle-payment.ts";
import { fakeDeps, pendingOrder } from "./fakes.ts";

/** Dependencies with one PENDING order `pay1` stored and the clock at a known time. */
function setup(options: Parameters<typeof fakeDeps>[0] = {}) {
  const fakes = fakeDeps(options);
  fakes.memory.orders.set("pay1", pendingOrder());
  fakes.clock.set("2026-03-02T10:00:00.000Z");
  return fakes;
}

describe("settlePayment", () => {
  it("settles PAID from PortOne's record, with updatedAt from the injected clock", async () => {
    const { deps, memory, portone } = setup();
    portone.setPayment("pay1");
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    expect(settled).toMatchObject({ ok: true, value: { status: "PAID", paidAt: "2026-01-01T00:01:00.000Z" } });
    expect(memory.orders.get("pay1")).toMatchObject({ status: "PAID", updatedAt: "2026-03-02T10:00:00.000Z" });
  });

  it("announces PENDING → PAID exactly once, with the caller's cause and the clock's time", async () => {
    const { deps, portone, events } = setup();
    portone.setPayment("pay1");
    await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    expect(events).toEqual([
      { paymentId: "pay1", from: "PENDING", to: "PAID", at: "2026-03-02T10:00:00.000Z", cause: "WEBHOOK" },
    ]);
  });

  it("writes nothing when PortOne's record changes nothing", async () => {
    const { deps, memory, portone } = setup();
    portone.setPayment("pay1", { status: "READY", rawStatus: "READY" });
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    expect(settled).toMatchObject({ ok: true, value: { status: "PENDING" } });
    expect(memory.calls.replaceOrder).toBe(0);
  });

  it("announces each step of a virtual account: PENDING → AWAITING_DEPOSIT, then AWAITING_DEPOSIT → PAID", async () => {
    const { deps, portone, clock, events } = setup();
    portone.setPayment("pay1", {
      status: "VIRTUAL_ACCOUNT_ISSUED",
      rawStatus: "VIRTUAL_ACCOUNT_ISSUED",
      virtualAccount: { accountNumber: "123" },
    });
    await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    clock.set("2026-03-03T08:00:00.000Z");
    portone.setPayment("pay1");
    await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    expect(events.map(({ from, to, at, cause }) => ({ from, to, at, cause }))).toEqual([
      { from: "PENDING", to: "AWAITING_DEPOSIT", at: "2026-03-02T10:00:00.000Z", cause: "BROWSER" },
      { from: "AWAITING_DEPOSIT", to: "PAID", at: "2026-03-03T08:00:00.000Z", cause: "WEBHOOK" },
    ]);
  });

  it("rejects a tampered amount as REJECTED AMOUNT_MISMATCH, refunds it once and announces PENDING → REJECTED", async () => {
    const { deps, memory, portone, events } = setup();
    portone.setPayment("pay1", { amountTotal: 100 });
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    expect(settled).toMatchObject({ ok: true, value: { status: "REJECTED", failure: { code: "AMOUNT_MISMATCH" } } });
    expect(memory.orders.get("pay1")?.refund).toEqual({ method: "CANCEL_PAYMENT", state: "DONE" });
    await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    expect(portone.calls.filter((c) => c.method === "refund")).toHaveLength(1);
    expect(events).toEqual([
      {
        paymentId: "pay1",
        from: "PENDING",
        to: "REJECTED",
        at: "2026-03-02T10:00:00.000Z",
        cause: "WEBHOOK",
        detail: "AMOUNT_MISMATCH",
      },
    ]);
  });

  it("keeps a refund PortOne did not answer REQUESTED and finishes it on the next call, announcing nothing more", async () => {
    const { deps, memory, portone, events } = setup();
    portone.setPayment("pay1", { amountTotal: 100 });
    portone.fail("refund", { kind: "UNAVAILABLE", detail: "timeout" });
    await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    expect(memory.orders.get("pay1")?.refund?.state).toBe("REQUESTED");
    portone.recover("refund");
    await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    expect(memory.orders.get("pay1")?.refund?.state).toBe("DONE");
    expect(events).toHaveLength(1);
  });

  it("confirms a manual-confirm payment with the order's amount, never the browser's", async () => {
    const { deps, portone } = setup();
    portone.setPayment("pay1");
    await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER", paymentToken: "tok" });
    expect(portone.calls[0]).toEqual({
      method: "confirm",
      input: { paymentId: "pay1", paymentToken: "tok", totalAmount: 12000, currency: "KRW" },
    });
  });

  it("rejects with AMOUNT_MISMATCH when PortOne refuses the confirm as INFORMATION_MISMATCH", async () => {
    const { deps, portone, events } = setup();
    portone.fail("confirm", { kind: "REFUSED", type: "INFORMATION_MISMATCH", detail: "amount" });
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER", paymentToken: "tok" });
    expect(settled).toMatchObject({ ok: true, value: { status: "REJECTED", failure: { code: "AMOUNT_MISMATCH" } } });
    expect(events.map((e) => e.to)).toEqual(["REJECTED"]);
  });

  it.each([
    ["an unknown paymentId", "payNone", undefined, { code: "ORDER_NOT_FOUND" }],
    ["a payment PortOne has never seen", "pay1", undefined, { code: "PAYMENT_NOT_FOUND" }],
    [
      "PortOne being down",
      "pay1",
      { kind: "UNAVAILABLE", detail: "503" } as const,
      { code: "PORTONE", failure: { kind: "UNAVAILABLE", detail: "503" }, paymentId: "pay1" },
    ],
  ])("answers %s with %o and leaves the order alone", async (_, paymentId, failure, error) => {
    const { deps, memory, portone, events } = setup();
    if (failure) portone.fail("getPayment", failure);
    expect(await settlePayment(deps, { paymentId, cause: "BROWSER" })).toEqual({ ok: false, error });
    expect(memory.orders.get("pay1")?.status).toBe("PENDING");
    expect(events).toEqual([]);
  });

  it("never treats a status PortOne adds later as paid: PAYMENT_STATUS_UNRECOGNIZED, nothing written", async () => {
    const { deps, memory, portone } = setup();
    portone.setPayment("pay1", { status: "UNRECOGNIZED", rawStatus: "PAID_LATER" });
    expect(await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" })).toEqual({
      ok: false,
      error: { code: "PAYMENT_STATUS_UNRECOGNIZED", rawStatus: "PAID_LATER" },
    });
    expect(memory.calls.replaceOrder).toBe(0);
  });

  it("answers the truth when the ledger write fails, announces nothing, and the next settlement writes and announces it once", async () => {
    const { deps, memory, portone, events } = setup();
    portone.setPayment("pay1");
    memory.failWrites();
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    expect(settled).toMatchObject({ ok: true, value: { status: "PAID" } });
    expect(events).toEqual([]);
    expect(memory.orders.get("pay1")?.status).toBe("PENDING");
    memory.recoverWrites();
    await settlePayment(deps, { paymentId: "pay1", cause: "SCHEDULE" });
    expect(memory.orders.get("pay1")?.status).toBe("PAID");
    expect(events.map((e) => [e.to, e.cause])).toEqual([["PAID", "SCHEDULE"]]);
  });

  it("lets exactly one of two racing settlements write and announce PENDING → PAID", async () => {
    const { deps, memory, portone, events } = setup();
    portone.setPayment("pay1");
    // A webhook settles between this call's read and its write.
    memory.interleave(async () => {
      await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    });
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    expect(settled).toMatchObject({ ok: true, value: { status: "PAID" } });
    expect(events.map((e) => [e.from, e.to, e.cause])).toEqual([["PENDING", "PAID", "WEBHOOK"]]);
    expect(memory.events.filter((e) => e.to === "PAID")).toHaveLength(1);
  });

  it("re-applies the verdict to what another writer stored: AWAITING_DEPOSIT → PAID, not a second PENDING → X", async () => {
    const { deps, memory, portone, events } = setup();
    const account = { bank: "SHINHAN", accountNumber: "56211112222333" };
    portone.setPayment("pay1", {
      status: "VIRTUAL_ACCOUNT_ISSUED",
      rawStatus: "VIRTUAL_ACCOUNT_ISSUED",
      virtualAccount: account,
    });
    memory.interleave(async () => {
      await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
      portone.setPayment("pay1");
    });
    await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    expect(memory.orders.get("pay1")?.status).toBe("AWAITING_DEPOSIT");
    expect(events.map((e) => [e.from, e.to])).toEqual([["PENDING", "AWAITING_DEPOSIT"]]);
    await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    expect(events.map((e) => [e.from, e.to])).toEqual([
      ["PENDING", "AWAITING_DEPOSIT"],
      ["AWAITING_DEPOSIT", "PAID"],
    ]);
  });

  it("records PortOne's partial refund on a paid order without a transition", async () => {
    const { deps, memory, portone, events } = setup();
    portone.setPayment("pay1");
    await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER" });
    portone.setPayment("pay1", {
      status: "PARTIAL_CANCELLED",
      rawStatus: "PARTIAL_CANCELLED",
      amountCancelled: 2000,
      cancellations: [{ id: "c1", amount: 2000, reason: "불량", at: "2026-03-03T00:00:00.000Z", status: "SUCCEEDED" }],
    });
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" });
    expect(settled).toMatchObject({ ok: true, value: { status: "PAID", refundedAmount: 2000 } });
    expect(memory.orders.get("pay1")?.cancellations).toHaveLength(1);
    expect(events.map((e) => e.to)).toEqual(["PAID"]);
  });

  it("settles the payment even when a lifecycle subscriber throws", async () => {
    const failing = {
      onTransition: async () => {
        throw new Error("ledger down");
      },
    };
    const { deps, memory, portone } = setup({ listeners: [failing] });
    portone.setPayment("pay1");
    expect(await settlePayment(deps, { paymentId: "pay1", cause: "WEBHOOK" })).toMatchObject({
      ok: true,
      value: { status: "PAID" },
    });
    expect(memory.orders.get("pay1")?.status).toBe("PAID");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { complete, createOrder, emulator, outage, pay, seedCatalog, storedOrder } from "./support.ts";

beforeAll(seedCatalog);

describe("POST /api/payments/complete", () => {
  it("marks the order PAID (200) when PortOne's record matches the order", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const { status, body } = await complete(order.paymentId);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      paymentId: order.paymentId,
      status: "PAID",
      totalAmount: 29000,
      currency: "KRW",
      paidAt: expect.any(String),
    });
    expect(await storedOrder(order.paymentId)).toMatchObject({ status: "PAID" });
  });

  it.each([
    ["a tampered amount", { amountPaid: 100 }, "AMOUNT_MISMATCH"],
    ["an amount one won above the order", { amountPaid: 29001 }, "AMOUNT_MISMATCH"],
    ["another currency", { amountPaid: 29000, currency: "USD" }, "CURRENCY_MISMATCH"],
    ["another store", { amountPaid: 29000, storeId: "store-of-someone-else" }, "STORE_MISMATCH"],
    ["a TEST channel in production", { channelType: "TEST" as const }, "TEST_CHANNEL_REFUSED"],
  ])("refuses %s with 409 %s, never marks it paid, and cancels the payment", async (_, extra, code) => {
    const order = await createOrder();
    await pay(order, "PAID", extra);
    const { status, body } = await complete(order.paymentId);
    expect(status).toBe(409);
    expect(body).toMatchObject({ code, message: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain("29000");
    const stored = await storedOrder(order.paymentId);
    expect(stored).toMatchObject({ status: "REJECTED", failure: { code } });
    expect(stored?.paidAt).toBeUndefined();
    if (code !== "STORE_MISMATCH") {
      // The shopper gets the money back: PortOne shows the payment cancelled.
      expect((await emulator(`/payments/${order.paymentId}`)).status).toBe("CANCELLED");
      expect(stored?.refund).toMatchObject({ method: "CANCEL_PAYMENT", state: "DONE" });
    }
  });

  it("accepts a TEST channel payment when ALLOW_TEST_PAYMENTS is true (development)", async () => {
    const order = await createOrder();
    await pay(order, "PAID", { channelType: "TEST" });
    const { status, body } = await complete(order.paymentId, undefined, { ALLOW_TEST_PAYMENTS: "true" });
    expect(status).toBe(200);
    expect(body.status).toBe("PAID");
  });

  it("treats ALLOW_TEST_PAYMENTS other than exactly 'true' as production", async () => {
    const order = await createOrder();
    await pay(order, "PAID", { channelType: "TEST" });
    const { status, body } = await complete(order.paymentId, undefined, { ALLOW_TEST_PAYMENTS: "yes" });
    expect(status).toBe(409);
    expect(body.code).toBe("TEST_CHANNEL_REFUSED");
  });

  it("keeps a rejected order rejected when it is completed again", async () => {
    const order = await createOrder();
    await pay(order, "PAID", { amountPaid: 100 });
    await complete(order.paymentId);
    const again = await complete(order.paymentId);
    expect(again).toMatchObject({ status: 409, body: { code: "AMOUNT_MISMATCH" } });
    expect((await storedOrder(order.paymentId))?.status).toBe("REJECTED");
  });

  it("answers 404 ORDER_NOT_FOUND for a paymentId it never minted", async () => {
    const { status, body } = await complete("payNeverMinted0000000000000000000");
    expect(status).toBe(404);
    expect(body.code).toBe("ORDER_NOT_FOUND");
  });

  it("answers 404 PAYMENT_NOT_FOUND and leaves the order PENDING when PortOne never saw the payment", async () => {
    const order = await createOrder();
    const { status, body } = await complete(order.paymentId);
    expect(status).toBe(404);
    expect(body.code).toBe("PAYMENT_NOT_FOUND");
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
  });

  it("answers 402 PAYMENT_FAILED with PortOne's reason when the browser claims success for a failed payment", async () => {
    const order = await createOrder();
    await pay(order, "FAILED");
    const { status, body } = await complete(order.paymentId);
    expect(status).toBe(402);
    expect(body).toMatchObject({ code: "PAYMENT_FAILED", message: expect.any(String) });
    expect(await storedOrder(order.paymentId)).toMatchObject({ status: "FAILED", failure: { code: "PAYMENT_FAILED" } });
  });

  it("records a shopper who closed the window as FAILED, never paid", async () => {
    const order = await createOrder();
    await pay(order, "CANCELLED_BY_USER");
    const { status } = await complete(order.paymentId);
    expect(status).toBe(402);
    expect((await storedOrder(order.paymentId))?.status).toBe("FAILED");
  });

  it("answers 409 PAYMENT_CANCELLED for a payment the merchant cancelled in PortOne", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    await emulator(`/payments/${order.paymentId}/cancel`, { json: { reason: "재고 없음" } });
    const { status, body } = await complete(order.paymentId);
    expect(status).toBe(409);
    expect(body.code).toBe("PAYMENT_CANCELLED");
    expect((await storedOrder(order.paymentId))?.status).toBe("CANCELLED");
  });

  it("answers 202 AWAITING_DEPOSIT with the virtual account, then 200 PAID after the deposit", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 1 }], "VIRTUAL_ACCOUNT");
    await pay(order, "VIRTUAL_ACCOUNT_ISSUED");
    const waiting = await complete(order.paymentId);
    expect(waiting.status).toBe(202);
    expect(waiting.body).toMatchObject({
      status: "AWAITING_DEPOSIT",
      virtualAccount: { accountNumber: expect.any(String), bank: expect.any(String) },
    });
    await emulator(`/payments/${order.paymentId}/deposit`, { json: {} });
    const paid = await complete(order.paymentId);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: "PAID", virtualAccount: { accountNumber: expect.any(String) } });
  });

  it("answers 202 PENDING while an approval is pending, and does not drop it", async () => {
    const order = await createOrder();
    await pay(order, "PAY_PENDING");
    const { status, body } = await complete(order.paymentId);
    expect(status).toBe(202);
    expect(body.status).toBe("PENDING");
  });

  it("gives the same answer to a duplicate completion and writes KV once", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const first = await complete(order.paymentId);
    const stored = await storedOrder(order.paymentId);
    const second = await complete(order.paymentId);
    expect(second).toEqual(first);
    expect((await storedOrder(order.paymentId))?.updatedAt).toBe(stored?.updatedAt);
  });

  it("settles concurrent completions of one payment to one PAID order", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const results = await Promise.all([
      complete(order.paymentId),
      complete(order.paymentId),
      complete(order.paymentId),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
  });

  it("cannot reuse a paid paymentId for a second charge", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    await complete(order.paymentId);
    const again = await pay(order, "PAID");
    expect(again.code).toBe("PaymentAlreadyPaid");
    expect((await complete(order.paymentId)).status).toBe(200);
  });

  it("confirms a manual-approval payment with the order's own amount (paymentToken)", async () => {
    const order = await createOrder();
    const window = await pay(order, "PAID", { channelKey: "channel-key-test-manual" });
    expect(window.paymentToken).toEqual(expect.any(String));
    expect((await emulator(`/payments/${order.paymentId}`)).status).toBe("READY");
    const { status, body } = await complete(order.paymentId, window.paymentToken);
    expect(status).toBe(200);
    expect(body.status).toBe("PAID");
  });

  it("refuses to confirm a manual-approval payment of another amount: nothing is charged", async () => {
    const order = await createOrder();
    const window = await pay(order, "PAID", { channelKey: "channel-key-test-manual", amountPaid: 100 });
    const { status, body } = await complete(order.paymentId, window.paymentToken);
    expect(status).toBe(409);
    expect(body.code).toBe("AMOUNT_MISMATCH");
    expect((await emulator(`/payments/${order.paymentId}`)).status).not.toBe("PAID");
    expect((await storedOrder(order.paymentId))?.status).toBe("REJECTED");
  });

  it.each([
    ["answers 503", { status: 503 }],
    ["answers 500", { status: 500 }],
    ["answers with HTML", { status: 502, nonJson: true }],
    ["does not answer in time", { delayMs: 3000 }],
  ])("answers 503 PORTONE_UNAVAILABLE and leaves the order untouched when PortOne %s", async (_, fault) => {
    const order = await createOrder();
    await pay(order, "PAID");
    await outage(`/payments/${order.paymentId}`, fault);
    const { status, body } = await complete(order.paymentId);
    expect(status).toBe(503);
    expect(body.code).toBe("PORTONE_UNAVAILABLE");
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
    // Later, PortOne answers again and the same call settles it.
    expect((await complete(order.paymentId)).status).toBe(200);
  });

  it.each([
    ["malformed JSON", { headers: { "content-type": "application/json" }, body: "{" }, 400, "MALFORMED_JSON"],
    [
      "a plain-text body that is not JSON",
      { headers: { "content-type": "text/plain" }, body: "pay123" },
      400,
      "MALFORMED_JSON",
    ],
    [
      "a form body",
      { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "paymentId=pay1" },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["no paymentId", { headers: { "content-type": "application/json" }, body: "{}" }, 400, "INVALID_REQUEST"],
    [
      "a 600-character paymentId",
      { headers: { "content-type": "application/json" }, body: JSON.stringify({ paymentId: "p".repeat(600) }) },
      400,
      "INVALID_REQUEST",
    ],
    [
      "a paymentId with a path in it",
      { headers: { "content-type": "application/json" }, body: JSON.stringify({ paymentId: "../catalog" }) },
      400,
      "INVALID_REQUEST",
    ],
    [
      "an oversized body",
      {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ paymentId: "pay1", paymentToken: "x".repeat(10_000) }),
      },
      413,
      "PAYLOAD_TOO_LARGE",
    ],
  ])("refuses %s with %i %s", async (_, init, status, code) => {
    const { call } = await import("./support.ts");
    const response = await call("/api/payments/complete", { method: "POST", ...init });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code });
  });
});

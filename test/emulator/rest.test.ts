import { describe, expect, it } from "vitest";
import { ORDER, setup } from "./setup.ts";

describe("REST authorization", () => {
  it.each([
    ["no header", {}],
    ["a wrong secret", { Authorization: "PortOne wrong-secret" }],
    ["a Bearer token", { Authorization: "Bearer portone-emulator-dev-api-secret" }],
  ])("refuses %s with 401 UNAUTHORIZED", async (_name, headers) => {
    const { app } = setup();
    const response = await app.request("/payments/order0001", { headers });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: "UNAUTHORIZED", message: expect.any(String) });
  });
});

describe("GET /payments/:paymentId", () => {
  it("answers 404 PAYMENT_NOT_FOUND for an unknown paymentId", async () => {
    const { getPayment } = setup();
    const { status, body } = await getPayment("nope");
    expect(status).toBe(404);
    expect(body.type).toBe("PAYMENT_NOT_FOUND");
  });

  it("returns a paid payment shaped as the spec's PaidPayment", async () => {
    const { act, getPayment } = setup();
    const { body: window } = await act("PAID", { customer: { fullName: "홍길동", email: "a@example.com" } });
    const { status, body } = await getPayment();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "PAID",
      id: ORDER.paymentId,
      transactionId: window.txId,
      merchantId: expect.any(String),
      storeId: ORDER.storeId,
      version: "V2",
      orderName: ORDER.orderName,
      currency: "KRW",
      customer: { name: "홍길동", email: "a@example.com" },
      amount: {
        total: 39000,
        taxFree: 0,
        vat: 3545,
        supply: 35455,
        discount: 0,
        paid: 39000,
        cancelled: 0,
        cancelledTaxFree: 0,
      },
      channel: {
        type: "TEST",
        key: ORDER.channelKey,
        pgProvider: expect.any(String),
        pgMerchantId: expect.any(String),
      },
      method: { type: "PaymentMethodCard" },
      requestedAt: "2026-01-02T03:04:05.000Z",
      paidAt: "2026-01-02T03:04:05.000Z",
      pgTxId: expect.any(String),
      receiptUrl: expect.stringContaining(ORDER.paymentId),
      disputes: [],
      origin: { platformType: "PC", ipAddress: expect.any(String) },
    });
    expect(body).not.toHaveProperty("failure");
  });

  it("percent-decodes the paymentId in the path", async () => {
    const { act, getPayment } = setup();
    await act("PAID", { paymentId: "주문/1 ?#" });
    const { status, body } = await getPayment("주문/1 ?#");
    expect(status).toBe(200);
    expect(body.id).toBe("주문/1 ?#");
  });

  it("answers 404 PAYMENT_NOT_FOUND when storeId names another store", async () => {
    const { act, rest } = setup();
    await act("PAID");
    expect((await rest("GET", "/payments/order0001?storeId=store-other")).status).toBe(404);
    expect((await rest("GET", `/payments/order0001?storeId=${ORDER.storeId}`)).status).toBe(200);
  });

  it("reports LIVE for a channel key listed in liveChannelKeys and TEST otherwise", async () => {
    const { act, getPayment } = setup({ liveChannelKeys: ["channel-key-live"] });
    await act("PAID", { channelKey: "channel-key-live" });
    await act("PAID", { paymentId: "order0002" });
    await act("PAID", { paymentId: "order0003", channelType: "LIVE" });
    expect((await getPayment("order0001")).body.channel.type).toBe("LIVE");
    expect((await getPayment("order0002")).body.channel.type).toBe("TEST");
    expect((await getPayment("order0003")).body.channel.type).toBe("LIVE");
  });
});

describe("POST /payments/:paymentId/pre-register", () => {
  it("answers {} and makes a different amount fail with AmountNotEqualToPredefined", async () => {
    const { rest, act, getPayment, webhookTypes } = setup();
    const registered = await rest("POST", "/payments/order0001/pre-register", {
      storeId: ORDER.storeId,
      totalAmount: 39000,
      currency: "KRW",
    });
    expect(registered).toMatchObject({ status: 200, body: {} });
    const { body } = await act("PAID", { totalAmount: 1000 });
    expect(body).toMatchObject({ code: "AmountNotEqualToPredefined", paymentId: ORDER.paymentId });
    const payment = (await getPayment()).body;
    expect(payment).toMatchObject({ status: "FAILED", amount: { paid: 0 } });
    expect(webhookTypes()).toEqual(["Transaction.Failed"]);
  });

  it("lets the pre-registered amount through", async () => {
    const { rest, act, getPayment } = setup();
    await rest("POST", "/payments/order0001/pre-register", { totalAmount: 39000, currency: "KRW" });
    expect((await act("PAID")).body.code).toBeUndefined();
    expect((await getPayment()).body.status).toBe("PAID");
  });

  it("refuses a paid payment with 409 ALREADY_PAID", async () => {
    const { rest, act } = setup();
    await act("PAID");
    const { status, body } = await rest("POST", "/payments/order0001/pre-register", { totalAmount: 39000 });
    expect(status).toBe(409);
    expect(body.type).toBe("ALREADY_PAID");
  });

  it.each([
    ["malformed JSON", "{not json"],
    ["a JSON array", "[]"],
    ["a string amount", { totalAmount: "39000" }],
  ])("answers 400 INVALID_REQUEST for %s", async (_name, body) => {
    const { rest } = setup();
    const answer = await rest("POST", "/payments/order0001/pre-register", body);
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe("INVALID_REQUEST");
  });
});

describe("POST /payments/:paymentId/cancel", () => {
  it("cancels everything, answers the cancellation and moves the payment to CANCELLED", async () => {
    const { rest, act, getPayment, webhookTypes, emulator } = setup();
    await act("PAID");
    const { status, body } = await rest("POST", "/payments/order0001/cancel", { reason: "고객 요청" });
    expect(status).toBe(200);
    expect(body.cancellation).toMatchObject({
      status: "SUCCEEDED",
      id: expect.any(String),
      totalAmount: 39000,
      taxFreeAmount: 0,
      vatAmount: 3545,
      reason: "고객 요청",
      cancelledAt: "2026-01-02T03:04:05.000Z",
      requestedAt: "2026-01-02T03:04:05.000Z",
    });
    const payment = (await getPayment()).body;
    expect(payment).toMatchObject({
      status: "CANCELLED",
      cancelledAt: "2026-01-02T03:04:05.000Z",
      amount: { paid: 39000, cancelled: 39000 },
      cancellations: [{ id: body.cancellation.id, totalAmount: 39000 }],
    });
    expect(webhookTypes()).toEqual(["Transaction.Paid", "Transaction.Cancelled"]);
    expect(JSON.parse(emulator.webhooks().at(-1)?.body ?? "{}").data.cancellationId).toBe(body.cancellation.id);
  });

  it("cancels part, then the rest: PARTIAL_CANCELLED then CANCELLED", async () => {
    const { rest, act, getPayment, webhookTypes } = setup();
    await act("PAID");
    await rest("POST", "/payments/order0001/cancel", { reason: "일부 반품", amount: 9000 });
    expect((await getPayment()).body).toMatchObject({ status: "PARTIAL_CANCELLED", amount: { cancelled: 9000 } });
    const rest2 = await rest("POST", "/payments/order0001/cancel", {
      reason: "나머지",
      currentCancellableAmount: 30000,
    });
    expect(rest2.body.cancellation.totalAmount).toBe(30000);
    expect((await getPayment()).body).toMatchObject({ status: "CANCELLED", amount: { cancelled: 39000 } });
    expect(webhookTypes()).toEqual(["Transaction.Paid", "Transaction.PartialCancelled", "Transaction.Cancelled"]);
  });

  it.each([
    ["a missing reason", {}, 400, "INVALID_REQUEST"],
    ["an empty reason", { reason: "" }, 400, "INVALID_REQUEST"],
    ["a negative amount", { reason: "x", amount: -1 }, 400, "INVALID_REQUEST"],
    ["more than is cancellable", { reason: "x", amount: 39001 }, 409, "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT"],
    [
      "a stale currentCancellableAmount",
      { reason: "x", currentCancellableAmount: 1 },
      409,
      "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN",
    ],
    ["another store", { reason: "x", storeId: "store-other" }, 404, "PAYMENT_NOT_FOUND"],
  ])("refuses %s with %i %s and changes nothing", async (_name, body, status, type) => {
    const { rest, act, getPayment } = setup();
    await act("PAID");
    const answer = await rest("POST", "/payments/order0001/cancel", body);
    expect(answer.status).toBe(status);
    expect(answer.body.type).toBe(type);
    expect((await getPayment()).body.status).toBe("PAID");
  });

  it("answers 404 PAYMENT_NOT_FOUND, 409 PAYMENT_NOT_PAID and 409 PAYMENT_ALREADY_CANCELLED", async () => {
    const { rest, act } = setup();
    expect((await rest("POST", "/payments/nope/cancel", { reason: "x" })).body.type).toBe("PAYMENT_NOT_FOUND");
    await act("VIRTUAL_ACCOUNT_ISSUED");
    const unpaid = await rest("POST", "/payments/order0001/cancel", { reason: "x" });
    expect(unpaid).toMatchObject({ status: 409, body: { type: "PAYMENT_NOT_PAID" } });
    await act("PAID", { paymentId: "order0002" });
    await rest("POST", "/payments/order0002/cancel", { reason: "x" });
    const again = await rest("POST", "/payments/order0002/cancel", { reason: "x" });
    expect(again).toMatchObject({ status: 409, body: { type: "PAYMENT_ALREADY_CANCELLED" } });
  });

  it("sends no webhook when skipWebhook is true", async () => {
    const { rest, act, webhookTypes } = setup();
    await act("PAID");
    await rest("POST", "/payments/order0001/cancel", { reason: "x", skipWebhook: true });
    expect(webhookTypes()).toEqual(["Transaction.Paid"]);
  });
});

describe("POST /payments/:paymentId/confirm", () => {
  function manual() {
    return setup({ manualConfirmChannelKeys: [ORDER.channelKey] });
  }

  it("charges a READY payment with the right token and answers { pgTxId, paidAt }", async () => {
    const { rest, act, getPayment, webhookTypes } = manual();
    const { body: window } = await act("PAID");
    expect(window.paymentToken).toEqual(expect.any(String));
    expect((await getPayment()).body).toMatchObject({ status: "READY", amount: { paid: 0 } });
    const { status, body } = await rest("POST", "/payments/order0001/confirm", {
      paymentToken: window.paymentToken,
      totalAmount: 39000,
      currency: "KRW",
      isTest: true,
      storeId: ORDER.storeId,
    });
    expect(status).toBe(200);
    expect(body).toEqual({ pgTxId: expect.any(String), paidAt: "2026-01-02T03:04:05.000Z" });
    expect((await getPayment()).body).toMatchObject({ status: "PAID", pgTxId: body.pgTxId, amount: { paid: 39000 } });
    expect(webhookTypes()).toEqual(["Transaction.Ready", "Transaction.Paid"]);
  });

  it.each([
    ["a different totalAmount", { totalAmount: 100 }],
    ["a different currency", { currency: "USD" }],
    ["isTest false for a test channel", { isTest: false }],
    ["a different txId", { txId: "other" }],
  ])("refuses %s with 409 INFORMATION_MISMATCH and leaves the payment READY", async (_name, extra) => {
    const { rest, act, getPayment } = manual();
    const { body: window } = await act("PAID");
    const answer = await rest("POST", "/payments/order0001/confirm", { paymentToken: window.paymentToken, ...extra });
    expect(answer).toMatchObject({ status: 409, body: { type: "INFORMATION_MISMATCH" } });
    expect((await getPayment()).body.status).toBe("READY");
  });

  it("refuses a token that is not the payment's with 400 INVALID_PAYMENT_TOKEN (the spec's error)", async () => {
    const { rest, act, getPayment } = manual();
    await act("PAID");
    const answer = await rest("POST", "/payments/order0001/confirm", { paymentToken: "forged", totalAmount: 39000 });
    expect(answer).toMatchObject({ status: 400, body: { type: "INVALID_PAYMENT_TOKEN" } });
    expect((await getPayment()).body.status).toBe("READY");
  });

  it("answers 409 ALREADY_PAID the second time and 400 INVALID_REQUEST without a token", async () => {
    const { rest, act } = manual();
    const { body: window } = await act("PAID");
    await rest("POST", "/payments/order0001/confirm", { paymentToken: window.paymentToken });
    const again = await rest("POST", "/payments/order0001/confirm", { paymentToken: window.paymentToken });
    expect(again).toMatchObject({ status: 409, body: { type: "ALREADY_PAID" } });
    expect((await rest("POST", "/payments/order0001/confirm", {})).body.type).toBe("INVALID_REQUEST");
  });
});

describe("POST /payments/:paymentId/virtual-account/close", () => {
  it("closes an issued account: answers closedAt and the payment ends CANCELLED, unpaid", async () => {
    const { rest, act, getPayment, webhookTypes } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT" });
    const { status, body } = await rest("POST", "/payments/order0001/virtual-account/close");
    expect(status).toBe(200);
    expect(body).toEqual({ closedAt: "2026-01-02T03:04:05.000Z" });
    expect((await getPayment()).body).toMatchObject({ status: "CANCELLED", amount: { paid: 0 } });
    expect(webhookTypes()).toEqual(["Transaction.VirtualAccountIssued", "Transaction.Cancelled"]);
  });

  it("refuses a paid payment with 409 PAYMENT_NOT_WAITING_FOR_DEPOSIT", async () => {
    const { rest, act } = setup();
    await act("PAID");
    const answer = await rest("POST", "/payments/order0001/virtual-account/close");
    expect(answer).toMatchObject({ status: 409, body: { type: "PAYMENT_NOT_WAITING_FOR_DEPOSIT" } });
  });
});

describe("Idempotency-Key", () => {
  it("answers a retry with the same key with the first answer and cancels once", async () => {
    const { rest, act, getPayment } = setup();
    await act("PAID");
    const headers = { "Idempotency-Key": '"cancel-order0001-attempt"' };
    const first = await rest("POST", "/payments/order0001/cancel", { reason: "x", amount: 1000 }, headers);
    const second = await rest("POST", "/payments/order0001/cancel", { reason: "x", amount: 1000 }, headers);
    expect(second).toMatchObject({ status: 200, body: first.body });
    expect((await getPayment()).body.amount.cancelled).toBe(1000);
  });

  it("replays a stored error too, and runs the call again after 3 hours", async () => {
    const { rest, act, advance } = setup();
    const headers = { "Idempotency-Key": "cancel-order0001-attempt" };
    await act("VIRTUAL_ACCOUNT_ISSUED");
    const refused = await rest("POST", "/payments/order0001/cancel", { reason: "x" }, headers);
    expect(refused.body.type).toBe("PAYMENT_NOT_PAID");
    await rest("POST", "/_emulator/payments/order0001/deposit");
    const replayed = await rest("POST", "/payments/order0001/cancel", { reason: "x" }, headers);
    expect(replayed).toMatchObject({ status: 409, body: { type: "PAYMENT_NOT_PAID" } });
    advance(3 * 60 * 60 * 1000 + 1);
    // A paid virtual account is refunded to an account (see cancel.test.ts).
    const refundAccount = { bank: "KOOKMIN", number: "123456-01-234567", holderName: "홍길동" };
    const rerun = await rest("POST", "/payments/order0001/cancel", { reason: "x", refundAccount }, headers);
    expect(rerun).toMatchObject({ status: 200, body: { cancellation: { totalAmount: 39000 } } });
  });

  it("refuses a key shorter than 16 characters with 400 INVALID_REQUEST", async () => {
    const { rest } = setup();
    const answer = await rest("POST", "/payments/x/pre-register", {}, { "Idempotency-Key": "short" });
    expect(answer).toMatchObject({ status: 400, body: { type: "INVALID_REQUEST" } });
  });
});

describe("unknown routes", () => {
  it("answer 404 NOT_FOUND as JSON", async () => {
    const { rest } = setup();
    expect(await rest("GET", "/payments-by-cursor")).toMatchObject({ status: 404, body: { type: "NOT_FOUND" } });
  });
});

import { describe, expect, it } from "vitest";
import { ORDER, setup } from "./setup.ts";

describe("POST /_emulator/payments", () => {
  it.each([
    ["PAID", "PAID", undefined, "Transaction.Paid"],
    ["FAILED", "FAILED", "PGProviderError", "Transaction.Failed"],
    ["CANCELLED_BY_USER", "FAILED", "FAILURE_TYPE_PG", "Transaction.Failed"],
    ["VIRTUAL_ACCOUNT_ISSUED", "VIRTUAL_ACCOUNT_ISSUED", undefined, "Transaction.VirtualAccountIssued"],
    ["PAY_PENDING", "PAY_PENDING", undefined, "Transaction.PayPending"],
  ])("turns outcome %s into status %s, code %s and webhook %s", async (outcome, status, code, webhook) => {
    const { act, getPayment, webhookTypes } = setup();
    const { status: httpStatus, body } = await act(outcome);
    expect(httpStatus).toBe(200);
    expect(body).toMatchObject({ transactionType: "PAYMENT", txId: expect.any(String), paymentId: ORDER.paymentId });
    expect(body.code).toBe(code);
    expect((await getPayment()).body.status).toBe(status);
    expect(webhookTypes()).toEqual([webhook]);
  });

  it("records a declined card as PortOne does: code, pgCode, pgMessage and the failure", async () => {
    const { act, getPayment } = setup();
    const { body } = await act("FAILED");
    expect(body).toMatchObject({
      code: "PGProviderError",
      message: expect.any(String),
      pgCode: "CARD_DECLINED",
      pgMessage: expect.any(String),
    });
    expect((await getPayment()).body).toMatchObject({
      status: "FAILED",
      failedAt: "2026-01-02T03:04:05.000Z",
      failure: { reason: expect.any(String), pgCode: "CARD_DECLINED", pgMessage: body.pgMessage },
      amount: { paid: 0 },
    });
  });

  it("records the shopper closing the window as a FAILED payment with PAY_PROCESS_CANCELED", async () => {
    const { act, getPayment } = setup();
    const { body } = await act("CANCELLED_BY_USER");
    expect(body).toMatchObject({
      code: "FAILURE_TYPE_PG",
      pgCode: "PAY_PROCESS_CANCELED",
      message: "사용자가 결제를 취소하였습니다",
    });
    expect((await getPayment()).body.failure).toMatchObject({ pgCode: "PAY_PROCESS_CANCELED" });
  });

  it("issues a virtual account from the paymentId's bank to the store's name that expires in 3 days", async () => {
    const { act, getPayment } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT" });
    const { body } = await getPayment();
    expect(body.method).toEqual({
      type: "PaymentMethodVirtualAccount",
      bank: "NONGHYUP",
      accountNumber: expect.stringMatching(/^\d{14}$/),
      accountType: "NORMAL",
      remitteeName: "포트원 데모샵",
      issuedAt: "2026-01-02T03:04:05.000Z",
      expiredAt: "2026-01-05T03:04:05.000Z",
    });
    expect(body.amount.paid).toBe(0);
  });

  it("charges the tampered amountPaid in spite of the pre-registered amount", async () => {
    const { act, rest, getPayment } = setup();
    await rest("POST", "/payments/order0001/pre-register", { totalAmount: 39000, currency: "KRW" });
    const { body } = await act("PAID", { amountPaid: 38000 });
    expect(body.code).toBeUndefined();
    expect((await getPayment()).body).toMatchObject({ status: "PAID", amount: { total: 38000, paid: 38000 } });
  });

  it("refuses a currency other than the pre-registered one with AmountNotEqualToPredefined", async () => {
    const { act, rest } = setup();
    await rest("POST", "/payments/order0001/pre-register", { totalAmount: 39000, currency: "KRW" });
    expect((await act("PAID", { currency: "USD" })).body.code).toBe("AmountNotEqualToPredefined");
  });

  it("answers PaymentAlreadyPaid for a paid paymentId and changes nothing", async () => {
    const { act, getPayment, webhookTypes } = setup();
    const { body: first } = await act("PAID");
    const { body } = await act("PAID", { totalAmount: 100 });
    expect(body.code).toBe("PaymentAlreadyPaid");
    expect((await getPayment()).body).toMatchObject({ transactionId: first.txId, amount: { total: 39000 } });
    expect(webhookTypes()).toEqual(["Transaction.Paid"]);
  });

  it("lets a FAILED paymentId be retried with a new transactionId", async () => {
    const { act, getPayment, webhookTypes } = setup();
    const { body: failed } = await act("FAILED");
    const { body: paid } = await act("PAID");
    expect(paid.code).toBeUndefined();
    expect(paid.txId).not.toBe(failed.txId);
    const payment = (await getPayment()).body;
    expect(payment).toMatchObject({ status: "PAID", transactionId: paid.txId });
    expect(payment).not.toHaveProperty("failure");
    expect(webhookTypes()).toEqual(["Transaction.Failed", "Transaction.Paid"]);
  });

  it("stores customData as a JSON string", async () => {
    const { act, getPayment } = setup();
    await act("PAID", { customData: { cartId: "c1" } });
    expect((await getPayment()).body.customData).toBe('{"cartId":"c1"}');
  });

  it.each([
    ["a missing paymentId", { paymentId: undefined }],
    ["an unknown outcome", { outcome: "MAYBE" }],
    ["a fractional totalAmount", { totalAmount: 10.5 }],
  ])("answers 400 INVALID_REQUEST for %s", async (_name, overrides) => {
    const { act } = setup();
    const { status, body } = await act("PAID", overrides);
    expect(status).toBe(400);
    expect(body.type).toBe("INVALID_REQUEST");
  });

  it("allows any origin (CORS *) so a shop page can call it", async () => {
    const { app } = setup();
    const preflight = await app.request("/_emulator/payments", {
      method: "OPTIONS",
      headers: { Origin: "https://shop.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("POST /_emulator/payments/:paymentId/deposit", () => {
  it("moves an issued virtual account to PAID with webhook Transaction.Paid", async () => {
    const { act, control, getPayment, webhookTypes, advance } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT" });
    advance(60_000);
    const { status, body } = await control("POST", "/payments/order0001/deposit");
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "PAID", paidAt: "2026-01-02T03:05:05.000Z", amount: { paid: 39000 } });
    expect((await getPayment()).body.method.type).toBe("PaymentMethodVirtualAccount");
    expect(webhookTypes()).toEqual(["Transaction.VirtualAccountIssued", "Transaction.Paid"]);
  });

  it("refuses a payment that waits for no deposit, or whose account expired, with 409", async () => {
    const { act, control, advance } = setup();
    await act("PAID");
    const paid = await control("POST", "/payments/order0001/deposit");
    expect(paid).toMatchObject({ status: 409, body: { type: "PAYMENT_NOT_WAITING_FOR_DEPOSIT" } });
    await act("VIRTUAL_ACCOUNT_ISSUED", { paymentId: "order0002" });
    advance(3 * 24 * 60 * 60 * 1000 + 1);
    const expired = await control("POST", "/payments/order0002/deposit");
    expect(expired).toMatchObject({ status: 409, body: { type: "PAYMENT_NOT_WAITING_FOR_DEPOSIT" } });
  });
});

describe("POST /_emulator/payments/:paymentId/approve and /decline", () => {
  it("settles a PAY_PENDING payment as PAID or FAILED", async () => {
    const { act, control, webhookTypes } = setup();
    await act("PAY_PENDING");
    await act("PAY_PENDING", { paymentId: "order0002" });
    expect((await control("POST", "/payments/order0001/approve")).body.status).toBe("PAID");
    expect((await control("POST", "/payments/order0002/decline")).body.status).toBe("FAILED");
    expect(webhookTypes()).toEqual(["Transaction.PayPending", "Transaction.Paid"]);
    expect(webhookTypes("order0002")).toEqual(["Transaction.PayPending", "Transaction.Failed"]);
    expect((await control("POST", "/payments/order0001/approve")).status).toBe(409);
  });
});

describe("POST /_emulator/payments/:paymentId/cancel", () => {
  it("cancels from the console: CANCELLED, trigger CONSOLE, webhook Transaction.Cancelled", async () => {
    const { act, control, getPayment, webhookTypes } = setup();
    await act("PAID");
    const { status, body } = await control("POST", "/payments/order0001/cancel", {});
    expect(status).toBe(200);
    expect(body.cancellation).toMatchObject({ trigger: "CONSOLE", totalAmount: 39000, reason: expect.any(String) });
    expect((await getPayment()).body.status).toBe("CANCELLED");
    expect(webhookTypes()).toEqual(["Transaction.Paid", "Transaction.Cancelled"]);
  });
});

describe("GET /_emulator/payments", () => {
  it("lists the raw records and pre-registrations, and one record by id", async () => {
    const { act, rest, control } = setup();
    await rest("POST", "/payments/order0002/pre-register", { totalAmount: 5000 });
    await act("PAID");
    const list = await control("GET", "/payments");
    expect(list.body.payments).toHaveLength(1);
    expect(list.body.payments[0]).toMatchObject({ id: ORDER.paymentId, status: "PAID", paidAmount: 39000 });
    expect(list.body.preRegistrations).toEqual({ order0002: { totalAmount: 5000 } });
    expect((await control("GET", "/payments/order0001")).body.channelKey).toBe(ORDER.channelKey);
    expect((await control("GET", "/payments/nope")).status).toBe(404);
  });
});

describe("PUT /_emulator/config and POST /_emulator/reset", () => {
  it("sets and clears the webhook URL, refusing a non-http one", async () => {
    const { control } = setup();
    expect((await control("PUT", "/config", { webhookUrl: "http://127.0.0.1:9/hook" })).body).toMatchObject({
      webhookUrl: "http://127.0.0.1:9/hook",
    });
    expect((await control("PUT", "/config", { webhookUrl: "javascript:alert(1)" })).status).toBe(400);
    expect((await control("PUT", "/config", { webhookUrl: null })).body).toMatchObject({ webhookUrl: null });
  });

  it("forgets payments, pre-registrations, webhooks and faults on reset", async () => {
    const { act, rest, control, getPayment, emulator } = setup();
    await rest("POST", "/payments/order0001/pre-register", { totalAmount: 1 });
    await act("PAID", { totalAmount: 1 });
    await control("POST", "/faults", { status: 503, count: 5 });
    expect((await control("POST", "/reset")).status).toBe(200);
    expect((await getPayment()).body.type).toBe("PAYMENT_NOT_FOUND");
    expect(emulator.webhooks()).toEqual([]);
    expect((await control("GET", "/payments")).body).toEqual({ payments: [], preRegistrations: {} });
    expect((await act("PAID")).body.code).toBeUndefined();
  });
});

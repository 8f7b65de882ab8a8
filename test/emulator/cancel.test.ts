import { describe, expect, it } from "vitest";
import { MAX_CANCEL_COUNT } from "../../emulator/cancel.ts";
import { ORDER, setup } from "./setup.ts";

const REFUND_ACCOUNT = { bank: "KOOKMIN", number: "123456-01-234567", holderName: "홍길동" } as const;

/** An emulator with `order0001` paid into a virtual account (deposit arrived). */
async function depositedAccount(options: Parameters<typeof setup>[0] = {}) {
  const emulator = setup(options);
  await emulator.act("VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT" });
  await emulator.control("POST", "/payments/order0001/deposit");
  return emulator;
}

describe("POST /payments/:paymentId/cancel of a paid virtual account", () => {
  it("refuses a cancel without refundAccount with 400 INVALID_REQUEST and cancels nothing", async () => {
    const { rest, getPayment, webhookTypes, emulator } = await depositedAccount();
    const answer = await rest("POST", "/payments/order0001/cancel", { reason: "반품", amount: 9000 });
    expect(answer).toMatchObject({ status: 400, body: { type: "INVALID_REQUEST", message: expect.any(String) } });
    expect((await getPayment()).body).toMatchObject({ status: "PAID", amount: { cancelled: 0 } });
    expect(emulator.payment(ORDER.paymentId)?.cancellations).toEqual([]);
    expect(webhookTypes()).toEqual(["Transaction.VirtualAccountIssued", "Transaction.Paid"]);
  });

  it.each([
    ["a bank that is not a Bank code", { ...REFUND_ACCOUNT, bank: "국민은행" }],
    ["no number", { bank: "KOOKMIN", holderName: "홍길동" }],
    ["an empty holderName", { ...REFUND_ACCOUNT, holderName: "" }],
    ["a holderPhoneNumber that is not a string", { ...REFUND_ACCOUNT, holderPhoneNumber: 1012345678 }],
    ["a string instead of an object", "KOOKMIN 123456-01-234567"],
  ])("refuses a refundAccount with %s with 400 INVALID_REQUEST and cancels nothing", async (_name, refundAccount) => {
    const { rest, getPayment } = await depositedAccount();
    const answer = await rest("POST", "/payments/order0001/cancel", { reason: "반품", refundAccount });
    expect(answer).toMatchObject({ status: 400, body: { type: "INVALID_REQUEST" } });
    expect((await getPayment()).body.status).toBe("PAID");
  });

  it("refunds part, then the rest, to the refund accounts: PARTIAL_CANCELLED, then CANCELLED with refundStatus COMPLETED", async () => {
    const { rest, getPayment, webhookTypes, emulator } = await depositedAccount();
    const first = await rest("POST", "/payments/order0001/cancel", {
      reason: "일부 반품",
      amount: 9000,
      currentCancellableAmount: 39000,
      refundAccount: { ...REFUND_ACCOUNT, holderPhoneNumber: "01012345678" },
    });
    expect(first).toMatchObject({ status: 200, body: { cancellation: { status: "SUCCEEDED", totalAmount: 9000 } } });
    expect((await getPayment()).body).toMatchObject({ status: "PARTIAL_CANCELLED", amount: { cancelled: 9000 } });
    const second = await rest("POST", "/payments/order0001/cancel", {
      reason: "나머지",
      refundAccount: { bank: "SHINHAN", number: "110-123-456789", holderName: "김철수" },
    });
    expect(second.body.cancellation.totalAmount).toBe(30000);
    expect((await getPayment()).body).toMatchObject({
      status: "CANCELLED",
      amount: { cancelled: 39000 },
      method: { type: "PaymentMethodVirtualAccount", refundStatus: "COMPLETED" },
    });
    expect(emulator.payment(ORDER.paymentId)?.refundAccounts).toEqual([
      { cancellationId: first.body.cancellation.id, ...REFUND_ACCOUNT, holderPhoneNumber: "01012345678" },
      { cancellationId: second.body.cancellation.id, bank: "SHINHAN", number: "110-123-456789", holderName: "김철수" },
    ]);
    expect(webhookTypes()).toEqual([
      "Transaction.VirtualAccountIssued",
      "Transaction.Paid",
      "Transaction.PartialCancelled",
      "Transaction.Cancelled",
    ]);
  });

  it("keeps the partial-cancel rules: 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN and CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT", async () => {
    const { rest, getPayment } = await depositedAccount();
    const stale = await rest("POST", "/payments/order0001/cancel", {
      reason: "x",
      currentCancellableAmount: 1,
      refundAccount: REFUND_ACCOUNT,
    });
    expect(stale).toMatchObject({ status: 409, body: { type: "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN" } });
    const tooMuch = await rest("POST", "/payments/order0001/cancel", {
      reason: "x",
      amount: 39001,
      refundAccount: REFUND_ACCOUNT,
    });
    expect(tooMuch).toMatchObject({ status: 409, body: { type: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT" } });
    expect((await getPayment()).body.status).toBe("PAID");
  });

  it("replays the first refusal under the same Idempotency-Key, and refunds under a new key with the account", async () => {
    const { rest, getPayment } = await depositedAccount();
    const key = { "Idempotency-Key": "va-refund-key-0001" };
    expect((await rest("POST", "/payments/order0001/cancel", { reason: "x" }, key)).status).toBe(400);
    const replay = await rest(
      "POST",
      "/payments/order0001/cancel",
      { reason: "x", refundAccount: REFUND_ACCOUNT },
      key,
    );
    expect(replay).toMatchObject({ status: 400, body: { type: "INVALID_REQUEST" } });
    expect((await getPayment()).body.status).toBe("PAID");
    const fresh = await rest(
      "POST",
      "/payments/order0001/cancel",
      { reason: "x", refundAccount: REFUND_ACCOUNT },
      { "Idempotency-Key": "va-refund-key-0002" },
    );
    expect(fresh.status).toBe(200);
    expect((await getPayment()).body.status).toBe("CANCELLED");
  });

  it("still answers 409 PAYMENT_NOT_PAID for an account still waiting for its deposit, account or not", async () => {
    const { act, rest } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT" });
    for (const body of [{ reason: "x" }, { reason: "x", refundAccount: REFUND_ACCOUNT }]) {
      expect(await rest("POST", "/payments/order0001/cancel", body)).toMatchObject({
        status: 409,
        body: { type: "PAYMENT_NOT_PAID" },
      });
    }
  });
});

describe("POST /_emulator/payments/:paymentId/cancel of a paid virtual account", () => {
  it("cancels from the console without a refund account (PortOne's console asks in its own form)", async () => {
    const { control, getPayment, emulator } = await depositedAccount();
    const { status, body } = await control("POST", "/payments/order0001/cancel", { amount: 1000 });
    expect(status).toBe(200);
    expect(body.cancellation).toMatchObject({ trigger: "CONSOLE", totalAmount: 1000 });
    expect((await getPayment()).body.status).toBe("PARTIAL_CANCELLED");
    expect(emulator.payment(ORDER.paymentId)?.refundAccounts).toBeUndefined();
  });

  it("keeps a refund account given to the console, and refuses a malformed one with 400 INVALID_REQUEST", async () => {
    const { control, emulator } = await depositedAccount();
    const bad = await control("POST", "/payments/order0001/cancel", { refundAccount: { bank: "KB" } });
    expect(bad).toMatchObject({ status: 400, body: { type: "INVALID_REQUEST" } });
    const { body } = await control("POST", "/payments/order0001/cancel", { refundAccount: REFUND_ACCOUNT });
    expect(emulator.payment(ORDER.paymentId)?.refundAccounts).toEqual([
      { cancellationId: body.cancellation.id, ...REFUND_ACCOUNT },
    ]);
  });
});

describe("MAX_CANCEL_COUNT_REACHED", () => {
  it("refuses the cancellation after maxCancelCount with 409 MAX_CANCEL_COUNT_REACHED and changes nothing", async () => {
    const { act, rest, getPayment } = setup({ maxCancelCount: 2 });
    await act("PAID");
    for (const amount of [1000, 2000]) {
      expect((await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount })).status).toBe(200);
    }
    const third = await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount: 3000 });
    expect(third).toMatchObject({ status: 409, body: { type: "MAX_CANCEL_COUNT_REACHED" } });
    expect((await getPayment()).body).toMatchObject({ status: "PARTIAL_CANCELLED", amount: { cancelled: 3000 } });
  });

  it(`takes ${MAX_CANCEL_COUNT} cancellations by default, and PUT /_emulator/config changes the cap`, async () => {
    const { act, rest, control } = setup();
    await act("PAID");
    expect((await control("GET", "/config")).body.maxCancelCount).toBe(MAX_CANCEL_COUNT);
    for (let i = 0; i < MAX_CANCEL_COUNT; i++) {
      expect((await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount: 100 })).status).toBe(200);
    }
    const refused = await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount: 100 });
    expect(refused.body.type).toBe("MAX_CANCEL_COUNT_REACHED");
    expect((await control("PUT", "/config", { maxCancelCount: 0 })).status).toBe(400);
    await control("PUT", "/config", { maxCancelCount: MAX_CANCEL_COUNT + 1 });
    expect((await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount: 100 })).status).toBe(200);
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PaymentClient, Webhook } from "@portone/server-sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEV_API_SECRET, DEV_WEBHOOK_SECRET } from "../../emulator/dev-secrets.ts";
import { type RunningEmulator, startEmulator } from "../../emulator/server.ts";
import { ORDER } from "./setup.ts";
import { NESTED_SHAPES, PAYMENT_SHAPES } from "./spec-shapes.ts";

const MANUAL_CHANNEL = "channel-key-manual";
let running: RunningEmulator;
let client: ReturnType<typeof PaymentClient>;

beforeAll(async () => {
  running = await startEmulator({
    apiSecret: DEV_API_SECRET,
    webhookSecret: DEV_WEBHOOK_SECRET,
    manualConfirmChannelKeys: [MANUAL_CHANNEL],
    port: 0,
  });
  client = PaymentClient({ secret: DEV_API_SECRET, baseUrl: running.url });
  // One payment in each status, shared by the tests below (which only read them).
  await act("sdkPaid", "PAID", { customer: { fullName: "홍길동", phoneNumber: "01012345678" } });
  await act("sdkFailed", "FAILED");
  await act("sdkAccount", "VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT" });
  await act("sdkPending", "PAY_PENDING");
  await act("sdkReady", "PAID", { channelKey: MANUAL_CHANNEL });
  await act("sdkPartial", "PAID");
  await client.cancelPayment({ paymentId: "sdkPartial", reason: "일부", amount: 1000 });
  await act("sdkCancelled", "PAID");
  await client.cancelPayment({ paymentId: "sdkCancelled", reason: "전체" });
});
afterAll(() => running.close());

/** The shopper acting in the window, over HTTP like the payment window does. */
async function act(paymentId: string, outcome: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${running.url}/_emulator/payments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...ORDER, paymentId, outcome, ...extra }),
  });
  return (await response.json()) as { txId: string; paymentToken?: string; code?: string };
}

/** Fails unless `value` has every required field of `shape` and nothing the spec lacks. */
function expectShape(value: unknown, shape: { required: string[]; properties: string[] }, where: string) {
  const keys = Object.keys(value as object);
  expect(
    shape.required.filter((key) => !keys.includes(key)),
    `${where}: missing`,
  ).toEqual([]);
  expect(
    keys.filter((key) => !shape.properties.includes(key)),
    `${where}: not in the spec`,
  ).toEqual([]);
}

function nested(name: string) {
  const shape = NESTED_SHAPES[name];
  if (!shape) throw new Error(`no shape ${name}`);
  return shape;
}

describe("the emulator through @portone/server-sdk", () => {
  it("serves every payment status in the spec's shape to PaymentClient.getPayment", async () => {
    const expected = {
      sdkPaid: "PAID",
      sdkFailed: "FAILED",
      sdkAccount: "VIRTUAL_ACCOUNT_ISSUED",
      sdkPending: "PAY_PENDING",
      sdkReady: "READY",
      sdkPartial: "PARTIAL_CANCELLED",
      sdkCancelled: "CANCELLED",
    } as const;
    for (const [paymentId, status] of Object.entries(expected)) {
      const payment = await client.getPayment({ paymentId });
      expect(payment.status, paymentId).toBe(status);
      expectShape(payment, PAYMENT_SHAPES[status] ?? { required: [], properties: [] }, status);
      if (!("amount" in payment)) throw new Error("no amount");
      expectShape(payment.amount, nested("PaymentAmount"), `${status}.amount`);
      expectShape(payment.customer, nested("Customer"), `${status}.customer`);
      if ("channel" in payment && payment.channel)
        expectShape(payment.channel, nested("SelectedChannel"), `${status}.channel`);
      if ("origin" in payment) expectShape(payment.origin, nested("PaymentOrigin"), `${status}.origin`);
    }
  });

  it("narrows as the SDK's types say: paid amounts, the virtual account, the failure, the cancellations", async () => {
    const paid = await client.getPayment({ paymentId: "sdkPaid" });
    if (paid.status !== "PAID") throw new Error(String(paid.status));
    expect(paid.amount.paid).toBe(ORDER.totalAmount);
    expect(paid.channel.type).toBe("TEST");
    expect(paid.customer.name).toBe("홍길동");
    expect(paid.method?.type).toBe("PaymentMethodCard");
    expectShape(paid.method, nested("PaymentMethodCard"), "PaymentMethodCard");
    expect(paid.receiptUrl).toBe(`${running.url}/receipts/sdkPaid`);
    expect((await fetch(paid.receiptUrl ?? "")).status).toBe(200);

    const account = await client.getPayment({ paymentId: "sdkAccount" });
    if (account.status !== "VIRTUAL_ACCOUNT_ISSUED" || account.method?.type !== "PaymentMethodVirtualAccount") {
      throw new Error("expected an issued virtual account");
    }
    expect(account.method.accountNumber).toMatch(/^\d+$/);
    expect(account.method.bank).toBe("HANA");
    expectShape(account.method, nested("PaymentMethodVirtualAccount"), "PaymentMethodVirtualAccount");

    const failed = await client.getPayment({ paymentId: "sdkFailed" });
    if (failed.status !== "FAILED") throw new Error(String(failed.status));
    expect(failed.failure.pgCode).toBe("CARD_DECLINED");
    expectShape(failed.failure, nested("PaymentFailure"), "PaymentFailure");

    const partial = await client.getPayment({ paymentId: "sdkPartial" });
    if (partial.status !== "PARTIAL_CANCELLED") throw new Error(String(partial.status));
    expect(partial.amount.cancelled).toBe(1000);
    const [cancellation] = partial.cancellations;
    expect(cancellation?.status).toBe("SUCCEEDED");
    expectShape(cancellation, nested("SucceededPaymentCancellation"), "SucceededPaymentCancellation");
  });

  it("serves a virtual account without bank, remitteeName and expiredAt in the spec's shape", async () => {
    await act("sdkBareAccount", "VIRTUAL_ACCOUNT_ISSUED", {
      payMethod: "VIRTUAL_ACCOUNT",
      virtualAccount: { bank: null, remitteeName: null, expiredAt: null },
    });
    const payment = await client.getPayment({ paymentId: "sdkBareAccount" });
    if (payment.status !== "VIRTUAL_ACCOUNT_ISSUED" || payment.method?.type !== "PaymentMethodVirtualAccount") {
      throw new Error("expected an issued virtual account");
    }
    expectShape(
      payment,
      PAYMENT_SHAPES.VIRTUAL_ACCOUNT_ISSUED ?? { required: [], properties: [] },
      "VIRTUAL_ACCOUNT_ISSUED",
    );
    expectShape(payment.method, nested("PaymentMethodVirtualAccount"), "PaymentMethodVirtualAccount");
    expect(payment.method.accountNumber).toMatch(/^\d+$/);
    expect([payment.method.bank, payment.method.remitteeName, payment.method.expiredAt]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("pre-registers with preRegisterPayment, and a different amount then fails in the window", async () => {
    await expect(
      client.preRegisterPayment({ paymentId: "sdkPre", storeId: ORDER.storeId, totalAmount: 39000, currency: "KRW" }),
    ).resolves.toEqual({});
    expect((await act("sdkPre", "PAID", { totalAmount: 100 })).code).toBe("AmountNotEqualToPredefined");
    expect((await client.getPayment({ paymentId: "sdkPre" })).status).toBe("FAILED");
  });

  it("cancels with cancelPayment sent twice under one Idempotency-Key, cancelling once", async () => {
    await act("sdkIdem", "PAID");
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) =>
      realFetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), "Idempotency-Key": '"sdk-idem-cancel-0001"' },
      }),
    );
    try {
      const first = await client.cancelPayment({ paymentId: "sdkIdem", reason: "중복 요청", amount: 5000 });
      const second = await client.cancelPayment({ paymentId: "sdkIdem", reason: "중복 요청", amount: 5000 });
      expect(second.cancellation).toEqual(first.cancellation);
      expect(first.cancellation).toMatchObject({ status: "SUCCEEDED", totalAmount: 5000 });
    } finally {
      vi.unstubAllGlobals();
    }
    const payment = await client.getPayment({ paymentId: "sdkIdem" });
    expect(payment.status === "PARTIAL_CANCELLED" && payment.amount.cancelled).toBe(5000);
  });

  it("confirms a manual-confirm payment with confirmPayment, and refuses a wrong amount", async () => {
    const window = await act("sdkConfirm", "PAID", { channelKey: MANUAL_CHANNEL });
    const paymentToken = window.paymentToken ?? "";
    await expect(
      client.confirmPayment({ paymentId: "sdkConfirm", paymentToken, totalAmount: 1, currency: "KRW" }),
    ).rejects.toMatchObject({
      data: { type: "INFORMATION_MISMATCH" },
    });
    const summary = await client.confirmPayment({
      paymentId: "sdkConfirm",
      paymentToken,
      totalAmount: 39000,
      currency: "KRW",
      isTest: true,
    });
    expectShape(summary, nested("ConfirmedPaymentSummary"), "ConfirmedPaymentSummary");
    expect((await client.getPayment({ paymentId: "sdkConfirm" })).status).toBe("PAID");
  });

  it("closes an issued virtual account with closeVirtualAccount", async () => {
    await act("sdkClose", "VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT" });
    const closed = await client.closeVirtualAccount({ paymentId: "sdkClose", storeId: ORDER.storeId });
    expectShape(closed, nested("CloseVirtualAccountResponse"), "CloseVirtualAccountResponse");
    await expect(client.closeVirtualAccount({ paymentId: "sdkClose" })).rejects.toMatchObject({
      data: { type: "PAYMENT_NOT_WAITING_FOR_DEPOSIT" },
    });
  });

  it("lists every status with getPayments in the spec's GetPaymentsResponse, PageInfo and Payment shapes", async () => {
    const answer = await client.getPayments({ page: { number: 0, size: 100 } });
    expectShape(answer, nested("GetPaymentsResponse"), "GetPaymentsResponse");
    expectShape(answer.page, nested("PageInfo"), "PageInfo");
    expect(answer.page).toEqual({ number: 0, size: 100, totalCount: answer.items.length });
    for (const payment of answer.items) {
      const status = String(payment.status);
      expectShape(payment, PAYMENT_SHAPES[status] ?? { required: [], properties: [] }, `items ${status}`);
    }
    expect(new Set(answer.items.map((payment) => payment.status))).toEqual(
      new Set(["PAID", "FAILED", "VIRTUAL_ACCOUNT_ISSUED", "PAY_PENDING", "READY", "PARTIAL_CANCELLED", "CANCELLED"]),
    );
  });

  it("filters getPayments by status, store and time window, and pages them with totalCount", async () => {
    const everything = await client.getPayments({ page: { number: 0, size: 100 } });
    const cancelled = everything.items.filter((p) => p.status === "CANCELLED" || p.status === "PARTIAL_CANCELLED");
    const first = await client.getPayments({
      page: { number: 0, size: 1 },
      filter: {
        status: ["CANCELLED", "PARTIAL_CANCELLED"],
        storeId: ORDER.storeId,
        timestampType: "STATUS_CHANGED_AT",
      },
    });
    expect(first.page).toEqual({ number: 0, size: 1, totalCount: cancelled.length });
    expect(first.items).toHaveLength(1);
    expect(["CANCELLED", "PARTIAL_CANCELLED"]).toContain(first.items[0]?.status);
    const otherStore = await client.getPayments({ filter: { storeId: "store-other" } });
    expect(otherStore.page.totalCount).toBe(0);
    const longAgo = await client.getPayments({
      filter: { timestampType: "CREATED_AT", until: "2000-01-01T00:00:00Z" },
    });
    expect(longAgo).toEqual({ items: [], page: { number: 0, size: 10, totalCount: 0 } });
    await expect(client.getPayments({ page: { number: 60_000, size: 1 } })).rejects.toMatchObject({
      data: { type: "INVALID_REQUEST" },
    });
  });

  it("settles a sale through getPayments alone while dropWebhooks keeps every webhook from the shop", async () => {
    let delivered = 0;
    const shop = createServer((_request, response) => {
      delivered++;
      response.end("ok");
    });
    await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
    const quiet = await startEmulator({
      apiSecret: DEV_API_SECRET,
      webhookSecret: DEV_WEBHOOK_SECRET,
      webhookUrl: `http://127.0.0.1:${(shop.address() as AddressInfo).port}/api/webhooks/portone`,
      dropWebhooks: true,
      port: 0,
    });
    try {
      const from = new Date().toISOString();
      await fetch(`${quiet.url}/_emulator/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...ORDER, paymentId: "sdkQuiet", outcome: "PAID" }),
      });
      await quiet.emulator.flushWebhooks();
      expect(delivered).toBe(0);
      expect(quiet.emulator.webhooks("sdkQuiet")).toMatchObject([
        { type: "Transaction.Paid", dropped: true, deliveries: [] },
      ]);
      const reconciler = PaymentClient({ secret: DEV_API_SECRET, baseUrl: quiet.url });
      const found = await reconciler.getPayments({
        filter: { from, until: new Date().toISOString(), status: ["PAID"], storeId: ORDER.storeId },
      });
      expect(found.items.map((p) => (p.status === "PAID" ? [p.id, p.amount.paid, p.channel.type] : p.status))).toEqual([
        ["sdkQuiet", ORDER.totalAmount, "TEST"],
      ]);
    } finally {
      await quiet.close();
      await new Promise<void>((resolve) => shop.close(() => resolve()));
    }
  });

  it("throws the SDK's error with data.type UNAUTHORIZED for a wrong secret, and PAYMENT_NOT_FOUND", async () => {
    const intruder = PaymentClient({ secret: "wrong-secret", baseUrl: running.url });
    await expect(intruder.getPayment({ paymentId: "sdkPaid" })).rejects.toMatchObject({
      data: { type: "UNAUTHORIZED" },
    });
    await expect(client.getPayment({ paymentId: "nope" })).rejects.toMatchObject({
      data: { type: "PAYMENT_NOT_FOUND" },
    });
  });

  it("signs webhooks that Webhook.verify accepts, for every event of a payment", async () => {
    await act("sdkHooks", "VIRTUAL_ACCOUNT_ISSUED");
    await fetch(`${running.url}/_emulator/payments/sdkHooks/deposit`, { method: "POST" });
    await client.cancelPayment({
      paymentId: "sdkHooks",
      reason: "환불",
      refundAccount: { bank: "KOOKMIN", number: "123456-01-234567", holderName: "홍길동" },
    });
    const { webhooks } = (await (await fetch(`${running.url}/_emulator/webhooks?paymentId=sdkHooks`)).json()) as {
      webhooks: { body: string; headers: Record<string, string> }[];
    };
    const verified = await Promise.all(webhooks.map((w) => Webhook.verify(DEV_WEBHOOK_SECRET, w.body, w.headers)));
    expect(verified.map((w) => w.type)).toEqual([
      "Transaction.VirtualAccountIssued",
      "Transaction.Paid",
      "Transaction.Cancelled",
    ]);
  });
});

import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  call,
  complete,
  createOrder,
  deliver,
  emulator,
  outage,
  pay,
  seedCatalog,
  sign,
  storedOrder,
  transactionBody,
  webhooksFor,
} from "./support.ts";

beforeAll(seedCatalog);

const secret = () => inject("emulatorWebhookSecret");
const OTHER_SECRET = "whsec_b3RoZXItc2VjcmV0LXRoYXQtcG9ydG9uZS1uZXZlci1nYXZl";

async function lastWebhook(paymentId: string, type: string) {
  const list = await webhooksFor(paymentId);
  const found = list.filter((w) => JSON.parse(w.body).type === type).at(-1);
  if (!found)
    throw new Error(`no ${type} webhook for ${paymentId}: ${list.map((w) => JSON.parse(w.body).type).join(", ")}`);
  return found;
}

describe("POST /api/webhooks/portone", () => {
  it("settles a paid order from PortOne's signed webhook alone, with no browser call", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const response = await deliver(await lastWebhook(order.paymentId, "Transaction.Paid"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, outcome: "SETTLED" });
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
  });

  it("reaches the same PAID state whether the webhook comes before or after the browser", async () => {
    const before = await createOrder();
    await pay(before, "PAID");
    await deliver(await lastWebhook(before.paymentId, "Transaction.Paid"));
    expect(await complete(before.paymentId)).toMatchObject({ status: 200, body: { status: "PAID" } });

    const after = await createOrder();
    await pay(after, "PAID");
    await complete(after.paymentId);
    const response = await deliver(await lastWebhook(after.paymentId, "Transaction.Paid"));
    expect(response.status).toBe(200);
    expect((await storedOrder(after.paymentId))?.status).toBe("PAID");
    expect((await storedOrder(before.paymentId))?.status).toBe("PAID");
  });

  it("acknowledges a duplicate delivery (same webhook-id) without changing anything", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const webhook = await lastWebhook(order.paymentId, "Transaction.Paid");
    await deliver(webhook);
    const stored = await storedOrder(order.paymentId);
    const again = await deliver(webhook);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: "DUPLICATE" });
    expect(await storedOrder(order.paymentId)).toEqual(stored);
  });

  it("refuses a webhook for a tampered payment and cancels it, even without the browser", async () => {
    const order = await createOrder();
    await pay(order, "PAID", { amountPaid: 1000 });
    const response = await deliver(await lastWebhook(order.paymentId, "Transaction.Paid"));
    expect(response.status).toBe(200);
    expect(await storedOrder(order.paymentId)).toMatchObject({
      status: "REJECTED",
      failure: { code: "AMOUNT_MISMATCH" },
    });
    expect((await emulator(`/payments/${order.paymentId}`)).status).toBe("CANCELLED");
  });

  it("reaches REJECTED AMOUNT_MISMATCH when the webhook and the browser settle a tampered payment at once", async () => {
    for (let round = 0; round < 3; round++) {
      const order = await createOrder();
      await pay(order, "PAID", { amountPaid: 500 });
      const webhook = await lastWebhook(order.paymentId, "Transaction.Paid");
      const [browser, notice] = await Promise.all([complete(order.paymentId), deliver(webhook)]);
      expect(browser).toMatchObject({ status: 409, body: { code: "AMOUNT_MISMATCH" } });
      expect(notice.status).toBe(200);
      expect(await storedOrder(order.paymentId)).toMatchObject({
        status: "REJECTED",
        failure: { code: "AMOUNT_MISMATCH" },
      });
      expect(await complete(order.paymentId)).toMatchObject({ status: 409, body: { code: "AMOUNT_MISMATCH" } });
    }
  });

  it("settles a virtual account paid hours later from the deposit webhook", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 2 }], "VIRTUAL_ACCOUNT");
    await pay(order, "VIRTUAL_ACCOUNT_ISSUED");
    await deliver(await lastWebhook(order.paymentId, "Transaction.VirtualAccountIssued"));
    expect((await storedOrder(order.paymentId))?.status).toBe("AWAITING_DEPOSIT");
    await emulator(`/payments/${order.paymentId}/deposit`, { json: {} });
    await deliver(await lastWebhook(order.paymentId, "Transaction.Paid"));
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
  });

  it("moves a paid order to CANCELLED when PortOne reports a cancel", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    await complete(order.paymentId);
    await emulator(`/payments/${order.paymentId}/cancel`, { json: { reason: "고객 요청" } });
    await deliver(await lastWebhook(order.paymentId, "Transaction.Cancelled"));
    expect(await storedOrder(order.paymentId)).toMatchObject({
      status: "CANCELLED",
      failure: { code: "PAYMENT_CANCELLED" },
    });
  });

  it("does not move a paid order back when an old Transaction.VirtualAccountIssued arrives late", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 1 }], "VIRTUAL_ACCOUNT");
    await pay(order, "VIRTUAL_ACCOUNT_ISSUED");
    const issued = await lastWebhook(order.paymentId, "Transaction.VirtualAccountIssued");
    await emulator(`/payments/${order.paymentId}/deposit`, { json: {} });
    await deliver(await lastWebhook(order.paymentId, "Transaction.Paid"));
    await deliver(issued);
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
  });

  it.each([
    [
      "a forged signature",
      async (body: string) => ({
        ...(await sign(secret(), body)),
        headers: { ...(await sign(secret(), body)).headers, "webhook-signature": "v1,Zm9yZ2VkIHNpZ25hdHVyZQ==" },
      }),
    ],
    ["a body re-signed with another key", async (body: string) => sign(OTHER_SECRET, body)],
    [
      "a body changed after signing",
      async (body: string) => ({
        ...(await sign(secret(), body)),
        body: body.replace("Transaction.Paid", "Transaction.Paid "),
      }),
    ],
    [
      "a stale timestamp (10 minutes old)",
      async (body: string) => sign(secret(), body, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
    ],
    [
      "a timestamp from the future",
      async (body: string) => sign(secret(), body, { timestamp: Math.floor(Date.now() / 1000) + 600 }),
    ],
    ["no signature headers", async (body: string) => ({ headers: {}, body })],
  ])("refuses %s with 401 WEBHOOK_SIGNATURE_INVALID and leaves the order alone", async (_, build) => {
    const order = await createOrder();
    await pay(order, "PAID");
    const response = await deliver(await build(transactionBody("Transaction.Paid", order.paymentId)));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "WEBHOOK_SIGNATURE_INVALID" });
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
  });

  it("refuses a captured delivery replayed after the 5-minute tolerance", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const captured = await sign(secret(), transactionBody("Transaction.Paid", order.paymentId), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    const response = await deliver(captured);
    expect(response.status).toBe(401);
  });

  it("accepts the next secret during a rotation (PORTONE_WEBHOOK_SECRET_NEXT)", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const webhook = await sign(OTHER_SECRET, transactionBody("Transaction.Paid", order.paymentId));
    const response = await deliver(webhook, { PORTONE_WEBHOOK_SECRET_NEXT: OTHER_SECRET });
    expect(response.status).toBe(200);
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
  });

  it("settles from PortOne's record, not from the webhook's type", async () => {
    const order = await createOrder();
    await pay(order, "FAILED");
    // A correctly signed "Paid" notice for a payment PortOne says failed does not pay the order.
    await deliver(await sign(secret(), transactionBody("Transaction.Paid", order.paymentId)));
    expect((await storedOrder(order.paymentId))?.status).toBe("FAILED");
  });

  it.each([
    [
      "an unknown type",
      JSON.stringify({ type: "BillingKey.Issued", timestamp: "2026-01-01T00:00:00Z", data: { billingKey: "bk" } }),
      "IGNORED",
    ],
    [
      "a type PortOne adds later",
      JSON.stringify({ type: "Something.New", timestamp: "2026-01-01T00:00:00Z", data: {} }),
      "IGNORED",
    ],
    [
      "a payment this checkout never created",
      transactionBody("Transaction.Paid", "payFromAnotherIntegration"),
      "IGNORED",
    ],
    ["another store's payment", transactionBody("Transaction.Paid", "payX", "store-other"), "IGNORED"],
  ])("acknowledges %s with 200 and ignores it", async (_, body, outcome) => {
    const response = await deliver(await sign(secret(), body));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, outcome });
  });

  it("ignores a correctly signed webhook with a 600-character paymentId as 200 IGNORED, never 500", async () => {
    const response = await deliver(await sign(secret(), transactionBody("Transaction.Paid", "p".repeat(600))));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, outcome: "IGNORED" });
  });

  it("settles a correctly signed webhook with a 600-character webhook-id, and knows its redelivery as DUPLICATE", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const webhook = await sign(secret(), transactionBody("Transaction.Paid", order.paymentId), {
      id: `msg_${"x".repeat(596)}`,
    });
    const first = await deliver(webhook);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, outcome: "SETTLED" });
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
    const again = await deliver(webhook);
    expect(await again.json()).toEqual({ ok: true, outcome: "DUPLICATE" });
  });

  it("answers a correctly signed webhook whose paymentId and webhook-id are both 600 characters with 200 IGNORED", async () => {
    const webhook = await sign(secret(), transactionBody("Transaction.Paid", "a".repeat(600)), {
      id: `msg/${"y".repeat(596)}`,
    });
    const response = await deliver(webhook);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, outcome: "IGNORED" });
  });

  it("answers 503 when PortOne cannot be read, so PortOne delivers again, and the redelivery settles", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    const webhook = await lastWebhook(order.paymentId, "Transaction.Paid");
    await outage(`/payments/${order.paymentId}`, { status: 503 });
    const first = await deliver(webhook);
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ code: "PORTONE_UNAVAILABLE" });
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
    const retry = await deliver(webhook);
    expect(retry.status).toBe(200);
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
  });

  it("refuses an oversized body with 413 PAYLOAD_TOO_LARGE", async () => {
    const response = await call("/api/webhooks/portone", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(70_000),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("fails closed with 503 NOT_CONFIGURED when no webhook secret is set", async () => {
    const webhook = await sign(secret(), transactionBody("Transaction.Paid", "payAny"));
    const response = await deliver(webhook, { PORTONE_WEBHOOK_SECRET: "", PORTONE_WEBHOOK_SECRET_NEXT: "" });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "NOT_CONFIGURED" });
  });
});

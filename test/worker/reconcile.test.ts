import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CreatedOrder } from "../../contract/index.ts";
import { paymentRequest } from "../../widget/payment-request.ts";
import worker from "../../worker/index.ts";
import { createOrder, emulator, outage, pay, seedCatalog, storedOrder, webhooksFor } from "./support.ts";

/**
 * Every sale here is settled by the cron alone: the emulator drops every webhook and no test
 * calls /complete. The emulator's clock is the real one, so the cron runs at the real time too.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

async function runCron(at = new Date()) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at.getTime(), cron: "*/10 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
  return at;
}

const checkpoint = async () =>
  (await env.CHECKOUT_DB.prepare("SELECT at FROM checkpoints WHERE name = 'reconcile'").first<{ at: string }>())?.at ??
  null;

async function setCheckpoint(at: Date) {
  await env.CHECKOUT_DB.prepare(
    "INSERT INTO checkpoints (name, at, updated_at) VALUES ('reconcile', ?1, ?1) ON CONFLICT (name) DO UPDATE SET at = ?1",
  )
    .bind(at.toISOString())
    .run();
}

const events = async (paymentId: string) =>
  (
    await env.CHECKOUT_DB.prepare(
      "SELECT from_status, to_status, cause, detail FROM order_events WHERE payment_id = ? ORDER BY id",
    )
      .bind(paymentId)
      .all()
  ).results;

/** Makes the ledger believe the order was created `days` ago. */
async function backdate(paymentId: string, days: number) {
  await env.CHECKOUT_DB.prepare("UPDATE orders SET created_at = ? WHERE payment_id = ?")
    .bind(new Date(Date.now() - days * DAY_MS).toISOString(), paymentId)
    .run();
}

/** A virtual account issued for the order, due at `expiredAt`. */
function issueAccount(order: CreatedOrder, expiredAt: string) {
  return emulator("/payments", {
    json: {
      ...paymentRequest(order, { redirectUrl: "https://shop.example/" }),
      outcome: "VIRTUAL_ACCOUNT_ISSUED",
      channelType: "LIVE",
      virtualAccount: { expiredAt },
    },
  });
}

beforeAll(async () => {
  await emulator("/config", { method: "PUT", json: { dropWebhooks: true } });
});

afterAll(async () => {
  await emulator("/config", { method: "PUT", json: { dropWebhooks: false } });
});

beforeEach(async () => {
  await seedCatalog();
  // A small window: the shared emulator holds every other test file's payments too.
  await setCheckpoint(new Date(Date.now() - 60_000));
});

describe("scheduled: reconciliation with PortOne", () => {
  it("settles a card payment whose browser report and webhook were lost as PAID, caused by SCHEDULE", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 1 }]);
    await pay(order);
    expect((await webhooksFor(order.paymentId)).every((w) => (w as { dropped?: boolean }).dropped)).toBe(true);
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");

    const at = await runCron();
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
    expect(await events(order.paymentId)).toEqual([
      { from_status: null, to_status: "PENDING", cause: "BROWSER", detail: null },
      { from_status: "PENDING", to_status: "PAID", cause: "SCHEDULE", detail: null },
    ]);
    expect(await checkpoint()).toBe(at.toISOString());
  });

  it("settles a deposit into a virtual account issued earlier as PAID on a later run", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 1 }], "VIRTUAL_ACCOUNT");
    await issueAccount(order, new Date(Date.now() + 3 * DAY_MS).toISOString());
    const first = await runCron();
    expect((await storedOrder(order.paymentId))?.status).toBe("AWAITING_DEPOSIT");

    // The order was issued its account days ago; the shopper pays now and no webhook arrives.
    await backdate(order.paymentId, 2);
    await emulator(`/payments/${order.paymentId}/deposit`, { method: "POST" });
    const second = await runCron(new Date(Math.max(Date.now(), first.getTime() + 1)));
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
    expect((await events(order.paymentId)).slice(1)).toEqual([
      { from_status: "PENDING", to_status: "AWAITING_DEPOSIT", cause: "SCHEDULE", detail: null },
      { from_status: "AWAITING_DEPOSIT", to_status: "PAID", cause: "SCHEDULE", detail: null },
    ]);
    expect(await checkpoint()).toBe(second.toISOString());
  });

  it("rejects a tampered payment it finds with AMOUNT_MISMATCH and refunds it in PortOne", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 1 }]);
    await pay(order, "PAID", { amountPaid: 100 });
    await runCron();
    expect(await storedOrder(order.paymentId)).toMatchObject({
      status: "REJECTED",
      failure: { code: "AMOUNT_MISMATCH" },
      refund: { state: "DONE" },
    });
    expect((await events(order.paymentId)).at(-1)).toEqual({
      from_status: "PENDING",
      to_status: "REJECTED",
      cause: "SCHEDULE",
      detail: "AMOUNT_MISMATCH",
    });
    expect((await emulator(`/payments/${order.paymentId}`)).status).toBe("CANCELLED");
  });

  it("leaves the checkpoint where it was while PortOne's listing answers 500, and the next run settles", async () => {
    const before = new Date(Date.now() - 60_000);
    await setCheckpoint(before);
    const order = await createOrder([{ productId: "mug", quantity: 1 }]);
    await pay(order);
    // One failed call: the listing's first page (the reconciliation asks nothing else first).
    await outage("/payments", { status: 500, count: 1 });
    await runCron();
    expect(await checkpoint()).toBe(before.toISOString());
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");

    const at = await runCron();
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
    expect(await checkpoint()).toBe(at.toISOString());
  });
});

describe("scheduled: expiring orders", () => {
  it("fails a PENDING order past two days with no payment as ORDER_EXPIRED and settles one paid meanwhile as PAID", async () => {
    const unpaid = await createOrder([{ productId: "mug", quantity: 1 }]);
    const paid = await createOrder([{ productId: "mug", quantity: 1 }]);
    await pay(paid);
    await backdate(unpaid.paymentId, 3);
    await backdate(paid.paymentId, 3);
    // Reconciliation fails this run, so expiry alone must find that the second was paid.
    await outage("/payments", { status: 500, count: 1 });
    await runCron();
    expect(await storedOrder(unpaid.paymentId)).toMatchObject({
      status: "FAILED",
      failure: { code: "ORDER_EXPIRED" },
    });
    expect((await events(unpaid.paymentId)).at(-1)).toEqual({
      from_status: "PENDING",
      to_status: "FAILED",
      cause: "SCHEDULE",
      detail: "ORDER_EXPIRED",
    });
    expect((await storedOrder(paid.paymentId))?.status).toBe("PAID");
    expect((await events(paid.paymentId)).at(-1)).toMatchObject({ to_status: "PAID", cause: "SCHEDULE" });
  });

  it("keeps a PENDING order younger than two days", async () => {
    const young = await createOrder([{ productId: "mug", quantity: 1 }]);
    await backdate(young.paymentId, 1);
    await runCron();
    expect((await storedOrder(young.paymentId))?.status).toBe("PENDING");
  });

  it("fails an order whose virtual account passed its expiredAt unpaid as ORDER_EXPIRED", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 1 }], "VIRTUAL_ACCOUNT");
    await issueAccount(order, new Date(Date.now() - 60_000).toISOString());
    await runCron();
    expect(await storedOrder(order.paymentId)).toMatchObject({
      status: "FAILED",
      failure: { code: "ORDER_EXPIRED" },
    });
    expect((await events(order.paymentId)).slice(1)).toEqual([
      { from_status: "PENDING", to_status: "AWAITING_DEPOSIT", cause: "SCHEDULE", detail: null },
      { from_status: "AWAITING_DEPOSIT", to_status: "FAILED", cause: "SCHEDULE", detail: "ORDER_EXPIRED" },
    ]);
  });
});

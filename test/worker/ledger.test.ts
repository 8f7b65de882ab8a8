import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { complete, createOrder, deliver, emulator, pay, seedCatalog, storedOrder, webhooksFor } from "./support.ts";

beforeEach(async () => {
  await seedCatalog();
});

const kvKeys = async () => (await env.CHECKOUT_KV.list()).keys.map((k) => k.name).sort();

describe("the ledger (D1) beside the minted order (KV)", () => {
  it("writes KV once per checkout: the minted order, nothing for settlement or duplicate webhooks", async () => {
    const before = await kvKeys();
    const order = await createOrder([{ productId: "tshirt-black-m", quantity: 1 }], "VIRTUAL_ACCOUNT");
    await pay(order, "VIRTUAL_ACCOUNT_ISSUED");
    await complete(order.paymentId);
    await emulator(`/payments/${order.paymentId}/deposit`, { json: {} });
    for (const hook of await webhooksFor(order.paymentId)) {
      await deliver(hook);
      await deliver(hook);
    }
    await complete(order.paymentId);
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
    const added = (await kvKeys()).filter((k) => !before.includes(k));
    expect(added).toEqual([`order:${order.paymentId}`]);
    const minted = await env.CHECKOUT_KV.get<Record<string, unknown>>(`order:${order.paymentId}`, "json");
    expect(minted).not.toHaveProperty("status");
    const events = await env.CHECKOUT_DB.prepare(
      "SELECT from_status, to_status FROM order_events WHERE payment_id = ? ORDER BY id",
    )
      .bind(order.paymentId)
      .all();
    expect(events.results).toEqual([
      { from_status: null, to_status: "PENDING" },
      { from_status: "PENDING", to_status: "AWAITING_DEPOSIT" },
      { from_status: "AWAITING_DEPOSIT", to_status: "PAID" },
    ]);
  });

  it("settles from the ledger's copy when KV has not yet shown the minted order at this location", async () => {
    const order = await createOrder();
    await pay(order, "PAID");
    // As if the KV write had not reached the location the webhook landed at.
    await env.CHECKOUT_KV.delete(`order:${order.paymentId}`);
    const settled = await complete(order.paymentId);
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: "PAID", totalAmount: 29000 });
  });

  it("still refuses a tampered amount when settling from the ledger's copy", async () => {
    const order = await createOrder();
    await pay(order, "PAID", { amountPaid: 100 });
    await env.CHECKOUT_KV.delete(`order:${order.paymentId}`);
    const settled = await complete(order.paymentId);
    expect(settled.status).toBe(409);
    expect(settled.body).toMatchObject({ code: "AMOUNT_MISMATCH" });
  });
});

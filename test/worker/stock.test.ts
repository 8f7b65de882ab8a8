import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { AdminOrderList, AdminStockLevel, CreatedOrder, PublicCatalog } from "../../contract/index.ts";
import { listStock, setOnHand } from "../../worker/adapters/d1-stock.ts";
import { CATALOG, call, complete, emulator, pay } from "./support.ts";

/** The demo catalog plus a product with 3 units on hand. */
async function seed(onHand = 3) {
  const catalog = structuredClone(CATALOG) as typeof CATALOG & { products: Record<string, unknown> };
  catalog.products.print = {
    id: "print",
    name: "Signed print",
    amount: 50000,
    currency: "KRW",
    active: true,
    stock: onHand,
  };
  await env.CHECKOUT_KV.put("catalog", JSON.stringify(catalog));
  await setOnHand(env.CHECKOUT_DB, "print", onHand, new Date().toISOString());
}

const ADMIN = { authorization: "Bearer test-admin-token-0123456789abcdef0123" };
const level = async () => (await listStock(env.CHECKOUT_DB)).find((l) => l.productId === "print");
const buy = (quantity = 1) =>
  call("/api/orders", { method: "POST", json: { items: [{ productId: "print", quantity }] } });

beforeEach(async () => {
  await env.CHECKOUT_DB.prepare("DELETE FROM stock").run();
  await seed();
});

describe("stock limits", () => {
  it("lets exactly as many of 10 concurrent shoppers order as there are units, and refuses the rest with 409 OUT_OF_STOCK naming the product", async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => buy()));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const refused = answers.find((r) => r.status === 409) as Response;
    expect(await refused.json()).toMatchObject({ code: "OUT_OF_STOCK", message: expect.stringContaining("print") });
    expect(await level()).toMatchObject({ onHand: 3, reserved: 3, sold: 0, available: 0 });
    const catalog = (await (await call("/api/catalog")).json()) as PublicCatalog;
    expect(catalog.products.find((p) => p.id === "print")?.available).toBe(false);
  });

  it("stores nothing for an order that does not fit, even when its other lines would", async () => {
    const before = await env.CHECKOUT_DB.prepare("SELECT COUNT(*) AS n FROM orders").first<{ n: number }>();
    const response = await call("/api/orders", {
      method: "POST",
      json: {
        items: [
          { productId: "tshirt-black-m", quantity: 1 },
          { productId: "print", quantity: 4 },
        ],
      },
    });
    expect(response.status).toBe(409);
    const after = await env.CHECKOUT_DB.prepare("SELECT COUNT(*) AS n FROM orders").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
    expect(await level()).toMatchObject({ reserved: 0 });
  });

  it("turns a reservation into a sale when paid, and gives it back when the payment fails", async () => {
    const paid = (await (await buy()).json()) as CreatedOrder;
    const failed = (await (await buy()).json()) as CreatedOrder;
    await pay(paid, "PAID");
    await complete(paid.paymentId);
    await pay(failed, "FAILED");
    await complete(failed.paymentId);
    expect(await level()).toMatchObject({ onHand: 3, reserved: 0, sold: 1, available: 2 });
  });

  it("does not restock on a refund", async () => {
    const order = (await (await buy()).json()) as CreatedOrder;
    await pay(order, "PAID");
    await complete(order.paymentId);
    await emulator(`/payments/${order.paymentId}/cancel`, { json: { reason: "환불" } });
    await complete(order.paymentId);
    expect(await level()).toMatchObject({ sold: 1, available: 2 });
  });

  it("records a payment that arrives after its reservation was released and the stock is gone as paid and OVERSOLD, never refused", async () => {
    await seed(1);
    const late = (await (await buy()).json()) as CreatedOrder;
    // The order expired: its unit went back and another shopper bought it.
    await env.CHECKOUT_DB.prepare("UPDATE orders SET created_at = ? WHERE payment_id = ?")
      .bind("2020-01-01T00:00:00.000Z", late.paymentId)
      .run();
    await pay(late, "FAILED");
    await complete(late.paymentId);
    const other = (await (await buy()).json()) as CreatedOrder;
    await pay(other, "PAID");
    await complete(other.paymentId);
    expect(await level()).toMatchObject({ onHand: 1, sold: 1, available: 0 });
    // PortOne lets a failed paymentId be paid on a retry: the late shopper pays after all.
    await pay(late, "PAID");
    const settled = await complete(late.paymentId);
    expect(settled.status).toBe(200);
    expect(await level()).toMatchObject({ onHand: 1, sold: 2, oversold: 1, available: 0 });
    const row = await env.CHECKOUT_DB.prepare("SELECT oversold FROM orders WHERE payment_id = ?")
      .bind(late.paymentId)
      .first<{ oversold: number }>();
    expect(row?.oversold).toBe(1);
  });

  it("sets on hand without losing reservations in flight, and never below what is promised", async () => {
    await buy(2);
    expect(await setOnHand(env.CHECKOUT_DB, "print", 10, new Date().toISOString())).toEqual({
      onHand: 10,
      raised: false,
    });
    expect(await level()).toMatchObject({ onHand: 10, reserved: 2, available: 8 });
    expect(await setOnHand(env.CHECKOUT_DB, "print", 1, new Date().toISOString())).toEqual({ onHand: 2, raised: true });
    expect(await level()).toMatchObject({ onHand: 2, reserved: 2, available: 0 });
  });
});

describe("restocking a refund", () => {
  const refund = (paymentId: string, body: Record<string, unknown>) =>
    call(`/api/admin/orders/${paymentId}/refunds`, {
      method: "POST",
      headers: { ...ADMIN, "idempotency-key": crypto.randomUUID() },
      json: body,
    });

  it("puts the units back on hand only when the merchant asks, with a full refund", async () => {
    const order = (await (await buy(2)).json()) as CreatedOrder;
    await pay(order, "PAID");
    await complete(order.paymentId);
    expect(await level()).toMatchObject({ sold: 2, available: 1 });
    expect((await refund(order.paymentId, { amount: 50000, reason: "부분", restock: true })).status).toBe(201);
    expect(await level()).toMatchObject({ sold: 2, available: 1 });
    expect((await refund(order.paymentId, { reason: "나머지", restock: true })).status).toBe(201);
    expect(await level()).toMatchObject({ sold: 0, available: 3 });
  });

  it("does not restock a full refund the merchant did not ask to restock", async () => {
    const order = (await (await buy()).json()) as CreatedOrder;
    await pay(order, "PAID");
    await complete(order.paymentId);
    expect((await refund(order.paymentId, { reason: "전액" })).status).toBe(201);
    expect(await level()).toMatchObject({ sold: 1, available: 2 });
  });
});

describe("/api/admin/stock", () => {
  it("shows on hand, reserved, sold and available per limited product, and sets on hand", async () => {
    await buy(2);
    const levels = (await (await call("/api/admin/stock", { headers: ADMIN })).json()) as {
      products: AdminStockLevel[];
    };
    expect(levels.products).toContainEqual({
      productId: "print",
      onHand: 3,
      reserved: 2,
      sold: 0,
      oversold: 0,
      available: 1,
    });
    const set = await call("/api/admin/stock/print", { method: "POST", headers: ADMIN, json: { onHand: 7 } });
    expect(await set.json()).toEqual({ productId: "print", onHand: 7, raised: false });
    expect(await level()).toMatchObject({ onHand: 7, reserved: 2, available: 5 });
  });

  it.each([[{ onHand: -1 }], [{ onHand: 1.5 }], [{ onHand: "ten" }], [{}]])(
    "refuses %j with 400 INVALID_REQUEST",
    async (body) => {
      expect((await call("/api/admin/stock/print", { method: "POST", headers: ADMIN, json: body })).status).toBe(400);
    },
  );

  it("needs the admin's session or token", async () => {
    expect((await call("/api/admin/stock")).status).toBe(401);
    expect((await call("/api/admin/stock/print", { method: "POST", json: { onHand: 100 } })).status).toBe(401);
    expect(await level()).toMatchObject({ onHand: 3 });
  });
});

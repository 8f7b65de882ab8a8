import { describe, expect, it } from "vitest";
import { createOrder } from "../../../worker/services/create-order.ts";
import { CATALOG, fakeDeps } from "./fakes.ts";

describe("createOrder", () => {
  it("holds a limited product's units with the order, and refuses OUT_OF_STOCK with nothing stored when they do not fit", async () => {
    const catalog = structuredClone(CATALOG);
    catalog.products.mug = { ...(catalog.products.mug as NonNullable<typeof catalog.products.mug>), stock: 3 };
    const { deps, memory, events, portone } = fakeDeps({ catalog });
    memory.stock.set("mug", 3);
    expect(await createOrder(deps, { items: [{ productId: "mug", quantity: 2 }], payMethod: "CARD" })).toMatchObject({
      ok: true,
    });
    expect(memory.holds.get("pay1")).toEqual([{ productId: "mug", quantity: 2 }]);
    expect(await createOrder(deps, { items: [{ productId: "mug", quantity: 2 }], payMethod: "CARD" })).toEqual({
      ok: false,
      error: { code: "OUT_OF_STOCK", productId: "mug" },
    });
    expect(memory.orders.has("pay2")).toBe(false);
    expect(events.map((e) => e.paymentId)).toEqual(["pay1"]);
    // Known to be sold out: PortOne is not asked to pre-register an order that cannot be.
    expect(portone.calls.filter((c) => c.method === "preRegister")).toHaveLength(1);
  });

  it("claims nothing for a product without a stock limit", async () => {
    const { deps, memory } = fakeDeps();
    await createOrder(deps, { items: [{ productId: "mug", quantity: 99 }], payMethod: "CARD" });
    expect(memory.holds.get("pay1")).toEqual([]);
  });

  it("stores a PENDING order priced from the catalog, stamped by the injected clock", async () => {
    const { deps, memory, portone } = fakeDeps();
    const created = await createOrder(deps, { items: [{ productId: "mug", quantity: 2 }], payMethod: "CARD" });
    expect(created).toMatchObject({
      ok: true,
      value: { paymentId: "pay1", status: "PENDING", totalAmount: 24000, currency: "KRW" },
    });
    expect(memory.orders.get("pay1")).toMatchObject({
      createdAt: "2026-03-01T09:00:00.000Z",
      updatedAt: "2026-03-01T09:00:00.000Z",
      channelKey: "channel-key-card",
    });
    expect(portone.calls).toEqual([
      { method: "preRegister", input: { paymentId: "pay1", totalAmount: 24000, currency: "KRW" } },
    ]);
  });

  it("announces null → PENDING once, caused by the browser, at the clock's time", async () => {
    const { deps, events } = fakeDeps();
    await createOrder(deps, { items: [{ productId: "mug", quantity: 1 }], payMethod: "VIRTUAL_ACCOUNT" });
    expect(events).toEqual([
      { paymentId: "pay1", from: null, to: "PENDING", at: "2026-03-01T09:00:00.000Z", cause: "BROWSER" },
    ]);
  });

  it("uses the pay method's own channel key when one is configured", async () => {
    const { deps } = fakeDeps();
    const created = await createOrder(deps, {
      items: [{ productId: "mug", quantity: 1 }],
      payMethod: "VIRTUAL_ACCOUNT",
    });
    expect(created).toMatchObject({ ok: true, value: { channelKey: "channel-key-va" } });
  });

  it.each([
    ["an unknown product", [{ productId: "nope", quantity: 1 }], { code: "PRODUCT_NOT_FOUND", productId: "nope" }],
    [
      "a retired product",
      [{ productId: "retired", quantity: 1 }],
      { code: "PRODUCT_UNAVAILABLE", productId: "retired" },
    ],
  ])("refuses %s with %o, calls no PortOne and stores nothing", async (_, items, error) => {
    const { deps, memory, portone, events } = fakeDeps();
    expect(await createOrder(deps, { items, payMethod: "CARD" })).toEqual({ ok: false, error });
    expect(portone.calls).toEqual([]);
    expect(memory.orders.size).toBe(0);
    expect(events).toEqual([]);
  });

  it("refuses an empty catalog with CATALOG_EMPTY", async () => {
    const { deps } = fakeDeps({ catalog: null });
    expect(await createOrder(deps, { items: [{ productId: "mug", quantity: 1 }], payMethod: "CARD" })).toEqual({
      ok: false,
      error: { code: "CATALOG_EMPTY" },
    });
  });

  it("stores nothing and announces nothing when PortOne refuses the pre-registration", async () => {
    const { deps, memory, portone, events } = fakeDeps();
    portone.fail("preRegister", { kind: "UNAVAILABLE", detail: "503" });
    const created = await createOrder(deps, { items: [{ productId: "mug", quantity: 1 }], payMethod: "CARD" });
    expect(created).toEqual({ ok: false, error: { code: "PORTONE", failure: { kind: "UNAVAILABLE", detail: "503" } } });
    expect(memory.orders.size).toBe(0);
    expect(events).toEqual([]);
  });

  it("still creates the order when a lifecycle subscriber throws", async () => {
    const { deps, memory } = fakeDeps({
      listeners: [
        {
          onTransition: async () => {
            throw new Error("ledger down");
          },
        },
      ],
    });
    const created = await createOrder(deps, { items: [{ productId: "mug", quantity: 1 }], payMethod: "CARD" });
    expect(created.ok).toBe(true);
    expect(memory.orders.get("pay1")?.status).toBe("PENDING");
  });
});

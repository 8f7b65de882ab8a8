import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createOrder, emulator, ORIGIN, outage, STORE_ID, seedCatalog, storedOrder } from "./support.ts";

beforeAll(seedCatalog);

async function orderKeys() {
  return (await env.CHECKOUT_KV.list({ prefix: "order:" })).keys.length;
}

describe("POST /api/orders", () => {
  it("answers 201 with what requestPayment needs, priced from the catalog, and stores a PENDING order", async () => {
    const response = await call("/api/orders", {
      method: "POST",
      json: {
        items: [
          { productId: "tshirt-black-m", quantity: 2 },
          { productId: "mug", quantity: 1 },
        ],
      },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      orderName: "Black T-shirt (M) × 2 외 1건",
      totalAmount: 70000,
      currency: "KRW",
      storeId: STORE_ID,
      channelKey: "channel-key-test-card",
      payMethod: "CARD",
    });
    expect(body.paymentId).toMatch(/^[A-Za-z0-9]{1,40}$/);
    expect(await storedOrder(String(body.paymentId))).toMatchObject({
      status: "PENDING",
      totalAmount: 70000,
      currency: "KRW",
    });
  });

  it("pre-registers the amount with PortOne so a window opened with another totalAmount is refused", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 1 }]);
    const tampered = await emulator("/payments", {
      json: { ...order, totalAmount: 100, outcome: "PAID", channelType: "LIVE" },
    });
    expect(tampered.code).toBe("AmountNotEqualToPredefined");
  });

  it("mints a new paymentId for every order", async () => {
    const a = await createOrder();
    const b = await createOrder();
    expect(a.paymentId).not.toBe(b.paymentId);
  });

  it("ignores an amount sent by the browser and charges the catalog price", async () => {
    const response = await call("/api/orders", {
      method: "POST",
      json: { items: [{ productId: "mug", quantity: 1 }], totalAmount: 1, amount: 1 },
    });
    expect(response.status).toBe(201);
    const { paymentId, totalAmount } = (await response.json()) as { paymentId: string; totalAmount: number };
    expect(totalAmount).toBe(12000);
    expect((await storedOrder(paymentId))?.totalAmount).toBe(12000);
  });

  it.each([
    ["an empty cart", { items: [] }, 400, "INVALID_REQUEST"],
    ["no items at all", {}, 400, "INVALID_REQUEST"],
    ["a zero quantity", { items: [{ productId: "mug", quantity: 0 }] }, 400, "INVALID_REQUEST"],
    ["a negative quantity", { items: [{ productId: "mug", quantity: -3 }] }, 400, "INVALID_REQUEST"],
    ["a fractional quantity", { items: [{ productId: "mug", quantity: 1.5 }] }, 400, "INVALID_REQUEST"],
    ["a quantity as a string", { items: [{ productId: "mug", quantity: "2" }] }, 400, "INVALID_REQUEST"],
    ["an absurd quantity", { items: [{ productId: "mug", quantity: 1e12 }] }, 400, "INVALID_REQUEST"],
    ["a quantity of 100", { items: [{ productId: "mug", quantity: 100 }] }, 400, "INVALID_REQUEST"],
    [
      "the same product twice",
      {
        items: [
          { productId: "mug", quantity: 1 },
          { productId: "mug", quantity: 1 },
        ],
      },
      400,
      "INVALID_REQUEST",
    ],
    [
      "21 lines",
      { items: Array.from({ length: 21 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })) },
      400,
      "INVALID_REQUEST",
    ],
    ["a product id with markup", { items: [{ productId: "<script>", quantity: 1 }] }, 400, "INVALID_REQUEST"],
    [
      "an unknown pay method",
      { items: [{ productId: "mug", quantity: 1 }], payMethod: "FREE" },
      400,
      "INVALID_REQUEST",
    ],
    ["an unknown product", { items: [{ productId: "nope", quantity: 1 }] }, 422, "PRODUCT_NOT_FOUND"],
    ["a retired product", { items: [{ productId: "retired", quantity: 1 }] }, 422, "PRODUCT_UNAVAILABLE"],
    [
      "two currencies",
      {
        items: [
          { productId: "mug", quantity: 1 },
          { productId: "usd-cap", quantity: 1 },
        ],
      },
      422,
      "MIXED_CURRENCIES",
    ],
    ["a JSON array", [1, 2], 400, "INVALID_REQUEST"],
    ["a JSON string", "mug", 400, "INVALID_REQUEST"],
  ])("refuses %s with %i %s and stores nothing", async (_, json, status, code) => {
    const before = await orderKeys();
    const response = await call("/api/orders", { method: "POST", json });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code, message: expect.any(String) });
    expect(await orderKeys()).toBe(before);
  });

  it("refuses malformed JSON with 400 MALFORMED_JSON", async () => {
    const response = await call("/api/orders", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"items": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "MALFORMED_JSON" });
  });

  it("accepts JSON sent as text/plain (a CORS simple request, no preflight) from the shop's origin", async () => {
    const response = await call("/api/orders", {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN },
      body: JSON.stringify({ items: [{ productId: "tshirt-black-m", quantity: 1 }] }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ totalAmount: 29000 });
  });

  it("refuses a text/plain order from another site with 403 before any KV write or PortOne call", async () => {
    const before = await orderKeys();
    const response = await call("/api/orders", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
      body: JSON.stringify({ items: [{ productId: "tshirt-black-m", quantity: 1 }] }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
    expect(await orderKeys()).toBe(before);
  });

  it("refuses a form post with 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const response = await call("/api/orders", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "productId=mug",
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("refuses an oversized body with 413 PAYLOAD_TOO_LARGE before reading it", async () => {
    const before = await orderKeys();
    const response = await call("/api/orders", {
      method: "POST",
      json: { items: [{ productId: "mug", quantity: 1 }], pad: "x".repeat(20_000) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(await orderKeys()).toBe(before);
  });

  it("fails closed with 503 NOT_CONFIGURED when the API secret is missing", async () => {
    const before = await orderKeys();
    const response = await call(
      "/api/orders",
      { method: "POST", json: { items: [{ productId: "mug", quantity: 1 }] } },
      { PORTONE_API_SECRET: "" },
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      code: "NOT_CONFIGURED",
      message: expect.stringContaining("PORTONE_API_SECRET"),
    });
    expect(await orderKeys()).toBe(before);
  });

  it("answers 502 PORTONE_AUTH_FAILED when PortOne refuses the secret", async () => {
    const response = await call(
      "/api/orders",
      { method: "POST", json: { items: [{ productId: "mug", quantity: 1 }] } },
      { PORTONE_API_SECRET: "wrong-secret" },
    );
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: "PORTONE_AUTH_FAILED" });
  });

  it("answers 503 PORTONE_UNAVAILABLE and stores no order when PortOne is down", async () => {
    const before = await orderKeys();
    await outage("/pre-register", { status: 503 });
    const response = await call("/api/orders", {
      method: "POST",
      json: { items: [{ productId: "mug", quantity: 1 }] },
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "PORTONE_UNAVAILABLE" });
    expect(await orderKeys()).toBe(before);
  });

  it("uses the pay method's own channel key when PORTONE_CHANNEL_KEYS maps it", async () => {
    const response = await call(
      "/api/orders",
      { method: "POST", json: { items: [{ productId: "mug", quantity: 1 }], payMethod: "VIRTUAL_ACCOUNT" } },
      { PORTONE_CHANNEL_KEYS: JSON.stringify({ VIRTUAL_ACCOUNT: "channel-key-test-va" }) },
    );
    expect(await response.json()).toMatchObject({ channelKey: "channel-key-test-va", payMethod: "VIRTUAL_ACCOUNT" });
  });
});

describe("CORS", () => {
  it("lets an allowed origin call the API and read the answer", async () => {
    const response = await call("/api/orders", {
      method: "POST",
      headers: { origin: ORIGIN },
      json: { items: [{ productId: "mug", quantity: 1 }] },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("answers a preflight from an allowed origin", async () => {
    const response = await call("/api/payments/complete", {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("refuses another origin with 403 ORIGIN_NOT_ALLOWED that the page can read, naming the origin, and writes nothing", async () => {
    const before = (await env.CHECKOUT_KV.list()).keys.length;
    const response = await call("/api/orders", {
      method: "POST",
      headers: { origin: "https://evil.example" },
      json: { items: [{ productId: "mug", quantity: 1 }] },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: "ORIGIN_NOT_ALLOWED",
      message: "This site (https://evil.example) is not in ALLOWED_ORIGINS: add it to accept payments here.",
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://evil.example");
    expect(response.headers.get("vary")).toMatch(/origin/i);
    expect((await env.CHECKOUT_KV.list()).keys.length).toBe(before);
  });

  it("refuses another origin reading an order with 403 ORIGIN_NOT_ALLOWED", async () => {
    const order = await createOrder();
    const response = await call(`/api/orders/${order.paymentId}`, { headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
  });

  it("answers a preflight from any origin, so a refused site's browser sends the request and reads the refusal", async () => {
    const response = await call("/api/orders", {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://evil.example");
  });
});

describe("GET /api/orders/:paymentId", () => {
  it("answers the order's public state without store internals", async () => {
    const order = await createOrder([{ productId: "mug", quantity: 3 }]);
    const response = await call(`/api/orders/${order.paymentId}`, { headers: { origin: ORIGIN } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      paymentId: order.paymentId,
      status: "PENDING",
      totalAmount: 36000,
      items: [{ productId: "mug", quantity: 3, unitAmount: 12000 }],
    });
    expect(body).not.toHaveProperty("channelKey");
    expect(body).not.toHaveProperty("storeId");
  });

  it("answers 404 ORDER_NOT_FOUND for an unknown paymentId", async () => {
    const response = await call("/api/orders/payUnknown000");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "ORDER_NOT_FOUND" });
  });

  it.each([
    ["41 characters", "a".repeat(41)],
    ["600 characters", "a".repeat(600)],
    ["punctuation", "pay-1.2"],
  ])("answers 400 INVALID_REQUEST for a paymentId of %s, which we could never have minted", async (_, paymentId) => {
    const response = await call(`/api/orders/${paymentId}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "INVALID_REQUEST",
      message: "paymentId: 1 to 40 letters and digits",
    });
  });

  it("answers unknown endpoints with 404 NOT_FOUND as JSON", async () => {
    const response = await call("/api/nothing-here");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("a known path with the wrong method", () => {
  it.each([
    ["GET", "/api/orders", "POST, OPTIONS"],
    ["DELETE", "/api/orders/pay1", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/payments/complete", "POST, OPTIONS"],
    ["GET", "/api/webhooks/portone", "POST"],
  ])("answers %s %s with 405 METHOD_NOT_ALLOWED and Allow: %s", async (method, path, allow) => {
    const response = await call(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(await response.json()).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  });
});

import { env } from "cloudflare:workers";
import { importJWK, SignJWT } from "jose";
import { beforeEach, describe, expect, inject, it, vi } from "vitest";
import type { AdminOrderDetail, AdminOrderList, CreatedOrder } from "../../contract/index.ts";
import { call, complete, deliver, emulator, pay, seedCatalog, webhooksFor } from "./support.ts";

const TOKEN = "test-admin-token-0123456789abcdef0123";
const BEARER = { authorization: `Bearer ${TOKEN}` };
const SHIPPING = {
  recipient: "김수령",
  phoneNumber: "010-9876-5432",
  postcode: "06236",
  address1: "서울 강남구 테헤란로 1",
  address2: "3층",
};

let ip = 0;
/** Each test is its own client, so failed sign-ins in one never slow down another. */
const client = () => ({ "cf-connecting-ip": `198.51.100.${++ip}` });

function admin(path: string, init: RequestInit & { json?: unknown } = {}, overrides?: Partial<Env>) {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization") && !headers.has("cookie")) headers.set("authorization", BEARER.authorization);
  return call(path, { ...init, headers }, overrides);
}

async function order(body: Record<string, unknown>): Promise<CreatedOrder> {
  const response = await call("/api/orders", { method: "POST", json: body });
  if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedOrder;
}

async function paid(
  body: Record<string, unknown> = { items: [{ productId: "tshirt-black-m", quantity: 2 }] },
  outcome = "PAID" as const,
) {
  const created = await order(body);
  await pay(created, outcome);
  await complete(created.paymentId);
  return created;
}

const detail = async (paymentId: string) =>
  (await (await admin(`/api/admin/orders/${paymentId}`)).json()) as AdminOrderDetail;

beforeEach(async () => {
  await seedCatalog();
});

describe("who may use /api/admin", () => {
  const routes: [string, string][] = [
    ["GET", "/api/admin/orders"],
    ["GET", "/api/admin/orders.csv"],
    ["GET", "/api/admin/orders/pay123"],
    ["POST", "/api/admin/orders/pay123/fulfilment"],
    ["POST", "/api/admin/orders/pay123/refunds"],
  ];

  it.each(routes)("refuses %s %s without a session or token with 401 ADMIN_AUTH_REQUIRED", async (method, path) => {
    const response = await call(path, { method, headers: client(), ...(method === "POST" ? { json: {} } : {}) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "ADMIN_AUTH_REQUIRED" });
  });

  it.each(routes)("refuses %s %s with a wrong bearer token", async (method, path) => {
    const response = await call(path, { method, headers: { ...client(), authorization: `Bearer ${TOKEN}x` } });
    expect(response.status).toBe(401);
  });

  it.each([
    ["missing", ""],
    ["shorter than 32 characters", "short-token-31-characters-long!"],
  ])("keeps every admin route shut with 503 NOT_CONFIGURED when ADMIN_TOKEN is %s", async (_name, value) => {
    for (const path of ["/api/admin/orders", "/api/admin/session"]) {
      const response = await admin(path, path.endsWith("session") ? { method: "POST", json: { token: value } } : {}, {
        ADMIN_TOKEN: value,
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: "NOT_CONFIGURED" });
    }
  });

  it("signs in with the token: 204 and an HttpOnly, Secure, SameSite=Strict session cookie that opens the API for 12 hours", async () => {
    const response = await call("/api/admin/session", { method: "POST", headers: client(), json: { token: TOKEN } });
    expect(response.status).toBe(204);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^portone_admin=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=43200/);
    const session = cookie.split(";")[0] as string;
    expect((await call("/api/admin/orders", { headers: { cookie: session } })).status).toBe(200);
    const out = await call("/api/admin/session", { method: "DELETE", headers: { cookie: session } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/portone_admin=;.*Max-Age=0/);
  });

  it("refuses a forged session cookie", async () => {
    const forged = "portone_admin=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OX0.AAAA";
    expect((await call("/api/admin/orders", { headers: { cookie: forged } })).status).toBe(401);
  });

  it("slows down guessing: the 11th wrong token in 15 minutes gets 429 TOO_MANY_ATTEMPTS with Retry-After, even the right one", async () => {
    const me = client();
    for (let i = 0; i < 10; i++) {
      const wrong = await call("/api/admin/session", { method: "POST", headers: me, json: { token: `guess-${i}` } });
      expect(wrong.status).toBe(401);
    }
    const limited = await call("/api/admin/session", { method: "POST", headers: me, json: { token: TOKEN } });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const bearer = await call("/api/admin/orders", { headers: { ...me, authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(429);
    // Another client is not slowed down by someone else's guesses.
    expect(
      (await call("/api/admin/session", { method: "POST", headers: client(), json: { token: TOKEN } })).status,
    ).toBe(204);
  });

  it("refuses a state change from another origin with 403 ORIGIN_NOT_ALLOWED, even with the token", async () => {
    const created = await paid();
    const response = await admin(`/api/admin/orders/${created.paymentId}/fulfilment`, {
      method: "POST",
      headers: { ...BEARER, origin: "https://evil.example" },
      json: { status: "SHIPPED", carrier: "CJ", trackingNumber: "123456789012" },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
    expect((await detail(created.paymentId)).fulfilmentStatus).toBe("UNFULFILLED");
  });

  it("sends no CORS grant on admin routes, to the shop's own origin or any other", async () => {
    const preflight = await call("/api/admin/orders", {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const list = await admin("/api/admin/orders", { headers: { ...BEARER, origin: "https://shop.example" } });
    expect(list.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("Cloudflare Access in front of the back office", () => {
  const team = () => ({ CF_ACCESS_TEAM_DOMAIN: inject("accessTeamUrl"), CF_ACCESS_AUD: "aud-portone-checkout" });
  async function assertion(claims: { aud?: string; iss?: string; exp?: number } = {}) {
    const key = await importJWK(JSON.parse(inject("accessPrivateJwk")), "RS256");
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ email: "owner@shop.example" })
      .setProtectedHeader({ alg: "RS256", kid: "test-access-key" })
      .setIssuer(claims.iss ?? inject("accessTeamUrl"))
      .setAudience(claims.aud ?? "aud-portone-checkout")
      .setIssuedAt(now - 10)
      .setExpirationTime(claims.exp ?? now + 600)
      .sign(key);
  }

  it.each([
    [
      "CF_ACCESS_TEAM_DOMAIN without CF_ACCESS_AUD",
      { CF_ACCESS_TEAM_DOMAIN: "shop.cloudflareaccess.com", CF_ACCESS_AUD: "" },
    ],
    ["CF_ACCESS_AUD without CF_ACCESS_TEAM_DOMAIN", { CF_ACCESS_TEAM_DOMAIN: "", CF_ACCESS_AUD: "aud" }],
  ])("stays shut with 503 NOT_CONFIGURED given %s, never open", async (_name, overrides) => {
    const response = await admin("/api/admin/orders", {}, overrides);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "NOT_CONFIGURED" });
  });

  it("lets in a request with a valid Access token and the admin token", async () => {
    const response = await admin(
      "/api/admin/orders",
      { headers: { ...BEARER, "cf-access-jwt-assertion": await assertion() } },
      team(),
    );
    expect(response.status).toBe(200);
  });

  it.each([
    ["no Access token", async () => ""],
    ["another application's token", () => assertion({ aud: "someone-else" })],
    ["an expired token", () => assertion({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ["another issuer's token", () => assertion({ iss: "https://evil.cloudflareaccess.com" })],
  ])("refuses %s with 401 ADMIN_AUTH_REQUIRED, whatever the admin token", async (_name, make) => {
    const token = await make();
    const headers: Record<string, string> = { ...BEARER };
    if (token) headers["cf-access-jwt-assertion"] = token;
    const response = await admin("/api/admin/orders", { headers }, team());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "ADMIN_AUTH_REQUIRED" });
  });
});

describe("buyer and shipping details", () => {
  it("refuses an order for a product that ships without an address with 422 SHIPPING_REQUIRED, storing nothing", async () => {
    const before = await env.CHECKOUT_DB.prepare("SELECT COUNT(*) AS n FROM orders").first<{ n: number }>();
    const response = await call("/api/orders", {
      method: "POST",
      json: { items: [{ productId: "poster", quantity: 1 }] },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: "SHIPPING_REQUIRED" });
    const after = await env.CHECKOUT_DB.prepare("SELECT COUNT(*) AS n FROM orders").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it.each([
    ["a 6-digit postcode", { ...SHIPPING, postcode: "062361" }],
    ["letters in the postcode", { ...SHIPPING, postcode: "AB123" }],
    ["no recipient", { ...SHIPPING, recipient: "" }],
    ["an address of 201 characters", { ...SHIPPING, address1: "가".repeat(201) }],
    ["a phone number with letters", { ...SHIPPING, phoneNumber: "call me" }],
  ])("refuses shipping with %s with 400 INVALID_REQUEST", async (_name, shipping) => {
    const response = await call("/api/orders", {
      method: "POST",
      json: { items: [{ productId: "poster", quantity: 1 }], shipping },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
  });

  it("keeps the buyer and the address in the ledger only: not in KV, not on the shopper's endpoints", async () => {
    const created = await paid({
      items: [{ productId: "poster", quantity: 1 }],
      customer: { fullName: "홍길동", email: "hong@example.com", phoneNumber: "010-1234-5678" },
      shipping: SHIPPING,
    });
    const minted = await env.CHECKOUT_KV.get(`order:${created.paymentId}`);
    expect(minted).not.toMatch(/홍길동|hong@example|1234-5678|테헤란로|김수령/);
    const shopper = await (await call(`/api/orders/${created.paymentId}`)).text();
    expect(shopper).not.toMatch(/홍길동|hong@example|1234-5678|테헤란로|김수령/);
    const order = await detail(created.paymentId);
    expect(order.customer).toEqual({ fullName: "홍길동", email: "hong@example.com", phoneNumber: "010-1234-5678" });
    expect(order.shipping).toEqual(SHIPPING);
  });
});

describe("GET /api/admin/orders", () => {
  it("lists the newest first with the summary a merchant needs, and finds an order by buyer, phone, product and paymentId", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const first = await paid({
      items: [{ productId: "tshirt-black-m", quantity: 1 }],
      customer: { fullName: `이순신${tag}`, phoneNumber: "010-5555-0001" },
    });
    const second = await order({
      items: [{ productId: "usd-cap", quantity: 1 }],
      customer: { fullName: `강감찬${tag}` },
    });
    const all = (await (await admin("/api/admin/orders?limit=100")).json()) as AdminOrderList;
    const ids = all.orders.map((o) => o.paymentId);
    expect(ids.indexOf(second.paymentId)).toBeLessThan(ids.indexOf(first.paymentId));
    expect(all.orders.find((o) => o.paymentId === first.paymentId)).toMatchObject({
      status: "PAID",
      orderName: "Black T-shirt (M)",
      totalAmount: 29000,
      refundedAmount: 0,
      currency: "KRW",
      buyerName: `이순신${tag}`,
      fulfilmentStatus: "UNFULFILLED",
      isTest: false,
    });
    const find = async (q: string) =>
      ((await (await admin(`/api/admin/orders?q=${encodeURIComponent(q)}`)).json()) as AdminOrderList).orders.map(
        (o) => o.paymentId,
      );
    expect(await find(`이순신${tag}`)).toEqual([first.paymentId]);
    expect(await find("01055550001")).toContain(first.paymentId);
    expect(await find(first.paymentId)).toEqual([first.paymentId]);
    expect(await find("Cap")).toContain(second.paymentId);
    expect(await find("Cap")).not.toContain(first.paymentId);
    expect(await find("100%_nothing")).toEqual([]);
  });

  it("filters by status and pages with a cursor, never repeating an order", async () => {
    for (let i = 0; i < 3; i++) await order({ items: [{ productId: "tshirt-black-m", quantity: 1 }] });
    const page1 = (await (await admin("/api/admin/orders?status=PENDING&limit=2")).json()) as AdminOrderList;
    expect(page1.orders).toHaveLength(2);
    expect(page1.orders.every((o) => o.status === "PENDING")).toBe(true);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await (
      await admin(`/api/admin/orders?status=PENDING&limit=2&cursor=${page1.nextCursor}`)
    ).json()) as AdminOrderList;
    const seen = new Set(page1.orders.map((o) => o.paymentId));
    expect(page2.orders.some((o) => seen.has(o.paymentId))).toBe(false);
  });

  it("reads from and to as Korean calendar days, inclusive", async () => {
    const created = await order({ items: [{ productId: "tshirt-black-m", quantity: 1 }] });
    // 23:30 UTC on 30 November is 08:30 on 1 December in Korea.
    await env.CHECKOUT_DB.prepare("UPDATE orders SET created_at = ? WHERE payment_id = ?")
      .bind("2026-11-30T23:30:00.000Z", created.paymentId)
      .run();
    const on = async (from: string, to: string) =>
      ((await (await admin(`/api/admin/orders?from=${from}&to=${to}&limit=100`)).json()) as AdminOrderList).orders.map(
        (o) => o.paymentId,
      );
    expect(await on("2026-12-01", "2026-12-01")).toContain(created.paymentId);
    expect(await on("2026-11-30", "2026-11-30")).not.toContain(created.paymentId);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["status=SHIPPED", "status"],
    ["from=2026-13-45", "from"],
    ["to=yesterday", "to"],
    ["cursor=not-a-cursor", "cursor"],
    [`q=${"x".repeat(101)}`, "q"],
  ])("answers ?%s with 400 INVALID_REQUEST naming %s", async (query, field) => {
    const response = await admin(`/api/admin/orders?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe("INVALID_REQUEST");
    expect(body.message).toContain(field);
  });
});

describe("GET /api/admin/orders/:paymentId", () => {
  it("shows lines, amounts and the timeline with who moved the order", async () => {
    const created = await order({
      items: [{ productId: "tshirt-black-m", quantity: 2 }],
      payMethod: "VIRTUAL_ACCOUNT",
    });
    await pay(created, "VIRTUAL_ACCOUNT_ISSUED");
    await complete(created.paymentId);
    await emulator(`/payments/${created.paymentId}/deposit`, { json: {} });
    await emulator("/webhooks/flush", { json: {} });
    // The deposit's webhook is what PortOne sends; deliver it as PortOne would.
    const hooks = await webhooksFor(created.paymentId);
    for (const hook of hooks) await deliver(hook);
    const shown = await detail(created.paymentId);
    expect(shown.items).toEqual([
      { productId: "tshirt-black-m", name: "Black T-shirt (M)", quantity: 2, unitAmount: 29000 },
    ]);
    expect(shown.totalAmount).toBe(58000);
    expect(shown.events.map((e) => [e.from, e.to, e.cause])).toEqual([
      [null, "PENDING", "BROWSER"],
      ["PENDING", "AWAITING_DEPOSIT", "BROWSER"],
      ["AWAITING_DEPOSIT", "PAID", "WEBHOOK"],
    ]);
    expect(shown.virtualAccount?.accountNumber).toEqual(expect.any(String));
  });

  it("answers an unknown order with 404 ORDER_NOT_FOUND and a malformed id with 400 INVALID_REQUEST", async () => {
    expect((await admin("/api/admin/orders/payDoesNotExist")).status).toBe(404);
    expect((await admin(`/api/admin/orders/${"x".repeat(41)}`)).status).toBe(400);
  });
});

describe("GET /api/admin/orders.csv", () => {
  it("streams UTF-8 with a BOM, one row per order line, Korean times, plain integer amounts and no formula a shopper could plant", async () => {
    const created = await paid({
      items: [
        { productId: "tshirt-black-m", quantity: 2 },
        { productId: "poster", quantity: 1 },
      ],
      customer: { fullName: '=HYPERLINK("http://evil.example","click")', phoneNumber: "010-1234-5678" },
      shipping: { ...SHIPPING, note: "+cmd|' /C calc'!A0" },
    });
    const response = await admin("/api/admin/orders.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="orders.*\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = text.split("\r\n").filter((line) => line.includes(created.paymentId));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(rows[0]).toContain("'+cmd|");
    expect(rows[0]).not.toMatch(/,=|,\+|,"=/);
    expect(rows[0]).toContain(",70000,0,");
    expect(rows[0]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
    expect(text.split("\r\n")[0]).toContain("주문번호 (paymentId)");
  });

  it("exports only the asked period and status", async () => {
    const created = await paid();
    const response = await admin("/api/admin/orders.csv?from=2020-01-01&to=2020-01-31");
    expect(await response.text()).not.toContain(created.paymentId);
    const pending = await admin("/api/admin/orders.csv?status=PENDING");
    expect(await pending.text()).not.toContain(created.paymentId);
  });
});

describe("POST /api/admin/orders/:paymentId/fulfilment", () => {
  it("marks a paid order shipped with carrier and tracking number, then delivered", async () => {
    const created = await paid();
    const shipped = await admin(`/api/admin/orders/${created.paymentId}/fulfilment`, {
      method: "POST",
      json: { status: "SHIPPED", carrier: "CJ", trackingNumber: "123456789012" },
    });
    expect(shipped.status).toBe(200);
    expect(((await shipped.json()) as AdminOrderDetail).fulfilment).toMatchObject({
      status: "SHIPPED",
      carrier: "CJ",
      trackingNumber: "123456789012",
    });
    await admin(`/api/admin/orders/${created.paymentId}/fulfilment`, {
      method: "POST",
      json: { status: "DELIVERED", carrier: "CJ", trackingNumber: "123456789012" },
    });
    expect((await detail(created.paymentId)).fulfilmentStatus).toBe("DELIVERED");
  });

  it("refuses to ship an unpaid order with 409 ORDER_NOT_SHIPPABLE", async () => {
    const created = await order({ items: [{ productId: "tshirt-black-m", quantity: 1 }] });
    const response = await admin(`/api/admin/orders/${created.paymentId}/fulfilment`, {
      method: "POST",
      json: { status: "SHIPPED", carrier: "CJ", trackingNumber: "1" },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "ORDER_NOT_SHIPPABLE" });
  });

  it.each([
    ["SHIPPED without a tracking number", { status: "SHIPPED", carrier: "CJ" }],
    ["a carrier PortOne does not list", { status: "SHIPPED", carrier: "PONY_EXPRESS", trackingNumber: "1" }],
    ["a status that does not exist", { status: "LOST" }],
    ["a tracking number with markup", { status: "SHIPPED", carrier: "CJ", trackingNumber: "<script>" }],
  ])("refuses %s with 400 INVALID_REQUEST", async (_name, body) => {
    const created = await paid();
    const response = await admin(`/api/admin/orders/${created.paymentId}/fulfilment`, { method: "POST", json: body });
    expect(response.status).toBe(400);
  });

  it("answers an unknown order with 404 ORDER_NOT_FOUND", async () => {
    const response = await admin("/api/admin/orders/payNope/fulfilment", {
      method: "POST",
      json: { status: "DELIVERED" },
    });
    expect(response.status).toBe(404);
  });
});

describe("POST /api/admin/orders/:paymentId/refunds", () => {
  const refund = (paymentId: string, body: unknown, key: string | null = crypto.randomUUID()) =>
    admin(`/api/admin/orders/${paymentId}/refunds`, {
      method: "POST",
      json: body,
      headers: { ...BEARER, ...(key ? { "idempotency-key": key } : {}) },
    });

  it("refuses a refund without an Idempotency-Key with 400 IDEMPOTENCY_KEY_REQUIRED", async () => {
    const created = await paid();
    const response = await refund(created.paymentId, { reason: "불량" }, null);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "IDEMPOTENCY_KEY_REQUIRED" });
  });

  it("refunds part of a paid order once, however often the same request is sent, and keeps it PAID", async () => {
    const created = await paid();
    const key = crypto.randomUUID();
    const first = await refund(created.paymentId, { amount: 10000, reason: "부분 환불" }, key);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { cancellationId: string };
    expect(firstBody).toMatchObject({ amount: 10000, remaining: 48000 });
    const again = await refund(created.paymentId, { amount: 10000, reason: "부분 환불" }, key);
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ amount: 10000, cancellationId: firstBody.cancellationId });
    const payment = (await emulator(`/payments/${created.paymentId}`)) as {
      cancellations?: unknown[];
      payment?: { cancellations?: unknown[] };
    };
    expect((payment.cancellations ?? payment.payment?.cancellations ?? []).length).toBe(1);
    const order = await detail(created.paymentId);
    expect(order).toMatchObject({ status: "PAID", refundedAmount: 10000 });
    expect(order.refunds).toEqual([
      expect.objectContaining({ amount: 10000, reason: "부분 환불", requestedBy: "admin", status: "SUCCEEDED" }),
    ]);
  });

  it("refuses a double-submitted confirmation with a fresh key once the confirmed balance changed: 409 PAYMENT_CHANGED", async () => {
    const created = await paid();
    const first = await refund(created.paymentId, { amount: 30000, reason: "부분", expectedBalance: 58000 });
    expect(first.status).toBe(201);
    const second = await refund(created.paymentId, { amount: 30000, reason: "부분", expectedBalance: 58000 });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ code: "PAYMENT_CHANGED" });
    expect((await detail(created.paymentId)).refundedAmount).toBe(30000);
  });

  it("refuses more than the refundable balance with 409 REFUND_EXCEEDS_BALANCE and refunds nothing", async () => {
    const created = await paid();
    await refund(created.paymentId, { amount: 50000, reason: "일부" });
    const response = await refund(created.paymentId, { amount: 8001, reason: "나머지보다 많이" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "REFUND_EXCEEDS_BALANCE" });
    expect((await detail(created.paymentId)).refundedAmount).toBe(50000);
  });

  it("refunds the rest when no amount is given and the order becomes CANCELLED", async () => {
    const created = await paid();
    await refund(created.paymentId, { amount: 8000, reason: "일부" });
    const rest = await refund(created.paymentId, { reason: "전액" });
    expect(rest.status).toBe(201);
    expect(await rest.json()).toMatchObject({ amount: 50000, remaining: 0 });
    const order = await detail(created.paymentId);
    expect(order).toMatchObject({ status: "CANCELLED", refundedAmount: 58000 });
    expect(order.events.at(-1)).toMatchObject({ from: "PAID", to: "CANCELLED", cause: "MERCHANT" });
  });

  it("refuses an order that is not paid with 409 ORDER_NOT_REFUNDABLE", async () => {
    const created = await order({ items: [{ productId: "tshirt-black-m", quantity: 1 }] });
    const response = await refund(created.paymentId, { reason: "?" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "ORDER_NOT_REFUNDABLE" });
  });

  it("refuses a virtual-account payment without a refund account with 422 REFUND_ACCOUNT_REQUIRED", async () => {
    const created = await order({
      items: [{ productId: "tshirt-black-m", quantity: 1 }],
      payMethod: "VIRTUAL_ACCOUNT",
    });
    await pay(created, "VIRTUAL_ACCOUNT_ISSUED");
    await emulator(`/payments/${created.paymentId}/deposit`, { json: {} });
    await complete(created.paymentId);
    const response = await refund(created.paymentId, { reason: "반품" });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: "REFUND_ACCOUNT_REQUIRED" });
    const withAccount = await refund(created.paymentId, {
      reason: "반품",
      refundAccount: { bank: "KOOKMIN", number: "123456-01-234567", holderName: "홍길동" },
    });
    expect(withAccount.status).toBe(201);
  });

  it("answers 409 PAYMENT_CHANGED when the payment was refunded in PortOne's console meanwhile", async () => {
    const created = await paid();
    // The merchant refunds everything in PortOne's console; its webhook has not arrived yet.
    await emulator(`/payments/${created.paymentId}/cancel`, { json: { reason: "콘솔에서 전액" } });
    const response = await refund(created.paymentId, { amount: 1000, reason: "뒤늦은 요청" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "PAYMENT_CHANGED" });
  });

  it.each([
    ["a negative amount", { amount: -1, reason: "x" }],
    ["a fractional amount", { amount: 10.5, reason: "x" }],
    ["no reason", { amount: 1000 }],
    [
      "a refund account bank that is not a code",
      { reason: "x", refundAccount: { bank: "국민", number: "1234567", holderName: "a" } },
    ],
  ])("refuses %s with 400 INVALID_REQUEST", async (_name, body) => {
    const created = await paid();
    expect((await refund(created.paymentId, body)).status).toBe(400);
  });
});

describe("a refund made in PortOne's console", () => {
  it("reaches the ledger through PortOne's webhook: refunded total, a refund row by portone, CANCELLED when whole", async () => {
    const created = await paid();
    await emulator(`/payments/${created.paymentId}/cancel`, { json: { reason: "콘솔 부분 환불", amount: 8000 } });
    for (const hook of await webhooksFor(created.paymentId)) await deliver(hook);
    let order = await detail(created.paymentId);
    expect(order).toMatchObject({ status: "PAID", refundedAmount: 8000 });
    expect(order.refunds).toEqual([expect.objectContaining({ amount: 8000, requestedBy: "portone" })]);
    await emulator(`/payments/${created.paymentId}/cancel`, { json: { reason: "콘솔 나머지" } });
    for (const hook of await webhooksFor(created.paymentId)) await deliver(hook);
    order = await detail(created.paymentId);
    expect(order).toMatchObject({ status: "CANCELLED", refundedAmount: 58000 });
    expect(order.refunds).toHaveLength(2);
  });
});

describe("/admin (the page's form routes)", () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    call(path, {
      method: "POST",
      // Answers as the browser gets them: a 303 is not followed here.
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://checkout.example", ...headers },
      body: form(fields),
    });

  async function session() {
    const response = await post("/admin/sign-in", { token: TOKEN }, client());
    expect(response.status).toBe(303);
    return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
  }

  it("asks for the token instead of acting on a form post without a session", async () => {
    const created = await paid();
    const response = await post(`/admin/orders/${created.paymentId}/fulfilment`, {
      status: "SHIPPED",
      carrier: "CJ",
      trackingNumber: "1",
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('name="token"');
    expect((await detail(created.paymentId)).fulfilmentStatus).toBe("UNFULFILLED");
  });

  it("refuses a refund confirmation posted from another site, even with the merchant's session cookie", async () => {
    const created = await paid();
    const cookie = await session();
    const response = await post(
      `/admin/orders/${created.paymentId}/refund/confirm`,
      { reason: "csrf", idempotencyKey: "attacker-key-0123456789" },
      { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(response.status).toBe(403);
    expect((await detail(created.paymentId)).refundedAmount).toBe(0);
  });

  it("answers a body that is not a form with 400, never 500", async () => {
    const response = await call("/admin/sign-in", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=zz", origin: "https://checkout.example", ...client() },
      body: "--garbage",
    });
    expect(response.status).toBe(400);
  });

  it("throttles the page's sign-in like the API's", async () => {
    const me = client();
    for (let i = 0; i < 10; i++) expect((await post("/admin/sign-in", { token: `guess-${i}` }, me)).status).toBe(401);
    expect((await post("/admin/sign-in", { token: TOKEN }, me)).status).toBe(429);
  });

  it("keeps the page behind Cloudflare Access when it is configured, sign-in included", async () => {
    const overrides = { CF_ACCESS_TEAM_DOMAIN: inject("accessTeamUrl"), CF_ACCESS_AUD: "aud-portone-checkout" };
    const response = await call(
      "/admin/sign-in",
      {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://checkout.example",
          ...client(),
        },
        body: form({ token: TOKEN }),
      },
      overrides,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("shows what a shopper typed as text in the admin page, never as markup", async () => {
    const created = await paid({
      items: [{ productId: "poster", quantity: 1 }],
      customer: { fullName: '<script>alert("x")</script>', email: "a@example.com" },
      shipping: { ...SHIPPING, recipient: '"><img src=x onerror=alert(1)>', note: "<b>note</b>" },
    });
    const cookie = await session();
    const page = await (await call(`/admin/orders/${created.paymentId}`, { headers: { cookie } })).text();
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<b>note</b>");
    expect(page).toContain("&lt;script&gt;alert");
  });

  it("refunds through the page's confirmation once, and a second click of the same confirmation refunds nothing more", async () => {
    const created = await paid();
    const cookie = await session();
    const confirm = await post(
      `/admin/orders/${created.paymentId}/refund`,
      { amount: "5000", reason: "부분" },
      { cookie },
    );
    const confirmPage = await confirm.text();
    const hidden = Object.fromEntries(
      [...confirmPage.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
    expect(hidden.expectedBalance).toBe("58000");
    const first = await post(`/admin/orders/${created.paymentId}/refund/confirm`, hidden, { cookie });
    expect(first.status).toBe(303);
    const second = await post(`/admin/orders/${created.paymentId}/refund/confirm`, hidden, { cookie });
    expect(second.status).toBe(303);
    expect((await detail(created.paymentId)).refundedAmount).toBe(5000);
  });
});

describe("personal data stays out of the shopper's answers and the logs", () => {
  it("logs no name, email, phone or address through a whole paid, shipped and refunded order", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = [
      vi.spyOn(console, "log").mockImplementation(capture),
      vi.spyOn(console, "warn").mockImplementation(capture),
      vi.spyOn(console, "error").mockImplementation(capture),
    ];
    try {
      const created = await order({
        items: [{ productId: "poster", quantity: 1 }],
        customer: { fullName: "홍길동", email: "hong@example.com", phoneNumber: "010-1234-5678" },
        shipping: SHIPPING,
      });
      await pay(created);
      const completed = await complete(created.paymentId);
      expect(JSON.stringify(completed.body)).not.toMatch(/홍길동|hong@example|1234-5678|김수령|테헤란로/);
      for (const hook of await webhooksFor(created.paymentId)) await deliver(hook);
      await admin(`/api/admin/orders/${created.paymentId}/fulfilment`, {
        method: "POST",
        json: { status: "SHIPPED", carrier: "CJ", trackingNumber: "640012345678" },
      });
      await admin(`/api/admin/orders/${created.paymentId}/refunds`, {
        method: "POST",
        json: { reason: "반품" },
        headers: { ...BEARER, "idempotency-key": crypto.randomUUID() },
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toMatch(/홍길동|hong@example|1234-5678|010-9876|김수령|테헤란로|06236/);
  });
});

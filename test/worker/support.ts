import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { inject } from "vitest";
import type { CreatedOrder } from "../../contract/index.ts";
import { paymentRequest } from "../../widget/payment-request.ts";
import { ledgerOrderStore } from "../../worker/adapters/ledger-order-store.ts";
import { app } from "../../worker/app.ts";
import type { Order } from "../../worker/domain/order.ts";

/** The demo catalog every worker test prices against. */
export const CATALOG = {
  version: 1,
  products: {
    "tshirt-black-m": { id: "tshirt-black-m", name: "Black T-shirt (M)", amount: 29000, currency: "KRW", active: true },
    mug: { id: "mug", name: "Mug", amount: 12000, currency: "KRW", active: true },
    poster: { id: "poster", name: "Poster", amount: 12000, currency: "KRW", active: true, shipping: true },
    retired: { id: "retired", name: "Retired", amount: 5000, currency: "KRW", active: false },
    "usd-cap": { id: "usd-cap", name: "Cap", amount: 1999, currency: "USD", active: true },
  },
};

export const STORE_ID = "store-test-0000";
export const ORIGIN = "https://shop.example";

/** Puts the catalog in (real, Miniflare) KV. */
export async function seedCatalog() {
  await env.CHECKOUT_KV.put("catalog", JSON.stringify(CATALOG));
}

/**
 * Calls the whole worker (its default export) inside workerd; with `overrides`, the app runs
 * with different bindings (e.g. a missing secret or ALLOW_TEST_PAYMENTS).
 */
export async function call(path: string, init: RequestInit & { json?: unknown } = {}, overrides?: Partial<Env>) {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`https://checkout.example${path}`, { ...init, headers, body: body ?? null });
  if (!overrides) return exports.default.fetch(request);
  const ctx = createExecutionContext();
  const response = await app.fetch(request, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** `POST /api/orders`, answered with the worker's JSON. */
export async function createOrder(items = [{ productId: "tshirt-black-m", quantity: 1 }], payMethod = "CARD") {
  const response = await call("/api/orders", { method: "POST", json: { items, payMethod } });
  if (response.status !== 201) throw new Error(`order not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedOrder;
}

/** `POST /api/payments/complete` with the paymentId (and token). */
export async function complete(paymentId: string, paymentToken?: string, overrides?: Partial<Env>) {
  const response = await call(
    "/api/payments/complete",
    { method: "POST", json: { paymentId, ...(paymentToken ? { paymentToken } : {}) } },
    overrides,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The order as stored: minted in KV, its state in the D1 ledger. */
export async function storedOrder(paymentId: string): Promise<Order | null> {
  return ledgerOrderStore(env.CHECKOUT_KV, env.CHECKOUT_DB).getOrder(paymentId);
}

/** Calls the emulator's control API (what a shopper does in the payment window). */
export async function emulator(path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await fetch(`${inject("emulatorUrl")}/_emulator${path}`, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json" },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
  // biome-ignore lint/suspicious/noExplicitAny: control-API answers are read field by field in assertions
  return response.json() as Promise<any>;
}

type Outcome = "PAID" | "FAILED" | "CANCELLED_BY_USER" | "VIRTUAL_ACCOUNT_ISSUED" | "PAY_PENDING";

/** The shopper acts in the payment window for this order, as requestPayment would send it. */
export function pay(
  order: CreatedOrder,
  outcome: Outcome = "PAID",
  extra: {
    amountPaid?: number;
    channelType?: "TEST" | "LIVE";
    storeId?: string;
    currency?: string;
    channelKey?: string;
  } = {},
) {
  // Exactly what the element sends to requestPayment (widget/payment-request.ts), then what the shopper does.
  const request = paymentRequest(order, { redirectUrl: "https://shop.example/" });
  return emulator("/payments", {
    json: {
      ...request,
      ...(extra.storeId ? { storeId: extra.storeId } : {}),
      ...(extra.channelKey ? { channelKey: extra.channelKey } : {}),
      ...(extra.currency ? { currency: extra.currency } : {}),
      outcome,
      channelType: extra.channelType ?? "LIVE",
      ...(extra.amountPaid === undefined ? {} : { amountPaid: extra.amountPaid }),
    },
  });
}

export interface OutboxWebhook {
  id: string;
  headers: Record<string, string>;
  body: string;
}

/** The webhooks the emulator signed for a payment, oldest first. */
export async function webhooksFor(paymentId: string): Promise<OutboxWebhook[]> {
  const list = await emulator(`/webhooks?paymentId=${encodeURIComponent(paymentId)}`);
  return (Array.isArray(list) ? list : list.webhooks) as OutboxWebhook[];
}

/** Delivers a webhook to the worker exactly as PortOne would (raw body, its headers). */
export function deliver(webhook: { headers: Record<string, string>; body: string }, overrides?: Partial<Env>) {
  return call(
    "/api/webhooks/portone",
    { method: "POST", headers: { ...webhook.headers, "content-type": "application/json" }, body: webhook.body },
    overrides,
  );
}

/**
 * Signs a body the Standard Webhooks way, independently of the emulator's code, so tests can
 * forge, re-sign and replay: HMAC-SHA256 over `id.timestamp.body`, key = base64 after `whsec_`.
 */
export async function sign(secret: string, body: string, options: { id?: string; timestamp?: number } = {}) {
  const id = options.id ?? `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const keyBytes = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  const signature = btoa(String.fromCharCode(...new Uint8Array(mac)));
  return {
    headers: { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` },
    body,
  };
}

/** A Transaction webhook body (version 2024-04-25) for a payment. */
export function transactionBody(type: string, paymentId: string, storeId = STORE_ID) {
  return JSON.stringify({
    type,
    timestamp: new Date().toISOString(),
    data: { paymentId, storeId, transactionId: `tx-${paymentId}` },
  });
}

/** Injects a PortOne outage for calls whose path contains `path`. */
export function outage(path: string, fault: { status?: number; delayMs?: number; nonJson?: boolean; count?: number }) {
  return emulator("/faults", { json: { path, count: 1, ...fault } });
}

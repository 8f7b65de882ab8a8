import type { Catalog } from "../domain/catalog.ts";
import type { Order } from "../domain/order.ts";
import { PAYMENT_ID_PATTERN } from "../domain/payment-id.ts";
import type { OrderStore } from "../services/ports.ts";

/**
 * `OrderStore` over Workers KV (every key prefix in docs/storage-schema.md).
 *
 * Limits this adapter lives with: KV is eventually consistent (a write may take up to ~60 s
 * to be seen in other locations), has no transactions or compare-and-set, and allows about
 * one write per second to a key. So callers write only on a real state change, and
 * settlement is idempotent: re-reading PortOne always gives the same answer and state only
 * moves forward, so a lost race is repaired by the next call or webhook.
 * A key is at most 512 bytes: an order key is only built from a paymentId of our shape (any
 * other reads as absent), and a webhook-id that is long or unusual is stored by its SHA-256.
 */

const DAY = 24 * 60 * 60;

/** How long KV keeps an order in each state; `undefined` keeps it for good. */
const ORDER_TTL: Record<Order["status"], number | undefined> = {
  // An abandoned order needs no clean-up job: it expires.
  PENDING: 2 * DAY,
  // Deposits can take days; the account's own due time is usually within a week.
  AWAITING_DEPOSIT: 14 * DAY,
  PAID: undefined,
  FAILED: 30 * DAY,
  CANCELLED: 90 * DAY,
  REJECTED: 90 * DAY,
};

/** Webhook receipts outlive PortOne's retry schedule (about 6 hours in all). */
const RECEIPT_TTL = 7 * DAY;

/** Webhook ids kept verbatim in their key; PortOne's own are `msg_` and a few dozen characters. */
const PLAIN_WEBHOOK_ID = /^[A-Za-z0-9_.-]{1,128}$/;

const orderKey = (paymentId: string) => `order:${paymentId}`;

async function receiptKey(webhookId: string): Promise<string> {
  if (PLAIN_WEBHOOK_ID.test(webhookId)) return `webhook:${webhookId}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(webhookId));
  return `webhook:sha256:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The orders, catalog and receipts of one KV namespace.
 *
 * @example const store = kvOrderStore(env.CHECKOUT_KV);
 */
export function kvOrderStore(kv: KVNamespace): OrderStore {
  return {
    getOrder: async (paymentId) => (PAYMENT_ID_PATTERN.test(paymentId) ? kv.get<Order>(orderKey(paymentId), "json") : null),
    async putOrder(order) {
      const ttl = ORDER_TTL[order.status];
      await kv.put(orderKey(order.paymentId), JSON.stringify(order), ttl ? { expirationTtl: ttl } : {});
    },
    // Cached at the edge for a minute: a price change reaches every location within that.
    getCatalog: () => kv.get<Catalog>("catalog", { type: "json", cacheTtl: 60 }),
    getWebhookReceipt: async (webhookId) => kv.get(await receiptKey(webhookId)),
    async putWebhookReceipt(webhookId, outcome) {
      await kv.put(await receiptKey(webhookId), outcome, { expirationTtl: RECEIPT_TTL });
    },
  };
}

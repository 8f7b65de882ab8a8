import type { Catalog } from "../domain/catalog.ts";
import type { Order, OrderStatus } from "../domain/order.ts";

/**
 * Orders, the catalog and webhook receipts over Workers KV (key prefixes in
 * docs/storage-schema.md).
 *
 * Limits this adapter lives with: KV is eventually consistent (a write may take up to ~60 s
 * to be seen in other locations), has no transactions or compare-and-set, and allows about
 * one write per second to a key. So callers write only on a real state change, and
 * settlement is idempotent: re-reading PortOne always gives the same answer and state only
 * moves forward, so a lost race is repaired by the next call or webhook.
 */
export interface OrderStore {
  getOrder(paymentId: string): Promise<Order | null>;
  putOrder(order: Order): Promise<void>;
  getCatalog(): Promise<Catalog | null>;
  getWebhookReceipt(webhookId: string): Promise<string | null>;
  putWebhookReceipt(webhookId: string, outcome: string): Promise<void>;
}

const DAY = 24 * 60 * 60;

/** How long KV keeps an order in each state; `undefined` keeps it for good. */
const ORDER_TTL: Record<OrderStatus, number | undefined> = {
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

export const orderKey = (paymentId: string) => `order:${paymentId}`;
export const CATALOG_KEY = "catalog";
export const receiptKey = (webhookId: string) => `webhook:${webhookId}`;

/** @example const store = kvOrderStore(c.env.CHECKOUT_KV); */
export function kvOrderStore(kv: KVNamespace): OrderStore {
  return {
    getOrder: (paymentId) => kv.get<Order>(orderKey(paymentId), "json"),
    async putOrder(order) {
      const ttl = ORDER_TTL[order.status];
      await kv.put(orderKey(order.paymentId), JSON.stringify(order), ttl ? { expirationTtl: ttl } : {});
    },
    // Cached at the edge for a minute: a price change reaches every location within that.
    getCatalog: () => kv.get<Catalog>(CATALOG_KEY, { type: "json", cacheTtl: 60 }),
    getWebhookReceipt: (webhookId) => kv.get(receiptKey(webhookId)),
    async putWebhookReceipt(webhookId, outcome) {
      await kv.put(receiptKey(webhookId), outcome, { expirationTtl: RECEIPT_TTL });
    },
  };
}

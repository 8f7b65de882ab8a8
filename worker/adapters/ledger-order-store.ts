import type { Catalog } from "../domain/catalog.ts";
import type { Order } from "../domain/order.ts";
import { PAYMENT_ID_PATTERN } from "../domain/payment-id.ts";
import { NO_NOTIFICATIONS, type NotifyPlan } from "../services/notify-events.ts";
import type { OrderStore, OrderTransition } from "../services/ports.ts";
import { outboxStatements } from "./d1-outbox.ts";
import { isOutOfStock, listStock, reserveStatements, shortProduct, transitionStatements } from "./d1-stock.ts";

/**
 * Orders over Workers KV and D1 together (docs/storage-schema.md):
 * - KV holds the catalog and each order **as minted**, written once: the lines, amounts,
 *   currency, store and channel that settlement compares PortOne's record against. Read at the
 *   edge, never changed, no personal data.
 * - D1 (`orders`, `order_lines`, `order_events`, `webhook_receipts`) holds what changes: the
 *   status and its details, the buyer and shipping details, every transition as an event.
 *
 * Limits this adapter lives with: KV is eventually consistent (up to ~60 s elsewhere), so the
 * minted order is written before the browser ever sees its paymentId and never again. D1 has one
 * writer per database: a transition is an `UPDATE ... WHERE status = ? AND transition_id = ?`
 * (the state the writer read), so of two writers racing exactly one wins, and the rows the
 * transition adds (its event) are inserted in the same batch only where the winner's random
 * `transition_id` stands. A D1 batch is one transaction. The notification outbox's rows
 * (`notify`: the configured channels and wanted events) are added the same way, so there is
 * exactly one per order, event and channel however many writers race.
 *
 * @example const store = ledgerOrderStore(env.CHECKOUT_KV, env.CHECKOUT_DB);
 */
export function ledgerOrderStore(
  kv: KVNamespace,
  db: D1Database,
  newId: () => string = () => crypto.randomUUID(),
  notify: NotifyPlan = NO_NOTIFICATIONS,
): OrderStore {
  return {
    async getOrder(paymentId) {
      if (!PAYMENT_ID_PATTERN.test(paymentId)) return null;
      // Only what changes is read from D1; what was sold comes from the minted copy in KV.
      const [minted, row] = await Promise.all([
        kv.get<Minted>(orderKey(paymentId), "json"),
        db.prepare(SELECT_STATE).bind(paymentId).first<StateRow>(),
      ]);
      if (!minted) {
        // KV is eventually consistent: a webhook landing at another location within a minute of
        // the order may not see the minted copy yet. D1 has the same facts, strongly consistent.
        if (!row) return null;
        const [facts, lines] = await Promise.all([
          db.prepare(SELECT_MINTED).bind(paymentId).first<MintedRow>(),
          db.prepare(SELECT_LINES).bind(paymentId).all<LineRow>(),
        ]);
        if (!facts) return null;
        return fromRow({ ...mintedFromRow(facts, lines.results), paymentId }, row);
      }
      // No ledger row (removed by hand): the order is PENDING as minted, and the next transition
      // inserts the row again (see replaceOrder).
      if (!row) return { ...minted, status: "PENDING", updatedAt: minted.createdAt };
      return fromRow(minted, row);
    },

    async insertOrder(order, personal, event, claims = []) {
      const revision = newId();
      const minted = mintedOf(order);
      // The ledger first: an order the merchant cannot see must never be payable. If D1 fails
      // the shopper is told to try again and nothing was charged. The stock holds go first: a
      // product that would run out fails the whole batch, so no order exists without its units.
      const batch = [
        db
          .prepare(INSERT_ORDER)
          .bind(
            order.paymentId,
            order.status,
            revision,
            order.createdAt,
            order.updatedAt,
            order.orderName,
            order.totalAmount,
            order.currency,
            order.payMethod,
            order.storeId,
            order.channelKey,
            personal.customer?.fullName ?? null,
            personal.customer?.email ?? null,
            personal.customer?.phoneNumber ?? null,
            personal.shipping?.recipient ?? null,
            personal.shipping?.phoneNumber ?? null,
            personal.shipping?.postcode ?? null,
            personal.shipping?.address1 ?? null,
            personal.shipping?.address2 ?? null,
            personal.shipping?.note ?? null,
          ),
        ...order.lines.map((line, i) =>
          db.prepare(INSERT_LINE).bind(order.paymentId, i, line.productId, line.name, line.quantity, line.unitAmount),
        ),
        insertEvent(db, event, revision),
      ];
      try {
        await db.batch([...reserveStatements(db, order.paymentId, claims), ...batch]);
      } catch (error) {
        if (claims.length > 0 && isOutOfStock(error)) {
          return { outOfStock: (await shortProduct(db, claims)) ?? claims[0]?.productId ?? "" };
        }
        throw error;
      }
      await kv.put(orderKey(order.paymentId), JSON.stringify(minted), { expirationTtl: MINTED_TTL });
      order.revision = revision;
      return "INSERTED";
    },

    async replaceOrder(prev, next, event) {
      const revision = newId();
      const state = JSON.stringify(stateOf(next));
      const statements = [
        prev.revision
          ? db
              .prepare(UPDATE_ORDER)
              .bind(
                next.status,
                revision,
                next.updatedAt,
                next.paidAt ?? null,
                channelType(next),
                state,
                next.refundedAmount ?? 0,
                next.receiptUrl ?? null,
                next.paymentId,
                prev.status,
                prev.revision,
              )
          : // The ledger row was never written: write it now, unless another writer just did.
            db
              .prepare(REPAIR_ORDER)
              .bind(
                next.paymentId,
                next.status,
                revision,
                next.createdAt,
                next.updatedAt,
                next.paidAt ?? null,
                next.orderName,
                next.totalAmount,
                next.currency,
                next.payMethod,
                next.storeId,
                next.channelKey,
                channelType(next),
                state,
              ),
      ];
      if (!prev.revision) {
        for (const [i, line] of next.lines.entries()) {
          statements.push(
            db.prepare(REPAIR_LINE).bind(next.paymentId, i, line.productId, line.name, line.quantity, line.unitAmount),
          );
        }
      }
      if (event) {
        statements.push(insertEvent(db, event, revision));
        const guard = {
          sql: "EXISTS (SELECT 1 FROM orders WHERE payment_id = ? AND transition_id = ?)",
          params: [next.paymentId, revision],
        };
        // Stock follows the order in the same transaction: released when it fails, sold when paid.
        statements.push(...transitionStatements(db, next.paymentId, event.to, guard, event.at));
        // The merchant's messages too, after the stock (which flags an oversold sale).
        statements.push(...outboxStatements(db, event, notify, guard));
      }
      // PortOne's cancellations become refunds in the ledger once, whether made here or in its console.
      for (const c of next.cancellations ?? []) {
        statements.push(
          db
            .prepare(INSERT_CANCELLATION)
            .bind(
              next.paymentId,
              `portone:${c.id}`,
              c.amount,
              c.reason,
              c.at,
              c.status,
              c.id,
              next.paymentId,
              revision,
            ),
        );
      }
      const [result] = await db.batch(statements);
      const won = (result?.meta.changes ?? 0) > 0;
      if (won) next.revision = revision;
      return won;
    },

    // Cached at the edge for a minute: a price change reaches every location within that.
    getCatalog: () => kv.get<Catalog>(CATALOG_KEY, { type: "json", cacheTtl: 60 }),

    async availability() {
      const levels = await listStock(db);
      return Object.fromEntries(levels.map((l) => [l.productId, l.available]));
    },

    async getWebhookReceipt(webhookId) {
      const row = await db
        .prepare("SELECT outcome FROM webhook_receipts WHERE webhook_id = ?")
        .bind(await receiptId(webhookId))
        .first<{ outcome: string }>();
      return row?.outcome ?? null;
    },

    async putWebhookReceipt(webhookId, outcome) {
      await db
        .prepare(
          "INSERT INTO webhook_receipts (webhook_id, outcome, at) VALUES (?, ?, ?) ON CONFLICT (webhook_id) DO NOTHING",
        )
        .bind(await receiptId(webhookId), outcome, new Date().toISOString())
        .run();
    },
  };
}

/** Webhook ids kept verbatim; PortOne's own are `msg_` and a few dozen characters. */
const PLAIN_WEBHOOK_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** A receipt's key: the webhook id, or its SHA-256 when it is long or unusual (any signed id is accepted). */
async function receiptId(webhookId: string): Promise<string> {
  if (PLAIN_WEBHOOK_ID.test(webhookId)) return webhookId;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(webhookId));
  return `sha256:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The minted order lives a year and a month in KV: long past any deposit due time or refund window. */
const MINTED_TTL = 400 * 24 * 60 * 60;

/** KV key of an order as minted. */
export const orderKey = (paymentId: string) => `order:${paymentId}`;
/** KV key of the catalog. */
export const CATALOG_KEY = "catalog";

/** What KV keeps of an order: what was sold, for how much, through which store and channel. */
type Minted = Pick<
  Order,
  | "paymentId"
  | "storeId"
  | "channelKey"
  | "payMethod"
  | "lines"
  | "orderName"
  | "totalAmount"
  | "currency"
  | "createdAt"
>;

function mintedOf(order: Order): Minted {
  const { paymentId, storeId, channelKey, payMethod, lines, orderName, totalAmount, currency, createdAt } = order;
  return { paymentId, storeId, channelKey, payMethod, lines, orderName, totalAmount, currency, createdAt };
}

/** The details of the state kept as JSON in `orders.state_json`. */
type State = Pick<
  Order,
  "virtualAccount" | "failure" | "refund" | "lastSeen" | "refundedAmount" | "cancellations" | "receiptUrl"
>;

function stateOf(order: Order): State {
  const { virtualAccount, failure, refund, lastSeen, refundedAmount, cancellations, receiptUrl } = order;
  return { virtualAccount, failure, refund, lastSeen, refundedAmount, cancellations, receiptUrl };
}

function channelType(order: Order): string | null {
  return order.lastSeen?.channelType ?? null;
}

interface StateRow {
  status: Order["status"];
  transition_id: string;
  updated_at: string;
  paid_at: string | null;
  state_json: string;
}

/** The minted facts as the ledger's row holds them (read only when KV has no copy yet). */
interface MintedRow {
  created_at: string;
  order_name: string;
  total_amount: number;
  currency: Order["currency"];
  pay_method: string;
  store_id: string;
  channel_key: string;
}

function fromRow(minted: Minted, row: StateRow): Order {
  const state = JSON.parse(row.state_json) as State;
  // Field by field rather than spreads: this runs on every settlement's read.
  const order: Order = { ...minted, status: row.status, updatedAt: row.updated_at };
  if (row.paid_at) order.paidAt = row.paid_at;
  if (state.virtualAccount) order.virtualAccount = state.virtualAccount;
  if (state.failure) order.failure = state.failure;
  if (state.refund) order.refund = state.refund;
  if (state.lastSeen) order.lastSeen = state.lastSeen;
  if (state.refundedAmount !== undefined) order.refundedAmount = state.refundedAmount;
  if (state.cancellations) order.cancellations = state.cancellations;
  if (state.receiptUrl) order.receiptUrl = state.receiptUrl;
  order.revision = row.transition_id;
  return order;
}

function insertEvent(db: D1Database, event: OrderTransition, revision: string): D1PreparedStatement {
  return db
    .prepare(INSERT_EVENT)
    .bind(
      event.paymentId,
      event.at,
      event.from,
      event.to,
      event.cause,
      event.detail ?? null,
      event.paymentId,
      revision,
    );
}

const SELECT_STATE = "SELECT status, transition_id, updated_at, paid_at, state_json FROM orders WHERE payment_id = ?";

const SELECT_MINTED = `SELECT created_at, order_name, total_amount, currency, pay_method, store_id, channel_key
  FROM orders WHERE payment_id = ?`;

const SELECT_LINES =
  "SELECT product_id, name, quantity, unit_amount FROM order_lines WHERE payment_id = ? ORDER BY line_no";

interface LineRow {
  product_id: string;
  name: string;
  quantity: number;
  unit_amount: number;
}

/** The minted facts as the ledger holds them too (written in the same request as the KV copy). */
function mintedFromRow(row: MintedRow, lines: LineRow[]): Minted {
  return {
    paymentId: "",
    storeId: row.store_id,
    channelKey: row.channel_key,
    payMethod: row.pay_method,
    lines: lines.map((l) => ({
      productId: l.product_id,
      name: l.name,
      quantity: l.quantity,
      unitAmount: l.unit_amount,
    })),
    orderName: row.order_name,
    totalAmount: row.total_amount,
    currency: row.currency,
    createdAt: row.created_at,
  };
}

const INSERT_ORDER = `INSERT INTO orders (payment_id, status, transition_id, created_at, updated_at, order_name, total_amount,
  currency, pay_method, store_id, channel_key, buyer_name, buyer_email, buyer_phone, ship_recipient, ship_phone,
  ship_postcode, ship_address1, ship_address2, ship_note)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_LINE =
  "INSERT INTO order_lines (payment_id, line_no, product_id, name, quantity, unit_amount) VALUES (?, ?, ?, ?, ?, ?)";

const REPAIR_ORDER = `INSERT INTO orders (payment_id, status, transition_id, created_at, updated_at, paid_at, order_name,
  total_amount, currency, pay_method, store_id, channel_key, channel_type, state_json)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (payment_id) DO NOTHING`;

const REPAIR_LINE = `INSERT INTO order_lines (payment_id, line_no, product_id, name, quantity, unit_amount)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

// Only the writer that won: its transition_id is the row's.
const UPDATE_ORDER = `UPDATE orders SET status = ?, transition_id = ?, updated_at = ?, paid_at = ?,
  channel_type = COALESCE(?, channel_type), state_json = ?, refunded_amount = ?, receipt_url = ?
  WHERE payment_id = ? AND status = ? AND transition_id = ?`;

const INSERT_CANCELLATION = `INSERT INTO refunds (payment_id, idempotency_key, amount, reason, requested_by, at, status, cancellation_id)
  SELECT ?, ?, ?, ?, 'portone', ?, ?, ? WHERE EXISTS (SELECT 1 FROM orders WHERE payment_id = ? AND transition_id = ?)
  ON CONFLICT DO NOTHING`;

const INSERT_EVENT = `INSERT INTO order_events (payment_id, at, from_status, to_status, cause, detail)
  SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM orders WHERE payment_id = ? AND transition_id = ?)`;

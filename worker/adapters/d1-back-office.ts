import type {
  AdminOrderDetail,
  AdminOrderEvent,
  AdminOrderList,
  AdminOrderSummary,
  AdminRefund,
  Carrier,
  FulfilmentStatus,
  OrderStatus,
} from "../../contract/index.ts";
import type { BackOffice, ExportLine, OrderFilter } from "../services/back-office/ports.ts";
import { listStock, restockOrder, setOnHand } from "./d1-stock.ts";

/**
 * The merchant's queries over the D1 ledger: the order list with search and paging, one order
 * with its timeline, the CSV rows, fulfilment and refund records.
 *
 * Limits this adapter lives with: a Worker may make 50 D1 queries per invocation on the free
 * plan (1,000 paid), so the export reads {@link EXPORT_PAGE} lines a query (100,000 lines in 20
 * queries); `q` is a `LIKE` scan (fine for a shop's tens of thousands of orders; past that, an
 * FTS5 table would be the next step); paging is by `(created_at, payment_id)`, so an order created
 * while the merchant pages is never shown twice.
 *
 * @example const office = d1BackOffice(env.CHECKOUT_DB);
 */
export function d1BackOffice(db: D1Database): BackOffice {
  return {
    async listOrders(filter) {
      const { where, params } = whereOf(filter);
      const rows = await db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS} FROM orders o ${where} ORDER BY o.created_at DESC, o.payment_id DESC LIMIT ?`,
        )
        .bind(...params, filter.limit + 1)
        .all<SummaryRow>();
      const page = rows.results.slice(0, filter.limit);
      const last = page.at(-1);
      return {
        orders: page.map(toSummary),
        nextCursor: rows.results.length > filter.limit && last ? encodeCursor(last.created_at, last.payment_id) : null,
      } satisfies AdminOrderList;
    },

    async getOrder(paymentId) {
      const [order, lines, events, refunds] = await db.batch<Record<string, unknown>>([
        db.prepare(`SELECT * FROM orders o WHERE o.payment_id = ?`).bind(paymentId),
        db
          .prepare(
            "SELECT product_id, name, quantity, unit_amount FROM order_lines WHERE payment_id = ? ORDER BY line_no",
          )
          .bind(paymentId),
        db
          .prepare(
            "SELECT at, from_status, to_status, cause, detail FROM order_events WHERE payment_id = ? ORDER BY id",
          )
          .bind(paymentId),
        db
          .prepare(
            "SELECT amount, reason, requested_by, at, status, cancellation_id FROM refunds WHERE payment_id = ? ORDER BY id",
          )
          .bind(paymentId),
      ]);
      const row = order?.results[0] as DetailRow | undefined;
      if (!row) return null;
      return toDetail(
        row,
        (lines?.results ?? []) as unknown as LineRow[],
        (events?.results ?? []) as unknown as EventRow[],
        (refunds?.results ?? []) as unknown as RefundRow[],
      );
    },

    async *exportLines(filter) {
      const { where, params } = whereOf({ ...filter, cursor: undefined });
      let after: [string, string, number] | undefined;
      for (;;) {
        const keyset = after
          ? `${where ? `${where} AND` : "WHERE"} (o.created_at, o.payment_id, l.line_no) > (?, ?, ?)`
          : where;
        const rows = await db
          .prepare(
            `SELECT ${SUMMARY_COLUMNS}, o.pay_method, o.buyer_email, o.buyer_phone, o.ship_recipient, o.ship_phone, o.ship_postcode,
              o.ship_address1, o.ship_address2, o.ship_note, o.carrier, o.tracking_number,
              l.line_no, l.product_id, l.name AS line_name, l.quantity, l.unit_amount
            FROM orders o JOIN order_lines l ON l.payment_id = o.payment_id ${keyset}
            ORDER BY o.created_at, o.payment_id, l.line_no LIMIT ?`,
          )
          .bind(...params, ...(after ?? []), EXPORT_PAGE)
          .all<ExportRow>();
        for (const row of rows.results) yield toExportLine(row);
        const last = rows.results.at(-1);
        if (!last || rows.results.length < EXPORT_PAGE) return;
        after = [last.created_at, last.payment_id, last.line_no];
      }
    },

    async setFulfilment(paymentId, request, at) {
      const delivered = request.status === "UNFULFILLED" ? null : at;
      const result = await db
        .prepare(
          `UPDATE orders SET fulfilment_status = ?, carrier = ?, tracking_number = ?, fulfilment_note = ?, fulfilled_at = ?
          WHERE payment_id = ? AND status = 'PAID'`,
        )
        .bind(
          request.status,
          request.carrier ?? null,
          request.trackingNumber ?? null,
          request.note ?? null,
          delivered,
          paymentId,
        )
        .run();
      if (result.meta.changes > 0) return "UPDATED";
      const exists = await db
        .prepare("SELECT status FROM orders WHERE payment_id = ?")
        .bind(paymentId)
        .first<{ status: string }>();
      return exists ? "NOT_PAID" : "NOT_FOUND";
    },

    async beginRefund(refund) {
      const inserted = await db
        .prepare(
          `INSERT INTO refunds (payment_id, idempotency_key, amount, reason, requested_by, at, status)
          VALUES (?, ?, ?, ?, ?, ?, 'REQUESTED') ON CONFLICT (payment_id, idempotency_key) DO NOTHING`,
        )
        .bind(refund.paymentId, refund.idempotencyKey, refund.amount, refund.reason, refund.requestedBy, refund.at)
        .run();
      if (inserted.meta.changes > 0) return { existing: null };
      const row = await db
        .prepare(
          "SELECT amount, reason, requested_by, at, status, cancellation_id FROM refunds WHERE payment_id = ? AND idempotency_key = ?",
        )
        .bind(refund.paymentId, refund.idempotencyKey)
        .first<RefundRow>();
      if (!row) return { existing: null };
      return {
        existing: {
          paymentId: refund.paymentId,
          idempotencyKey: refund.idempotencyKey,
          amount: row.amount,
          reason: row.reason,
          requestedBy: row.requested_by,
          at: row.at,
          status: row.status,
          ...(row.cancellation_id ? { cancellationId: row.cancellation_id } : {}),
        },
      };
    },

    async completeRefund(paymentId, idempotencyKey, outcome) {
      await db.batch([
        // A webhook may have recorded this cancellation first, as made in PortOne's console: it is this one.
        db
          .prepare("DELETE FROM refunds WHERE payment_id = ? AND cancellation_id = ? AND requested_by = 'portone'")
          .bind(paymentId, outcome.cancellationId),
        db
          .prepare("UPDATE refunds SET status = ?, cancellation_id = ? WHERE payment_id = ? AND idempotency_key = ?")
          .bind(outcome.status, outcome.cancellationId, paymentId, idempotencyKey),
      ]);
    },

    async abandonRefund(paymentId, idempotencyKey) {
      await db
        .prepare("DELETE FROM refunds WHERE payment_id = ? AND idempotency_key = ? AND cancellation_id IS NULL")
        .bind(paymentId, idempotencyKey)
        .run();
    },

    listStock: () => listStock(db),
    restock: (paymentId, at) => restockOrder(db, paymentId, at),
    setOnHand: (productId, onHand, at) => setOnHand(db, productId, onHand, at),

    async erasePersonalData(before, at) {
      const result = await db
        .prepare(
          `UPDATE orders SET buyer_name = NULL, buyer_email = NULL, buyer_phone = NULL, ship_recipient = NULL, ship_phone = NULL,
            ship_postcode = NULL, ship_address1 = NULL, ship_address2 = NULL, ship_note = NULL,
            tracking_number = NULL, fulfilment_note = NULL, personal_data_erased_at = ?
          WHERE created_at < ? AND personal_data_erased_at IS NULL`,
        )
        .bind(at, before)
        .run();
      return result.meta.changes;
    },
  };
}

/** Lines per export query. */
const EXPORT_PAGE = 5000;

const SUMMARY_COLUMNS = `o.payment_id, o.status, o.created_at, o.paid_at, o.order_name, o.total_amount, o.refunded_amount,
  o.currency, o.buyer_name, o.fulfilment_status, o.channel_type, o.oversold`;

interface SummaryRow {
  payment_id: string;
  status: OrderStatus;
  created_at: string;
  paid_at: string | null;
  order_name: string;
  total_amount: number;
  refunded_amount: number;
  currency: AdminOrderSummary["currency"];
  buyer_name: string | null;
  fulfilment_status: FulfilmentStatus;
  channel_type: string | null;
  oversold: number;
}

interface DetailRow extends SummaryRow {
  pay_method: string;
  receipt_url: string | null;
  state_json: string;
  buyer_email: string | null;
  buyer_phone: string | null;
  ship_recipient: string | null;
  ship_phone: string | null;
  ship_postcode: string | null;
  ship_address1: string | null;
  ship_address2: string | null;
  ship_note: string | null;
  carrier: Carrier | null;
  tracking_number: string | null;
  fulfilment_note: string | null;
  fulfilled_at: string | null;
  personal_data_erased_at: string | null;
}

interface LineRow {
  product_id: string;
  name: string;
  quantity: number;
  unit_amount: number;
}

interface EventRow {
  at: string;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  cause: AdminOrderEvent["cause"];
  detail: string | null;
}

interface RefundRow {
  amount: number;
  reason: string;
  requested_by: string;
  at: string;
  status: AdminRefund["status"];
  cancellation_id: string | null;
}

interface ExportRow extends SummaryRow {
  pay_method: string;
  buyer_email: string | null;
  buyer_phone: string | null;
  ship_recipient: string | null;
  ship_phone: string | null;
  ship_postcode: string | null;
  ship_address1: string | null;
  ship_address2: string | null;
  ship_note: string | null;
  carrier: string | null;
  tracking_number: string | null;
  line_no: number;
  product_id: string;
  line_name: string;
  quantity: number;
  unit_amount: number;
}

/** `LIKE` with the user's `%` and `_` taken literally. */
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(filter: Omit<OrderFilter, "limit">): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.status) {
    clauses.push("o.status = ?");
    params.push(filter.status);
  }
  if (filter.from) {
    clauses.push("o.created_at >= ?");
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push("o.created_at < ?");
    params.push(filter.to);
  }
  if (filter.q) {
    const text = like(filter.q);
    const matches = [
      "o.payment_id LIKE ? ESCAPE '\\'",
      "o.buyer_name LIKE ? ESCAPE '\\'",
      "o.buyer_email LIKE ? ESCAPE '\\'",
      "o.ship_recipient LIKE ? ESCAPE '\\'",
      "EXISTS (SELECT 1 FROM order_lines l2 WHERE l2.payment_id = o.payment_id AND (l2.product_id LIKE ? ESCAPE '\\' OR l2.name LIKE ? ESCAPE '\\'))",
    ];
    params.push(text, text, text, text, text, text);
    // Phone numbers are matched on their digits, whatever dashes the shopper or the merchant typed.
    const digits = filter.q.replace(/\D/g, "");
    if (digits.length >= 3) {
      matches.push("replace(o.buyer_phone, '-', '') LIKE ?", "replace(o.ship_phone, '-', '') LIKE ?");
      params.push(`%${digits}%`, `%${digits}%`);
    }
    clauses.push(`(${matches.join(" OR ")})`);
  }
  if (filter.cursor) {
    clauses.push("(o.created_at, o.payment_id) < (?, ?)");
    params.push(filter.cursor.createdAt, filter.cursor.paymentId);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/** An opaque page cursor: where the last order of the page was. */
export function encodeCursor(createdAt: string, paymentId: string): string {
  return btoa(`${createdAt}|${paymentId}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The cursor's position, or `null` when it is not one of ours. */
export function decodeCursor(cursor: string): { createdAt: string; paymentId: string } | null {
  try {
    const [createdAt, paymentId, ...rest] = atob(cursor.replace(/-/g, "+").replace(/_/g, "/")).split("|");
    if (
      rest.length ||
      !createdAt ||
      !paymentId ||
      Number.isNaN(Date.parse(createdAt)) ||
      !/^[A-Za-z0-9]{1,40}$/.test(paymentId)
    ) {
      return null;
    }
    return { createdAt, paymentId };
  } catch {
    return null;
  }
}

function toSummary(row: SummaryRow): AdminOrderSummary {
  return {
    paymentId: row.payment_id,
    status: row.status,
    createdAt: row.created_at,
    ...(row.paid_at ? { paidAt: row.paid_at } : {}),
    orderName: row.order_name,
    totalAmount: row.total_amount,
    refundedAmount: row.refunded_amount,
    currency: row.currency,
    ...(row.buyer_name ? { buyerName: row.buyer_name } : {}),
    fulfilmentStatus: row.fulfilment_status,
    isTest: row.channel_type !== null && row.channel_type !== "LIVE",
    oversold: row.oversold === 1,
  };
}

function toDetail(row: DetailRow, lines: LineRow[], events: EventRow[], refunds: RefundRow[]): AdminOrderDetail {
  const state = JSON.parse(row.state_json) as Pick<AdminOrderDetail, "virtualAccount" | "failure">;
  const customer = {
    ...(row.buyer_name ? { fullName: row.buyer_name } : {}),
    ...(row.buyer_email ? { email: row.buyer_email } : {}),
    ...(row.buyer_phone ? { phoneNumber: row.buyer_phone } : {}),
  };
  return {
    ...toSummary(row),
    items: lines.map((l) => ({
      productId: l.product_id,
      name: l.name,
      quantity: l.quantity,
      unitAmount: l.unit_amount,
    })),
    payMethod: row.pay_method,
    ...(Object.keys(customer).length ? { customer } : {}),
    ...(row.ship_recipient && row.ship_phone && row.ship_postcode && row.ship_address1
      ? {
          shipping: {
            recipient: row.ship_recipient,
            phoneNumber: row.ship_phone,
            postcode: row.ship_postcode,
            address1: row.ship_address1,
            ...(row.ship_address2 ? { address2: row.ship_address2 } : {}),
            ...(row.ship_note ? { note: row.ship_note } : {}),
          },
        }
      : {}),
    fulfilment: {
      status: row.fulfilment_status,
      ...(row.carrier ? { carrier: row.carrier } : {}),
      ...(row.tracking_number ? { trackingNumber: row.tracking_number } : {}),
      ...(row.fulfilment_note ? { note: row.fulfilment_note } : {}),
      ...(row.fulfilled_at ? { at: row.fulfilled_at } : {}),
    },
    ...(state.virtualAccount ? { virtualAccount: state.virtualAccount } : {}),
    ...(state.failure ? { failure: { code: state.failure.code, message: state.failure.message } } : {}),
    ...(row.receipt_url ? { receiptUrl: row.receipt_url } : {}),
    ...(row.personal_data_erased_at ? { personalDataErasedAt: row.personal_data_erased_at } : {}),
    events: events.map((e) => ({
      at: e.at,
      from: e.from_status,
      to: e.to_status,
      cause: e.cause,
      ...(e.detail ? { detail: e.detail } : {}),
    })),
    refunds: refunds.map((r) => ({
      amount: r.amount,
      reason: r.reason,
      requestedBy: r.requested_by,
      at: r.at,
      status: r.status,
      ...(r.cancellation_id ? { cancellationId: r.cancellation_id } : {}),
    })),
  };
}

function toExportLine(row: ExportRow): ExportLine {
  return {
    ...toSummary(row),
    payMethod: row.pay_method,
    buyerEmail: row.buyer_email,
    buyerPhone: row.buyer_phone,
    shipRecipient: row.ship_recipient,
    shipPhone: row.ship_phone,
    shipPostcode: row.ship_postcode,
    shipAddress: [row.ship_address1, row.ship_address2].filter(Boolean).join(" ") || null,
    shipNote: row.ship_note,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    lineNo: row.line_no + 1,
    productId: row.product_id,
    productName: row.line_name,
    quantity: row.quantity,
    unitAmount: row.unit_amount,
  };
}

/**
 * The notification outbox over D1 (`notification_deliveries`, migrations/0004_notifications.sql).
 *
 * Limits this adapter lives with: D1 has one writer per database and a batch is a transaction, so
 * the rows a transition adds ({@link outboxStatements}) exist exactly when the transition does:
 * they are inserted in its batch only where the winner's `transition_id` stands, and the UNIQUE
 * (payment_id, event, channel) constraint turns a repeat into nothing. A claim is a conditional
 * UPDATE on the attempts count the sender read, so of two senders exactly one sends a row; a
 * sender that dies after claiming leaves the row to the next run after the lease (a message sent
 * just before such a crash is sent again: at least once, never twice from two live senders).
 *
 * @example const outbox = d1Outbox(env.CHECKOUT_DB);
 */

import { type Delivery, type NotificationOutbox, RETRY_WINDOW_MS } from "../services/notify.ts";
import { eventsOf, mayOversell, type NotifyPlan } from "../services/notify-events.ts";
import type { OrderFacts } from "../services/notify-message.ts";
import type { OrderTransition } from "../services/ports.ts";

/**
 * The outbox rows a transition adds to its batch: one per configured channel and event the
 * merchant wants, each only where `guard` holds; `OVERSOLD` only where the same batch flagged the
 * order (so these go after the stock statements).
 */
export function outboxStatements(
  db: D1Database,
  event: OrderTransition,
  plan: NotifyPlan,
  guard: { sql: string; params: unknown[] },
): D1PreparedStatement[] {
  if (plan.channels.length === 0) return [];
  const giveUpAt = new Date(Date.parse(event.at) + RETRY_WINDOW_MS).toISOString();
  const kinds = eventsOf(event).filter((k) => plan.events.has(k));
  const statements = kinds.flatMap((kind) =>
    plan.channels.map((channel) =>
      db
        .prepare(`${INSERT_DELIVERY} WHERE ${guard.sql} ON CONFLICT DO NOTHING`)
        .bind(event.paymentId, kind, channel, event.detail ?? null, event.at, giveUpAt, event.at, ...guard.params),
    ),
  );
  if (mayOversell(event) && plan.events.has("OVERSOLD")) {
    for (const channel of plan.channels) {
      statements.push(
        db
          .prepare(
            `${INSERT_DELIVERY} WHERE ${guard.sql} AND EXISTS (SELECT 1 FROM orders WHERE payment_id = ? AND oversold = 1) ON CONFLICT DO NOTHING`,
          )
          .bind(
            event.paymentId,
            "OVERSOLD",
            channel,
            null,
            event.at,
            giveUpAt,
            event.at,
            ...guard.params,
            event.paymentId,
          ),
      );
    }
  }
  return statements;
}

const INSERT_DELIVERY = `INSERT INTO notification_deliveries (payment_id, event, channel, detail, next_attempt_at, give_up_at, created_at)
  SELECT ?, ?, ?, ?, ?, ?, ?`;

/** The outbox port over D1. */
export function d1Outbox(db: D1Database): NotificationOutbox {
  return {
    async due(now, limit, paymentId) {
      const rows = paymentId
        ? await db
            .prepare(
              `${SELECT} WHERE payment_id = ? AND status = 'PENDING' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
            )
            .bind(paymentId, now, limit)
            .all<Row>()
        : await db
            .prepare(`${SELECT} WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
            .bind(now, limit)
            .all<Row>();
      return rows.results.map(fromRow);
    },
    async claim(delivery, now, leaseUntil) {
      const result = await db
        .prepare(
          `UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = ?1, sending_until = ?1
          WHERE id = ?2 AND status = 'PENDING' AND attempts = ?3 AND next_attempt_at <= ?4`,
        )
        .bind(leaseUntil, delivery.id, delivery.attempts, now)
        .run();
      return (result.meta.changes ?? 0) > 0;
    },
    async settle(id, outcome) {
      if (outcome.status === "SENT") {
        await db
          .prepare(
            "UPDATE notification_deliveries SET status = 'SENT', sent_at = ?, last_error = NULL, sending_until = NULL WHERE id = ?",
          )
          .bind(outcome.at, id)
          .run();
      } else if (outcome.status === "PENDING") {
        await db
          .prepare(
            "UPDATE notification_deliveries SET next_attempt_at = ?, last_error = ?, sending_until = NULL WHERE id = ? AND status = 'PENDING'",
          )
          .bind(outcome.nextAttemptAt, outcome.error.slice(0, 500), id)
          .run();
      } else {
        await db
          .prepare(
            "UPDATE notification_deliveries SET status = 'FAILED', last_error = ?, sending_until = NULL WHERE id = ?",
          )
          .bind(outcome.error.slice(0, 500), id)
          .run();
      }
    },
    async facts(paymentId) {
      const row = await db
        .prepare(
          `SELECT payment_id, order_name, total_amount, currency, pay_method, channel_type, buyer_name, ship_address1
          FROM orders WHERE payment_id = ?`,
        )
        .bind(paymentId)
        .first<FactsRow>();
      if (!row) return null;
      return {
        paymentId: row.payment_id,
        orderName: row.order_name,
        totalAmount: row.total_amount,
        currency: row.currency,
        payMethod: row.pay_method,
        channelType: row.channel_type,
        buyerName: row.buyer_name,
        shipAddress1: row.ship_address1,
      } satisfies OrderFacts;
    },
    async listFor(paymentId) {
      const rows = await db.prepare(`${SELECT} WHERE payment_id = ? ORDER BY id`).bind(paymentId).all<Row>();
      return rows.results.map(fromRow);
    },
    async requeue(paymentId, id, now, giveUpAt) {
      const row = await db
        .prepare(
          `UPDATE notification_deliveries SET status = 'PENDING', next_attempt_at = ?, give_up_at = ?
          WHERE id = ? AND payment_id = ?
            AND (status = 'FAILED' OR (status = 'PENDING' AND (sending_until IS NULL OR sending_until <= ?)))
          RETURNING *`,
        )
        .bind(now, giveUpAt, id, paymentId, now)
        .first<Row>();
      if (row) return fromRow(row);
      // Already sent, or being sent right now: nothing to requeue, answer it as it is.
      const current = await db.prepare(`${SELECT} WHERE id = ? AND payment_id = ?`).bind(id, paymentId).first<Row>();
      return current ? fromRow(current) : null;
    },
  };
}

const SELECT = `SELECT id, payment_id, event, channel, detail, status, attempts, next_attempt_at, give_up_at, last_error,
  created_at, sent_at FROM notification_deliveries`;

interface Row {
  id: number;
  payment_id: string;
  event: Delivery["event"];
  channel: Delivery["channel"];
  detail: string | null;
  status: Delivery["status"];
  attempts: number;
  next_attempt_at: string;
  give_up_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

interface FactsRow {
  payment_id: string;
  order_name: string;
  total_amount: number;
  currency: string;
  pay_method: string;
  channel_type: string | null;
  buyer_name: string | null;
  ship_address1: string | null;
}

function fromRow(r: Row): Delivery {
  return {
    id: r.id,
    paymentId: r.payment_id,
    event: r.event,
    channel: r.channel,
    detail: r.detail,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    giveUpAt: r.give_up_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/**
 * Stock limits over D1 (`stock`, `stock_holds`, migrations/0003_stock.sql): the statements the
 * ledger adds to an order's batches, so stock moves in the same transaction as the order.
 *
 * Limits this adapter lives with: D1 has one writer per database, and a batch is a transaction;
 * the table's CHECK (`reserved + sold <= on_hand + oversold`) is the guard, so a reservation that
 * would pass what is on hand fails its whole batch (the order is not created) whichever of two
 * concurrent shoppers comes second. Products without a `stock` row are unlimited.
 *
 * @example const statements = reserveStatements(db, "pay1", [{ productId: "mug", quantity: 1 }]);
 */

import type { StockClaim } from "../services/ports.ts";

/** The statements that hold stock for a new order: fail the batch when a product would run out. */
export function reserveStatements(
  db: D1Database,
  paymentId: string,
  claims: readonly StockClaim[],
): D1PreparedStatement[] {
  return claims.flatMap(({ productId, quantity }) => [
    db
      .prepare("UPDATE stock SET reserved = reserved + ?, updated_at = ? WHERE product_id = ?")
      .bind(quantity, new Date().toISOString(), productId),
    db
      .prepare(
        "INSERT INTO stock_holds (payment_id, product_id, quantity, state) SELECT ?, ?, ?, 'HELD' WHERE EXISTS (SELECT 1 FROM stock WHERE product_id = ?)",
      )
      .bind(paymentId, productId, quantity, productId),
  ]);
}

/** Whether a failed batch failed on the stock guard (as opposed to D1 being unavailable). */
export function isOutOfStock(error: unknown): boolean {
  return /CHECK constraint failed/i.test(String((error as Error)?.message ?? error));
}

/** The first of `claims` that no longer fits in what is on hand: the product to name in OUT_OF_STOCK. */
export async function shortProduct(db: D1Database, claims: readonly StockClaim[]): Promise<string | undefined> {
  for (const { productId, quantity } of claims) {
    const row = await db
      .prepare("SELECT on_hand + oversold - reserved - sold AS available FROM stock WHERE product_id = ?")
      .bind(productId)
      .first<{ available: number }>();
    if (row && row.available < quantity) return productId;
  }
  return claims[0]?.productId;
}

/**
 * The statements a transition adds to its batch, each run only where `guard` (the winner's
 * transition id) holds: to a failed, cancelled or rejected order its held units go back; to a paid
 * order they become sold, and units whose hold was already released are sold anyway, counted as
 * oversold on the product and flagged on the order.
 */
export function transitionStatements(
  db: D1Database,
  paymentId: string,
  to: string,
  guard: { sql: string; params: unknown[] },
  at: string,
): D1PreparedStatement[] {
  if (to === "FAILED" || to === "CANCELLED" || to === "REJECTED") {
    return [
      db
        .prepare(
          `UPDATE stock SET updated_at = ?, reserved = reserved -
            (SELECT h.quantity FROM stock_holds h WHERE h.payment_id = ? AND h.product_id = stock.product_id AND h.state = 'HELD')
          WHERE product_id IN (SELECT product_id FROM stock_holds WHERE payment_id = ? AND state = 'HELD') AND ${guard.sql}`,
        )
        .bind(at, paymentId, paymentId, ...guard.params),
      db
        .prepare(`UPDATE stock_holds SET state = 'RELEASED' WHERE payment_id = ? AND state = 'HELD' AND ${guard.sql}`)
        .bind(paymentId, ...guard.params),
    ];
  }
  if (to !== "PAID") return [];
  return [
    // Flag first, while the counts are still the ones before this sale.
    db
      .prepare(
        `UPDATE orders SET oversold = 1 WHERE payment_id = ? AND ${guard.sql} AND EXISTS (
          SELECT 1 FROM stock_holds h JOIN stock s ON s.product_id = h.product_id
          WHERE h.payment_id = ? AND h.state = 'RELEASED' AND s.reserved + s.sold + h.quantity > s.on_hand + s.oversold)`,
      )
      .bind(paymentId, ...guard.params, paymentId),
    db
      .prepare(
        `UPDATE stock SET updated_at = ?,
          oversold = oversold + MAX(0, reserved + sold +
            (SELECT h.quantity FROM stock_holds h WHERE h.payment_id = ? AND h.product_id = stock.product_id AND h.state = 'RELEASED')
            - on_hand - oversold),
          sold = sold + (SELECT h.quantity FROM stock_holds h WHERE h.payment_id = ? AND h.product_id = stock.product_id AND h.state = 'RELEASED')
        WHERE product_id IN (SELECT product_id FROM stock_holds WHERE payment_id = ? AND state = 'RELEASED') AND ${guard.sql}`,
      )
      .bind(at, paymentId, paymentId, paymentId, ...guard.params),
    db
      .prepare(
        `UPDATE stock SET updated_at = ?,
          reserved = reserved - (SELECT h.quantity FROM stock_holds h WHERE h.payment_id = ? AND h.product_id = stock.product_id AND h.state = 'HELD'),
          sold = sold + (SELECT h.quantity FROM stock_holds h WHERE h.payment_id = ? AND h.product_id = stock.product_id AND h.state = 'HELD')
        WHERE product_id IN (SELECT product_id FROM stock_holds WHERE payment_id = ? AND state = 'HELD') AND ${guard.sql}`,
      )
      .bind(at, paymentId, paymentId, paymentId, ...guard.params),
    db
      .prepare(
        `UPDATE stock_holds SET state = 'SOLD' WHERE payment_id = ? AND state IN ('HELD', 'RELEASED') AND ${guard.sql}`,
      )
      .bind(paymentId, ...guard.params),
  ];
}

/** A product's stock as the merchant sees it. */
export interface StockLevel {
  productId: string;
  onHand: number;
  reserved: number;
  sold: number;
  oversold: number;
  /** What a new order may still take. */
  available: number;
}

/** Every limited product's stock. */
export async function listStock(db: D1Database): Promise<StockLevel[]> {
  const rows = await db
    .prepare("SELECT product_id, on_hand, reserved, sold, oversold FROM stock ORDER BY product_id")
    .all<{ product_id: string; on_hand: number; reserved: number; sold: number; oversold: number }>();
  return rows.results.map((r) => ({
    productId: r.product_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    sold: r.sold,
    oversold: r.oversold,
    available: Math.max(0, r.on_hand + r.oversold - r.reserved - r.sold),
  }));
}

/**
 * Sets a product's on-hand count without touching reservations in flight or sales; a count
 * below what is already reserved and sold is raised to that (nothing promised is taken back),
 * and the answer says so. `null` removes the limit.
 */
export async function setOnHand(
  db: D1Database,
  productId: string,
  onHand: number | null,
  at: string,
): Promise<{ onHand: number | null; raised: boolean }> {
  if (onHand === null) {
    await db.prepare("DELETE FROM stock WHERE product_id = ?").bind(productId).run();
    return { onHand: null, raised: false };
  }
  const row = await db
    .prepare(
      `INSERT INTO stock (product_id, on_hand, updated_at) VALUES (?1, ?2, ?3)
      ON CONFLICT (product_id) DO UPDATE SET on_hand = MAX(?2, reserved + sold - oversold), updated_at = ?3
      RETURNING on_hand`,
    )
    .bind(productId, onHand, at)
    .first<{ on_hand: number }>();
  const stored = row?.on_hand ?? onHand;
  return { onHand: stored, raised: stored > onHand };
}

/**
 * Puts a refunded order's sold units back on hand (the merchant asked for it): its `SOLD` holds
 * become `RELEASED` and leave `sold`. Answers how many units came back; running it twice adds none.
 */
export async function restockOrder(db: D1Database, paymentId: string, at: string): Promise<number> {
  const held = await db
    .prepare("SELECT COALESCE(SUM(quantity), 0) AS units FROM stock_holds WHERE payment_id = ? AND state = 'SOLD'")
    .bind(paymentId)
    .first<{ units: number }>();
  await db.batch([
    db
      .prepare(
        `UPDATE stock SET updated_at = ?, sold = sold -
          (SELECT h.quantity FROM stock_holds h WHERE h.payment_id = ? AND h.product_id = stock.product_id AND h.state = 'SOLD')
        WHERE product_id IN (SELECT product_id FROM stock_holds WHERE payment_id = ? AND state = 'SOLD')`,
      )
      .bind(at, paymentId, paymentId),
    db.prepare("UPDATE stock_holds SET state = 'RELEASED' WHERE payment_id = ? AND state = 'SOLD'").bind(paymentId),
  ]);
  return held?.units ?? 0;
}

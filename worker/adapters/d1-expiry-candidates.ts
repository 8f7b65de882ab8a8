import type { ExpiryCandidates } from "../services/expire-orders.ts";

/**
 * `ExpiryCandidates` over the ledger's `orders` table: `PENDING` orders by creation time (the
 * `orders_by_status` index), `AWAITING_DEPOSIT` ones by their account's `expiredAt` in
 * `state_json`.
 *
 * Limits this adapter lives with: `expiredAt` is whatever PortOne sent (UTC `Z` or `+09:00`), so
 * it is compared through SQLite's `julianday()`, which reads both; an account without
 * `expiredAt` never expires here. At most `limit` rows a run: the oldest first.
 *
 * @example const candidates = d1ExpiryCandidates(env.CHECKOUT_DB);
 */
export function d1ExpiryCandidates(db: D1Database): ExpiryCandidates {
  return {
    async expiring({ pendingCreatedBefore, depositDueBefore, limit }) {
      const rows = await db
        .prepare(
          `SELECT payment_id FROM orders
           WHERE status IN ('PENDING', 'AWAITING_DEPOSIT')
             AND ((status = 'PENDING' AND created_at < ?)
               OR (status = 'AWAITING_DEPOSIT'
                   AND julianday(json_extract(state_json, '$.virtualAccount.expiredAt')) <= julianday(?)))
           ORDER BY created_at, payment_id LIMIT ?`,
        )
        .bind(pendingCreatedBefore, depositDueBefore, limit)
        .all<{ payment_id: string }>();
      return rows.results.map((row) => row.payment_id);
    },
  };
}

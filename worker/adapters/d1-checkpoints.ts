import type { Checkpoints } from "../services/reconcile.ts";

/**
 * `Checkpoints` over D1's `checkpoints` table (migrations/0002_reconciliation.sql).
 *
 * Limits this adapter lives with: the last write wins. Two runs overlapping (a slow run and the
 * next cron) may set the checkpoint out of order, which only makes the next run look at more
 * than it needs to: a checkpoint that moves back is safe, one that skips ahead is what the
 * service never writes.
 *
 * @example const checkpoints = d1Checkpoints(env.CHECKOUT_DB);
 */
export function d1Checkpoints(db: D1Database, clock: () => Date = () => new Date()): Checkpoints {
  return {
    async get(name) {
      const row = await db.prepare("SELECT at FROM checkpoints WHERE name = ?").bind(name).first<{ at: string }>();
      return row?.at ?? null;
    },
    async set(name, at) {
      await db
        .prepare(
          `INSERT INTO checkpoints (name, at, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET at = excluded.at, updated_at = excluded.updated_at`,
        )
        .bind(name, at, clock().toISOString())
        .run();
    },
  };
}

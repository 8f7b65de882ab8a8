import type { Clock } from "../ports.ts";
import type { BackOffice } from "./ports.ts";

/** The default retention: five years, what Korean e-commerce law asks payment records be kept. */
export const DEFAULT_RETENTION_DAYS = 1825;

/**
 * Erases the buyer and shipping details of orders older than the retention period, keeping the
 * accounting row (amounts, lines, events, refunds). Safe to run twice: an erased order is not
 * touched again.
 *
 * @example await purgePersonalData({ office, now }, 1825); // → how many orders were erased
 */
export async function purgePersonalData(
  deps: { office: BackOffice; now: Clock },
  retentionDays: number,
): Promise<number> {
  const now = deps.now();
  const before = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000).toISOString();
  const erased = await deps.office.erasePersonalData(before, now.toISOString());
  if (erased > 0) console.log(JSON.stringify({ event: "personal_data_erased", orders: erased, before }));
  return erased;
}

/** `PERSONAL_DATA_RETENTION_DAYS` as a whole number of days (at least 1), else the default. */
export function retentionDays(value: unknown): number {
  const days = typeof value === "string" && /^\d{1,6}$/.test(value.trim()) ? Number(value) : Number.NaN;
  return days >= 1 ? days : DEFAULT_RETENTION_DAYS;
}

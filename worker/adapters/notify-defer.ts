/**
 * Runs a notification's first attempt after the answer is sent, through the Workers runtime's
 * `waitUntil` for the current request or cron event (`cloudflare:workers`), so a slow or broken
 * channel never delays or fails a payment.
 *
 * Limits: outside a request or event there is nothing to extend; the work is then left to the
 * `deliver_notifications` cron, which sends every row still due.
 *
 * @example defer(deliverDue(deps, { paymentId }));
 */

import { waitUntil } from "cloudflare:workers";

export function defer(work: Promise<unknown>): void {
  const quiet = work.catch((error: unknown) =>
    console.error(JSON.stringify({ event: "notification_attempt_failed", error: String(error) })),
  );
  try {
    waitUntil(quiet);
  } catch {
    // No request or event to extend: the cron sends what is still due.
  }
}

import type { ServiceDeps } from "./deps.ts";
import { type SettleError, settlePayment } from "./settle-payment.ts";

/** A verified webhook, reduced to what settlement needs. */
export interface WebhookEvent {
  webhookId: string;
  type: string;
  paymentId?: string;
  storeId?: string;
}

export type WebhookOutcome =
  | { kind: "SETTLED"; status: string }
  | { kind: "DUPLICATE"; status: string }
  | { kind: "IGNORED"; reason: "NOT_A_TRANSACTION" | "OTHER_STORE" | "UNKNOWN_ORDER" | "UNRECOGNIZED_STATUS" }
  | { kind: "RETRY"; error: SettleError };

/**
 * Settles what a webhook announces. Webhooks carry ids, never amounts, so this runs the same
 * settlement as the browser's completion. A `webhook-id` seen before is acknowledged without
 * work; a PortOne outage answers `RETRY` so PortOne delivers again later.
 *
 * @example
 * const outcome = await handleWebhook(deps, { webhookId, type: "Transaction.Paid", paymentId });
 */
export async function handleWebhook(deps: ServiceDeps, event: WebhookEvent): Promise<WebhookOutcome> {
  if (!event.type.startsWith("Transaction.") || !event.paymentId) return { kind: "IGNORED", reason: "NOT_A_TRANSACTION" };
  if (event.storeId && event.storeId !== deps.config.storeId) return { kind: "IGNORED", reason: "OTHER_STORE" };

  const seen = await deps.store.getWebhookReceipt(event.webhookId);
  if (seen) return { kind: "DUPLICATE", status: seen };

  const settled = await settlePayment(deps, event.paymentId);
  if (!settled.ok) {
    switch (settled.error.code) {
      case "ORDER_NOT_FOUND":
        // A payment this checkout did not create (another integration on the same store).
        return { kind: "IGNORED", reason: "UNKNOWN_ORDER" };
      case "PAYMENT_STATUS_UNRECOGNIZED":
        return { kind: "IGNORED", reason: "UNRECOGNIZED_STATUS" };
      case "PAYMENT_NOT_FOUND":
      case "PORTONE":
        return { kind: "RETRY", error: settled.error };
    }
  }
  try {
    await deps.store.putWebhookReceipt(event.webhookId, settled.value.status);
  } catch (error) {
    // Without the receipt a redelivery just settles again, which changes nothing.
    console.warn(JSON.stringify({ event: "webhook_receipt_write_failed", webhookId: event.webhookId, error: String(error) }));
  }
  return { kind: "SETTLED", status: settled.value.status };
}

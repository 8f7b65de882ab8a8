import type { WebhookAnswer } from "../../contract/index.ts";
import { PAYMENT_ID_PATTERN } from "../domain/payment-id.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceError } from "./errors.ts";
import type { ServiceDeps } from "./ports.ts";
import { settlePayment } from "./settle-payment.ts";

/** A verified webhook, reduced to what settlement needs. Nothing in it is bounded yet. */
export interface WebhookEvent {
  webhookId: string;
  type: string;
  paymentId?: string;
  storeId?: string;
}

/** What the webhook did (the wire answer's `outcome`), and why, for the log. */
type WebhookOutcome =
  | { outcome: Extract<WebhookAnswer["outcome"], "SETTLED" | "DUPLICATE">; status: string }
  | { outcome: "IGNORED"; reason: "NOT_A_TRANSACTION" | "OTHER_STORE" | "UNKNOWN_ORDER" | "UNRECOGNIZED_STATUS" };

/**
 * Settles what a webhook announces (cause `WEBHOOK`). Webhooks carry ids, never amounts, so this
 * runs the same settlement as the browser's completion. A `webhook-id` seen before is
 * acknowledged without work; a paymentId we could not have minted is ignored before any read.
 * An error means "not now": the route answers non-2xx and PortOne delivers again.
 *
 * @example
 * const handled = await handleWebhook(deps, { webhookId, type: "Transaction.Paid", paymentId });
 */
export async function handleWebhook(
  deps: ServiceDeps,
  event: WebhookEvent,
): Promise<Result<WebhookOutcome, ServiceError>> {
  if (!event.type.startsWith("Transaction.") || event.paymentId === undefined) {
    return ok({ outcome: "IGNORED", reason: "NOT_A_TRANSACTION" });
  }
  if (event.storeId !== undefined && event.storeId !== deps.settings.storeId)
    return ok({ outcome: "IGNORED", reason: "OTHER_STORE" });
  // Signed is not the same as ours: another integration on the store may use any id PortOne allows.
  if (!PAYMENT_ID_PATTERN.test(event.paymentId)) return ok({ outcome: "IGNORED", reason: "UNKNOWN_ORDER" });

  const seen = await deps.store.getWebhookReceipt(event.webhookId);
  if (seen) return ok({ outcome: "DUPLICATE", status: seen });

  // mustSave: a delivery whose settlement could not be stored is not acknowledged, so PortOne sends it again.
  const settled = await settlePayment(deps, { paymentId: event.paymentId, cause: "WEBHOOK", mustSave: true });
  if (!settled.ok) {
    switch (settled.error.code) {
      case "ORDER_NOT_FOUND":
        // A payment this checkout did not create (another integration on the same store).
        return ok({ outcome: "IGNORED", reason: "UNKNOWN_ORDER" });
      case "PAYMENT_STATUS_UNRECOGNIZED":
        return ok({ outcome: "IGNORED", reason: "UNRECOGNIZED_STATUS" });
      case "PAYMENT_NOT_FOUND":
        return err({ code: "PAYMENT_NOT_YET_VISIBLE" });
      case "PORTONE":
      case "STORAGE_UNAVAILABLE":
        return err(settled.error);
    }
  }
  try {
    await deps.store.putWebhookReceipt(event.webhookId, settled.value.status);
  } catch (error) {
    // Without the receipt a redelivery just settles again, which changes nothing.
    console.warn(
      JSON.stringify({ event: "webhook_receipt_write_failed", webhookId: event.webhookId, error: String(error) }),
    );
  }
  return ok({ outcome: "SETTLED", status: settled.value.status });
}

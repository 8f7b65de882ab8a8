import type { WebhookAnswer } from "../../contract/index.ts";
import { PAYMENT_ID_PATTERN } from "../domain/payment-id.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceError } from "./errors.ts";
import type { ServiceDeps } from "./ports.ts";
import { settlePayment } from "./settle-payment.ts";

/** What a V1 notice did (the wire answer's `outcome`), and why, for the log. */
type V1WebhookOutcome =
  | { outcome: Extract<WebhookAnswer["outcome"], "SETTLED">; status: string }
  | { outcome: "IGNORED"; reason: "UNKNOWN_ORDER" | "NO_PAYMENT" | "UNRECOGNIZED_STATUS" };

/**
 * Settles what a PortOne V1 notice names (cause `WEBHOOK`). V1 notices are unsigned, so nothing
 * in them is believed: not the status, and not the `imp_uid` either (a forged notice pairing our
 * order with another order's payment must not refuse our order). Only the `merchant_uid` is used,
 * to re-read the order's newest payment from PortOne, exactly as reconciliation would. Keeps no
 * receipts: a receipt keyed by what an unsigned body says could be planted ahead of the real
 * notice, and settlement is idempotent, so a duplicate or a late notice only re-reads.
 * An error means "PortOne or the ledger could not be reached": the route answers 5xx.
 *
 * @example
 * const handled = await handleWebhookV1(deps, { merchantUid: "pay1" });
 */
export async function handleWebhookV1(
  deps: ServiceDeps,
  notice: { merchantUid: string | undefined },
): Promise<Result<V1WebhookOutcome, ServiceError>> {
  const { merchantUid } = notice;
  if (merchantUid === undefined || !PAYMENT_ID_PATTERN.test(merchantUid))
    return ok({ outcome: "IGNORED", reason: "UNKNOWN_ORDER" });
  const settled = await settlePayment(deps, { paymentId: merchantUid, cause: "WEBHOOK", mustSave: true });
  if (settled.ok) return ok({ outcome: "SETTLED", status: settled.value.status });
  switch (settled.error.code) {
    case "ORDER_NOT_FOUND":
      return ok({ outcome: "IGNORED", reason: "UNKNOWN_ORDER" });
    case "PAYMENT_NOT_FOUND":
      // V1 notifies only payments it already shows: a notice for one it does not show proves nothing.
      return ok({ outcome: "IGNORED", reason: "NO_PAYMENT" });
    case "PAYMENT_STATUS_UNRECOGNIZED":
      return ok({ outcome: "IGNORED", reason: "UNRECOGNIZED_STATUS" });
    case "PORTONE":
    case "STORAGE_UNAVAILABLE":
      return err(settled.error);
  }
}

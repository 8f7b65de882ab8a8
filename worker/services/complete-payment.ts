import type { PublicOrder, RejectionCode } from "../../contract/index.ts";
import { toPublicOrder } from "../domain/order.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { REJECTION_MESSAGES } from "../domain/settlement.ts";
import type { ServiceError } from "./errors.ts";
import type { ServiceDeps } from "./ports.ts";
import { settlePayment } from "./settle-payment.ts";

/**
 * The browser's "the payment window closed": settles from PortOne's record (cause `BROWSER`)
 * and answers with the order when it is paid or still open; a failed, cancelled or refused
 * payment is an error the shopper is shown.
 *
 * @example
 * const done = await completePayment(deps, { paymentId: "pay1" });
 * if (done.ok) done.value.status; // "PAID" | "PENDING" | "AWAITING_DEPOSIT"
 */
export async function completePayment(
  deps: ServiceDeps,
  input: { paymentId: string; paymentToken?: string; impUid?: string },
): Promise<Result<PublicOrder, ServiceError>> {
  const settled = await settlePayment(deps, { ...input, cause: "BROWSER" });
  if (!settled.ok) return settled;
  const order = settled.value;
  switch (order.status) {
    case "PAID":
    case "PENDING":
    case "AWAITING_DEPOSIT":
      return ok(toPublicOrder(order));
    case "FAILED":
      return err({ code: "PAYMENT_FAILED", message: order.failure?.message });
    case "CANCELLED":
      return err({ code: "PAYMENT_CANCELLED", message: order.failure?.message });
    case "REJECTED":
      return err({ code: "PAYMENT_REJECTED", rejection: rejectionOf(order.failure?.code) });
  }
}

function rejectionOf(code: string | undefined): RejectionCode | null {
  return code !== undefined && Object.hasOwn(REJECTION_MESSAGES, code) ? (code as RejectionCode) : null;
}

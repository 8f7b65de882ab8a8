/**
 * What PortOne's browser SDK said, reduced to what the widget does next. The same rules apply
 * to the promise `requestPayment` resolves with and to the query string of a redirect return.
 *
 * ## When is a failure the shopper cancelling?
 * PortOne reports a closed or cancelled payment window like any failure (`code` present), so
 * the widget recognises a cancel by its wording and reports `PAYMENT_CANCELLED` instead of
 * `PAYMENT_FAILED` when any of these holds:
 * - `pgCode` or `code` contains `CANCEL` in any case (`PAY_PROCESS_CANCELED`, `USER_CANCEL`,
 *   `CANCELED_BY_USER`, ...);
 * - `message` or `pgMessage` contains `취소` ("cancel"; PortOne's and the PGs' messages are Korean).
 *
 * A cancel is not an error: the shopper can simply press the button again.
 *
 * @example
 * ```ts
 * classifyOutcome({ paymentId: 'pay1', code: 'FAILURE_TYPE_PG', pgCode: 'PAY_PROCESS_CANCELED' });
 * // { kind: 'failed', code: 'PAYMENT_CANCELLED', message: ..., paymentId: 'pay1' }
 * ```
 */

/** The fields the widget reads from a PortOne result (promise or redirect query). */
export interface PortOneOutcome {
  paymentId?: string | undefined;
  paymentToken?: string | undefined;
  /** PortOne V1's `imp_uid` (widget/payment-result-v1.ts). */
  impUid?: string | undefined;
  code?: string | undefined;
  message?: string | undefined;
  pgCode?: string | undefined;
  pgMessage?: string | undefined;
}

/** The next step: verify with the worker, or report a failure. */
export type ClassifiedOutcome =
  | { kind: "succeeded"; paymentId: string; paymentToken?: string | undefined; impUid?: string | undefined }
  | { kind: "failed"; code: "PAYMENT_CANCELLED" | "PAYMENT_FAILED"; message: string; paymentId?: string | undefined };

/** True when a failed outcome means the shopper closed or cancelled the payment window. */
export function isShopperCancel({ pgCode, code, message, pgMessage }: PortOneOutcome): boolean {
  return /cancel/i.test(`${pgCode} ${code}`) || /취소/.test(`${message} ${pgMessage}`);
}

/**
 * Classifies a PortOne outcome. `code` present means failure (PortOne never rejects for a
 * failed payment); otherwise the payment must still be verified by the worker.
 *
 * `expectedPaymentId` is the id the widget asked for (promise path); a redirect return has only
 * the query string's.
 */
export function classifyOutcome(outcome: PortOneOutcome, expectedPaymentId?: string): ClassifiedOutcome {
  // The id the widget created the order for wins over whatever the window reported.
  const paymentId = expectedPaymentId || outcome.paymentId;
  if (outcome.code) {
    const message = outcome.message || outcome.pgMessage || outcome.code;
    return {
      kind: "failed",
      code: isShopperCancel(outcome) ? "PAYMENT_CANCELLED" : "PAYMENT_FAILED",
      message,
      paymentId,
    };
  }
  return paymentId
    ? { kind: "succeeded", paymentId, paymentToken: outcome.paymentToken, impUid: outcome.impUid }
    : { kind: "failed", code: "PAYMENT_FAILED", message: "No paymentId" };
}

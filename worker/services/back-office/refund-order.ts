import type { RefundRequest } from "../../../contract/index.ts";
import { err, ok, type Result } from "../../domain/result.ts";
import type { ServiceError } from "../errors.ts";
import type { Clock, OrderStore, PaymentGateway } from "../ports.ts";
import type { BackOffice } from "./ports.ts";

/** What a refund needs. */
export interface RefundDeps {
  store: OrderStore;
  gateway: PaymentGateway;
  office: BackOffice;
  now: Clock;
  /** Settles the order again from PortOne once the refund went through (state, events, ledger). */
  resettle: (paymentId: string) => Promise<unknown>;
}

/** A refund that went through (or was accepted by PortOne and is still being processed). */
export interface RefundOutcome {
  paymentId: string;
  amount: number;
  status: "SUCCEEDED" | "REQUESTED";
  cancellationId: string;
  /** What is left to refund afterwards. */
  remaining: number;
}

/**
 * Refunds all or part of a paid order, never twice:
 * - the merchant's `Idempotency-Key` is recorded in the ledger before PortOne is asked, so the
 *   same key answers the first refund's outcome however late it is replayed (PortOne itself
 *   remembers keys for hours, not forever); PortOne gets a key derived from it and the order;
 * - the payment is re-read from PortOne, and PortOne is told the balance the merchant confirmed
 *   (`expectedBalance`, else the one just read) as `currentCancellableAmount`: it cancels only if
 *   that is still the balance, so a second submission after the first went through is refused;
 * - more than the balance, an unpaid order and a virtual account without a refund account are
 *   refused before PortOne is asked.
 *
 * @example
 * const refunded = await refundOrder(deps, "pay1", { amount: 5000, reason: "불량" }, { idempotencyKey, requestedBy: "admin" });
 */
export async function refundOrder(
  deps: RefundDeps,
  paymentId: string,
  request: RefundRequest,
  options: { idempotencyKey: string; requestedBy: string },
): Promise<Result<RefundOutcome, ServiceError>> {
  const order = await deps.store.getOrder(paymentId);
  if (!order) return err({ code: "ORDER_NOT_FOUND" });

  const { idempotencyKey } = options;
  const begun = await deps.office.beginRefund({
    paymentId,
    idempotencyKey,
    amount: request.amount ?? 0,
    reason: request.reason,
    requestedBy: options.requestedBy,
    at: deps.now().toISOString(),
    status: "REQUESTED",
  });
  const replay = begun.existing;
  if (replay?.cancellationId && replay.status !== "FAILED") {
    // The same request again: its first outcome, not a second refund.
    const refunded = order.refundedAmount ?? 0;
    return ok({
      paymentId,
      amount: replay.amount,
      status: replay.status,
      cancellationId: replay.cancellationId,
      remaining: order.totalAmount - refunded,
    });
  }
  // A request whose first attempt's outcome is unknown is finished only against the balance the
  // merchant confirmed: without it the retry would re-read a balance the first attempt may have
  // already lowered (PortOne V1 keeps no idempotency key to catch that).
  if (replay && !replay.cancellationId && request.expectedBalance === undefined) {
    return err({
      code: "PAYMENT_CHANGED",
      detail: "the first attempt's outcome is unknown: reload the refundable balance and send it as expectedBalance",
    });
  }
  // From here a fresh request, or one whose outcome PortOne never gave (it is asked again, with the same key).
  const abandon = async (error: ServiceError) => {
    await deps.office.abandonRefund(paymentId, idempotencyKey);
    return err(error);
  };
  if (order.status !== "PAID") return abandon({ code: "ORDER_NOT_REFUNDABLE", status: order.status });

  const read = await deps.gateway.getPayment(paymentId);
  if (!read.ok) return err({ code: "PORTONE", failure: read.failure, paymentId });
  const payment = read.value;
  if (payment.status !== "PAID" && payment.status !== "PARTIAL_CANCELLED") {
    return abandon({ code: "PAYMENT_CHANGED", detail: `PortOne shows ${payment.rawStatus}` });
  }
  const balance = (payment.amountTotal ?? 0) - (payment.amountCancelled ?? 0);
  if (request.expectedBalance !== undefined && request.expectedBalance !== balance) {
    return abandon({ code: "PAYMENT_CHANGED", detail: `the refundable balance is now ${balance}` });
  }
  const amount = request.amount ?? balance;
  if (amount <= 0 || amount > balance) {
    return abandon({ code: "REFUND_EXCEEDS_BALANCE", balance, currency: order.currency });
  }
  if (payment.isVirtualAccount && !request.refundAccount) return abandon({ code: "REFUND_ACCOUNT_REQUIRED" });

  const cancelled = await deps.gateway.cancel({
    paymentId,
    amount,
    reason: request.reason,
    currentCancellableAmount: request.expectedBalance ?? balance,
    idempotencyKey: await portOneKey(paymentId, idempotencyKey),
    ...(request.refundAccount ? { refundAccount: request.refundAccount } : {}),
  });
  if (!cancelled.ok) {
    const { failure } = cancelled;
    if (failure.kind === "REFUSED") {
      switch (failure.type) {
        case "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN":
        case "PAYMENT_ALREADY_CANCELLED":
        case "PAYMENT_NOT_PAID":
          return abandon({ code: "PAYMENT_CHANGED", detail: failure.type });
        case "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT":
        case "SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT":
          return abandon({ code: "REFUND_EXCEEDS_BALANCE", balance, currency: order.currency });
        // V1 takes refunds only to banks it has a code for: ask for another account.
        case "REFUND_BANK_NOT_SUPPORTED_ON_V1":
          return abandon({ code: "REFUND_ACCOUNT_REQUIRED" });
      }
      return abandon({ code: "PORTONE", failure, paymentId });
    }
    // PortOne did not answer: the refund may have happened. The REQUESTED row stays, and the
    // same request (same key) finishes it without refunding twice.
    return err({ code: "REFUND_PENDING" });
  }
  const { cancellationId, status } = cancelled.value;
  await deps.office.completeRefund(paymentId, idempotencyKey, { cancellationId, status });
  // Restock only when the merchant asked and nothing is left paid: a partial refund never restocks.
  if (request.restock && balance - amount === 0) await deps.office.restock(paymentId, deps.now().toISOString());
  // The order's state follows PortOne's record: CANCELLED after a full refund, still PAID after a part.
  await deps.resettle(paymentId);
  return ok({ paymentId, amount, status, cancellationId, remaining: balance - amount });
}

/** PortOne's Idempotency-Key for a merchant's key on an order: a key reused on another order is another refund. */
async function portOneKey(paymentId: string, key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`refund\n${paymentId}\n${key}`));
  return `refund-${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

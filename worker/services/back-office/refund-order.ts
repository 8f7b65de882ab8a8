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
 * Refunds all or part of a paid order, never twice: it re-reads the payment from PortOne first,
 * refuses more than the refundable balance, and sends PortOne both the balance it read
 * (`currentCancellableAmount`: PortOne refuses if the payment changed meanwhile) and the
 * merchant's `Idempotency-Key` (a double click or a retry gets the first answer).
 *
 * @example
 * const refunded = await refundOrder(deps, "pay1", { amount: 5000, reason: "불량" }, { key, by: "admin" });
 */
export async function refundOrder(
  deps: RefundDeps,
  paymentId: string,
  request: RefundRequest,
  options: { idempotencyKey: string; requestedBy: string },
): Promise<Result<RefundOutcome, ServiceError>> {
  const order = await deps.store.getOrder(paymentId);
  if (!order) return err({ code: "ORDER_NOT_FOUND" });
  if (order.status !== "PAID") return err({ code: "ORDER_NOT_REFUNDABLE", status: order.status });

  const read = await deps.gateway.getPayment(paymentId);
  if (!read.ok) return err({ code: "PORTONE", failure: read.failure, paymentId });
  const payment = read.value;
  if (payment.status !== "PAID" && payment.status !== "PARTIAL_CANCELLED") {
    return err({ code: "PAYMENT_CHANGED", detail: `PortOne shows ${payment.rawStatus}` });
  }
  const balance = (payment.amountTotal ?? 0) - (payment.amountCancelled ?? 0);
  const amount = request.amount ?? balance;
  if (amount <= 0 || amount > balance)
    return err({ code: "REFUND_EXCEEDS_BALANCE", balance, currency: order.currency });
  if (payment.isVirtualAccount && !request.refundAccount) return err({ code: "REFUND_ACCOUNT_REQUIRED" });

  const cancelled = await deps.gateway.cancel({
    paymentId,
    amount,
    reason: request.reason,
    currentCancellableAmount: balance,
    idempotencyKey: options.idempotencyKey,
    ...(request.refundAccount ? { refundAccount: request.refundAccount } : {}),
  });
  if (!cancelled.ok) {
    const { failure } = cancelled;
    if (failure.kind === "REFUSED") {
      switch (failure.type) {
        case "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN":
        case "PAYMENT_ALREADY_CANCELLED":
        case "PAYMENT_NOT_PAID":
          return err({ code: "PAYMENT_CHANGED", detail: failure.type });
        case "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT":
        case "SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT":
          return err({ code: "REFUND_EXCEEDS_BALANCE", balance, currency: order.currency });
      }
    }
    return err({ code: "PORTONE", failure, paymentId });
  }
  const { cancellationId, status } = cancelled.value;
  await deps.office.recordRefund({
    paymentId,
    idempotencyKey: options.idempotencyKey,
    amount,
    reason: request.reason,
    requestedBy: options.requestedBy,
    at: deps.now().toISOString(),
    status,
    cancellationId,
  });
  // The order's state follows PortOne's record: CANCELLED after a full refund, still PAID after a part.
  await deps.resettle(paymentId);
  return ok({ paymentId, amount, status, cancellationId, remaining: balance - amount });
}

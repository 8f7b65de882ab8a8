import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import type { Cancellation, PaymentRecord } from "./payments.ts";
import type { RefundAccount } from "./refund-account.ts";

/**
 * How many cancellations a payment takes by default before 409 MAX_CANCEL_COUNT_REACHED. PortOne
 * caps partial cancels per payment but the number depends on the PG (unconfirmed); change it
 * with the `maxCancelCount` option or `PUT /_emulator/config`.
 */
export const MAX_CANCEL_COUNT = 10;

/** A cancellation request (`CancelPaymentBody`, the fields the emulator honours). */
export type CancelRequest = {
  reason: string;
  storeId?: string;
  /** Omitted: cancel everything still cancellable. */
  amount?: number;
  taxFreeAmount?: number;
  currentCancellableAmount?: number;
  skipWebhook?: boolean;
  /** Where a paid virtual account's money goes back; required for `API` cancels of one. */
  refundAccount?: RefundAccount;
  /** `API` for the REST call, `CONSOLE` for a cancellation in PortOne's console. */
  trigger: Cancellation["trigger"];
};

/**
 * Cancels all or part of a paid payment: PARTIAL_CANCELLED while something stays paid,
 * CANCELLED once nothing does, with webhook `Transaction.PartialCancelled` or
 * `Transaction.Cancelled` carrying the `cancellationId`. A paid virtual account is refunded to
 * `refundAccount`, which an `API` cancel must send (400 INVALID_REQUEST otherwise: the spec's
 * CancelPaymentError has no more specific type); the console asks for it in its own form.
 *
 * @throws {ApiError} PAYMENT_NOT_FOUND, PAYMENT_ALREADY_CANCELLED, PAYMENT_NOT_PAID, INVALID_REQUEST,
 *   MAX_CANCEL_COUNT_REACHED, CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN,
 *   CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT, ...
 * @example
 * ```ts
 * await cancelPayment(core, "order0001", { reason: "반품", amount: 9000, trigger: "API" });
 * ```
 */
export async function cancelPayment(
  core: EmulatorCore,
  paymentId: string,
  request: CancelRequest,
): Promise<Cancellation> {
  const record = core.payments.get(paymentId);
  if (!record || (request.storeId !== undefined && request.storeId !== record.storeId)) {
    throw new ApiError("PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
  }
  if (record.status === "CANCELLED") {
    throw new ApiError("PAYMENT_ALREADY_CANCELLED", "이미 취소된 결제 건입니다.");
  }
  if (record.status !== "PAID" && record.status !== "PARTIAL_CANCELLED") {
    throw new ApiError("PAYMENT_NOT_PAID", "결제가 완료되지 않은 결제 건입니다.");
  }
  if (record.virtualAccount && request.trigger === "API" && !request.refundAccount) {
    throw new ApiError("INVALID_REQUEST", "가상계좌 결제를 취소하려면 환불 계좌(refundAccount)를 입력해야 합니다.");
  }
  if (record.cancellations.length >= core.config.maxCancelCount) {
    throw new ApiError("MAX_CANCEL_COUNT_REACHED", "취소 시도 횟수가 초과되었습니다.");
  }
  const { cancellable, cancellableTaxFree } = remaining(record);
  if (request.currentCancellableAmount !== undefined && request.currentCancellableAmount !== cancellable) {
    throw new ApiError("CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", "취소 가능 잔액이 일치하지 않습니다.");
  }
  const amount = request.amount ?? cancellable;
  const taxFreeAmount = request.taxFreeAmount ?? (request.amount === undefined ? cancellableTaxFree : 0);
  if (amount <= 0) throw new ApiError("INVALID_REQUEST", "취소 금액은 0보다 커야 합니다.");
  if (amount > cancellable) {
    throw new ApiError("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT", "취소 금액이 취소 가능 금액을 초과합니다.");
  }
  if (taxFreeAmount > amount) {
    throw new ApiError("SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT", "면세 금액이 취소 금액을 초과합니다.");
  }
  if (taxFreeAmount > cancellableTaxFree) {
    throw new ApiError(
      "CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT",
      "취소 면세 금액이 취소 가능 면세 금액을 초과합니다.",
    );
  }
  const now = core.nowIso();
  const cancellation: Cancellation = {
    status: "SUCCEEDED",
    id: core.newId(),
    pgCancellationId: core.newId("pg-cancel-"),
    totalAmount: amount,
    taxFreeAmount,
    vatAmount: Math.round((amount - taxFreeAmount) / 11),
    reason: request.reason,
    requestedAt: now,
    cancelledAt: now,
    trigger: request.trigger,
  };
  record.cancellations.push(cancellation);
  record.cancelledAt = now;
  // Every cancellation is a status change for getPayments' STATUS_CHANGED_AT ("cancelled: 결제
  // 취소 시점"), a second partial one included, so a reconciliation window finds it.
  record.statusChangedAt = now;
  if (record.virtualAccount) {
    record.virtualAccount.refundStatus = "COMPLETED";
    if (request.refundAccount) {
      record.refundAccounts ??= [];
      record.refundAccounts.push({ cancellationId: cancellation.id, ...request.refundAccount });
    }
  }
  const status = amount === cancellable ? "CANCELLED" : "PARTIAL_CANCELLED";
  await core.transition(record, status, {
    cancellationId: cancellation.id,
    ...(request.skipWebhook ? { skipWebhook: true } : {}),
  });
  return cancellation;
}

function remaining(record: PaymentRecord): { cancellable: number; cancellableTaxFree: number } {
  let cancelled = 0;
  let cancelledTaxFree = 0;
  for (const cancellation of record.cancellations) {
    cancelled += cancellation.totalAmount;
    cancelledTaxFree += cancellation.taxFreeAmount;
  }
  return {
    cancellable: record.paidAmount - cancelled,
    cancellableTaxFree: Math.min(record.taxFreeAmount, record.paidAmount) - cancelledTaxFree,
  };
}

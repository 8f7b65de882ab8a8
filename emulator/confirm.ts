import type { EmulatorCore, PreRegistration } from "./core.ts";
import { ApiError } from "./errors.ts";
import { markPaid } from "./settlement.ts";

/** `ConfirmPaymentBody`: the token from the browser and the values to check it against. */
export type ConfirmRequest = {
  paymentToken: string;
  storeId?: string;
  txId?: string;
  totalAmount?: number;
  taxFreeAmount?: number;
  currency?: string;
  isTest?: boolean;
};

/**
 * `POST /payments/{paymentId}/confirm`: charges a payment a manual-confirm channel left READY.
 * A token that is not the payment's is 400 INVALID_PAYMENT_TOKEN (the spec's error for it); a
 * `txId`, `totalAmount`, `taxFreeAmount`, `currency` or `isTest` that differs is 409
 * INFORMATION_MISMATCH and charges nothing.
 *
 * @returns `ConfirmedPaymentSummary` `{ pgTxId, paidAt }`.
 */
export async function confirmPayment(
  core: EmulatorCore,
  paymentId: string,
  request: ConfirmRequest,
): Promise<{ pgTxId: string; paidAt: string }> {
  const record = core.payments.get(paymentId);
  if (!record || (request.storeId !== undefined && request.storeId !== record.storeId)) {
    throw new ApiError("PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
  }
  if (["PAID", "PARTIAL_CANCELLED", "CANCELLED"].includes(record.status)) {
    throw new ApiError("ALREADY_PAID", "이미 결제가 완료된 결제 건입니다.");
  }
  if (record.status !== "READY" || record.paymentToken === undefined || record.paymentToken !== request.paymentToken) {
    throw new ApiError("INVALID_PAYMENT_TOKEN", "유효하지 않은 결제 토큰입니다.");
  }
  const mismatch =
    (request.txId !== undefined && request.txId !== record.transactionId) ||
    (request.totalAmount !== undefined && request.totalAmount !== record.totalAmount) ||
    (request.taxFreeAmount !== undefined && request.taxFreeAmount !== record.taxFreeAmount) ||
    (request.currency !== undefined && request.currency !== record.currency) ||
    (request.isTest !== undefined && request.isTest !== (record.channelType === "TEST"));
  if (mismatch) throw new ApiError("INFORMATION_MISMATCH", "결제 정보가 일치하지 않습니다.");
  await markPaid(core, record);
  return { pgTxId: record.pgTxId ?? "", paidAt: record.paidAt ?? core.nowIso() };
}

/**
 * `POST /payments/{paymentId}/pre-register`: remembers the amount and currency the window must
 * request (a later call replaces an earlier one). 409 ALREADY_PAID once the payment is paid.
 */
export function preRegisterPayment(core: EmulatorCore, paymentId: string, registration: PreRegistration): void {
  const record = core.payments.get(paymentId);
  if (record && ["PAID", "PARTIAL_CANCELLED", "CANCELLED"].includes(record.status)) {
    throw new ApiError("ALREADY_PAID", "이미 결제가 완료된 결제 건입니다.");
  }
  core.preRegistrations.set(paymentId, registration);
}

import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import type { PaymentFailure, PaymentRecord } from "./payments.ts";

/**
 * Charges the payment's `totalAmount` and moves it to PAID (webhook `Transaction.Paid`).
 */
export async function markPaid(core: EmulatorCore, record: PaymentRecord): Promise<void> {
  record.paidAmount = record.totalAmount;
  record.paidAt = core.nowIso();
  record.pgTxId ??= core.newId("pg-");
  record.approvalNumber ??= digitsFrom(core.newId(), 8);
  delete record.paymentToken;
  await core.transition(record, "PAID");
}

/** Moves the payment to FAILED with `failure` (webhook `Transaction.Failed`). */
export async function markFailed(core: EmulatorCore, record: PaymentRecord, failure: PaymentFailure): Promise<void> {
  record.failure = failure;
  record.failedAt = core.nowIso();
  delete record.paymentToken;
  await core.transition(record, "FAILED");
}

/**
 * An approval that was pending (PAY_PENDING) comes back: PAID, or FAILED when `approved` is
 * false. 409 INVALID_STATE when the payment is not pending.
 */
export async function resolvePending(core: EmulatorCore, paymentId: string, approved: boolean): Promise<PaymentRecord> {
  const record = core.payments.get(paymentId);
  if (!record) throw new ApiError("PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
  if (record.status !== "PAY_PENDING") throw new ApiError("INVALID_STATE", "결제 완료 대기 상태가 아닙니다.");
  if (approved) await markPaid(core, record);
  else
    await markFailed(core, record, {
      reason: "결제 승인이 거절되었습니다.",
      pgCode: "PAYMENT_DECLINED",
      pgMessage: "승인 거절",
    });
  return record;
}

/**
 * A deterministic string of `length` digits derived from `seed` (so a fixed `random` gives
 * fixed account and approval numbers).
 */
export function digitsFrom(seed: string, length: number): string {
  let hash = 2166136261;
  let digits = "";
  while (digits.length < length) {
    for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    digits += String(hash % 1_000_000).padStart(6, "0");
  }
  return digits.slice(0, length);
}

import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import type { PaymentRecord } from "./payments.ts";
import { digitsFrom, markPaid } from "./settlement.ts";

/** The store name shown as the account holder (`remitteeName`). */
export const REMITTEE_NAME = "포트원 데모샵";

const VALID_FOR_MS = 3 * 24 * 60 * 60 * 1000;

/** Issues a virtual account (SHINHAN, valid 3 days) on the record; the caller moves the status. */
export function issueVirtualAccount(core: EmulatorCore, record: PaymentRecord): void {
  const now = core.options.now();
  record.virtualAccount = {
    bank: "SHINHAN",
    accountNumber: `562${digitsFrom(core.newId(), 11)}`,
    accountType: "NORMAL",
    remitteeName: REMITTEE_NAME,
    expiredAt: new Date(now.getTime() + VALID_FOR_MS).toISOString(),
    issuedAt: now.toISOString(),
  };
  record.pgTxId ??= core.newId("pg-");
}

/**
 * The shopper deposits into the issued account: the payment becomes PAID
 * (webhook `Transaction.Paid`). 409 PAYMENT_NOT_WAITING_FOR_DEPOSIT otherwise or once expired.
 */
export async function depositVirtualAccount(core: EmulatorCore, paymentId: string): Promise<PaymentRecord> {
  const record = waitingForDeposit(core, paymentId);
  if (record.virtualAccount && Date.parse(record.virtualAccount.expiredAt) < core.options.now().getTime()) {
    throw new ApiError("PAYMENT_NOT_WAITING_FOR_DEPOSIT", "입금 기한이 지난 가상계좌입니다.");
  }
  await markPaid(core, record);
  return record;
}

/**
 * `POST /payments/{paymentId}/virtual-account/close`: closes an issued, unpaid account.
 * The payment ends CANCELLED with a zero-amount cancellation (webhook `Transaction.Cancelled`);
 * what PortOne records here is unconfirmed, and either way it is not paid.
 */
export async function closeVirtualAccount(
  core: EmulatorCore,
  paymentId: string,
  storeId: string | undefined,
): Promise<{ closedAt: string }> {
  const record = waitingForDeposit(core, paymentId, storeId);
  const closedAt = core.nowIso();
  const cancellation = {
    status: "SUCCEEDED" as const,
    id: core.newId(),
    pgCancellationId: core.newId("pg-cancel-"),
    totalAmount: 0,
    taxFreeAmount: 0,
    vatAmount: 0,
    reason: "가상계좌 말소",
    requestedAt: closedAt,
    cancelledAt: closedAt,
    trigger: "API" as const,
  };
  record.cancellations.push(cancellation);
  record.cancelledAt = closedAt;
  await core.transition(record, "CANCELLED", { cancellationId: cancellation.id });
  return { closedAt };
}

function waitingForDeposit(core: EmulatorCore, paymentId: string, storeId?: string): PaymentRecord {
  const record = core.payments.get(paymentId);
  if (!record || (storeId !== undefined && storeId !== record.storeId)) {
    throw new ApiError("PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
  }
  if (record.status !== "VIRTUAL_ACCOUNT_ISSUED") {
    throw new ApiError("PAYMENT_NOT_WAITING_FOR_DEPOSIT", "결제 건이 입금 대기 상태가 아닙니다.");
  }
  return record;
}

import type { Bank } from "./banks.ts";
import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import type { PaymentRecord } from "./payments.ts";
import { digitsFrom, markPaid } from "./settlement.ts";

/** The store name shown as the account holder (`remitteeName`). */
export const REMITTEE_NAME = "포트원 데모샵";

/**
 * The banks accounts are issued from when the action names none, picked by the paymentId so a
 * test sees the same bank every run. All are `Bank` codes PortOne's PGs issue accounts from.
 */
export const ISSUING_BANKS = [
  "SHINHAN",
  "KOOKMIN",
  "NONGHYUP",
  "WOORI",
  "HANA",
  "IBK",
] as const satisfies readonly Bank[];

/**
 * What `POST /_emulator/payments` may say about the account it issues. Each field: absent, the
 * default (a bank from {@link bankFor}, {@link REMITTEE_NAME}, 3 days); a value, that value;
 * `null`, left out of the payment, as PortOne's spec allows for all three.
 */
export type VirtualAccountOptions = {
  bank?: Bank | null;
  remitteeName?: string | null;
  expiredAt?: string | null;
};

const VALID_FOR_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * The default bank of a payment's account: one of {@link ISSUING_BANKS} by an FNV-1a hash of
 * its paymentId.
 *
 * @example
 * ```ts
 * bankFor("order0001"); // always the same one of ISSUING_BANKS
 * ```
 */
export function bankFor(paymentId: string): Bank {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(paymentId)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return ISSUING_BANKS[hash % ISSUING_BANKS.length] as Bank;
}

/** Issues a virtual account on the record as `options` say; the caller moves the status. */
export function issueVirtualAccount(
  core: EmulatorCore,
  record: PaymentRecord,
  options: VirtualAccountOptions = {},
): void {
  const now = core.options.now();
  const bank = options.bank === undefined ? bankFor(record.id) : options.bank;
  const remitteeName = options.remitteeName === undefined ? REMITTEE_NAME : options.remitteeName;
  const expiredAt =
    options.expiredAt === undefined ? new Date(now.getTime() + VALID_FOR_MS).toISOString() : options.expiredAt;
  // Spec order (bank, accountNumber, accountType, remitteeName, expiredAt, issuedAt); null: left out.
  record.virtualAccount = {
    ...(bank === null ? {} : { bank }),
    accountNumber: `562${digitsFrom(core.newId(), 11)}`,
    accountType: "NORMAL",
    ...(remitteeName === null ? {} : { remitteeName }),
    ...(expiredAt === null ? {} : { expiredAt }),
    issuedAt: now.toISOString(),
  };
  record.pgTxId ??= core.newId("pg-");
}

/**
 * The shopper deposits into the issued account: the payment becomes PAID
 * (webhook `Transaction.Paid`). 409 PAYMENT_NOT_WAITING_FOR_DEPOSIT otherwise or once expired
 * (an account without `expiredAt` never expires).
 */
export async function depositVirtualAccount(core: EmulatorCore, paymentId: string): Promise<PaymentRecord> {
  const record = waitingForDeposit(core, paymentId);
  const expiredAt = record.virtualAccount?.expiredAt;
  if (expiredAt !== undefined && Date.parse(expiredAt) < core.options.now().getTime()) {
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

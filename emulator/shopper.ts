import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import type { ChannelType, Customer, PaymentFailure, PaymentRecord } from "./payments.ts";
import { markFailed, markPaid } from "./settlement.ts";
import { issueVirtualAccount, type VirtualAccountOptions } from "./virtual-account.ts";

/** What the shopper does in the payment window. */
export const WINDOW_OUTCOMES = [
  "PAID",
  "FAILED",
  "CANCELLED_BY_USER",
  "VIRTUAL_ACCOUNT_ISSUED",
  "PAY_PENDING",
] as const;

/** One of {@link WINDOW_OUTCOMES}. */
export type WindowOutcome = (typeof WINDOW_OUTCOMES)[number];

/** A payment request as the browser SDK sent it, and what the shopper did with it. */
export type WindowAction = {
  storeId: string;
  channelKey: string;
  paymentId: string;
  orderName: string;
  totalAmount: number;
  currency: string;
  payMethod: string;
  customer: Customer;
  customData?: string;
  outcome: WindowOutcome;
  /** Tampering: the amount actually charged, bypassing the pre-registration check. */
  amountPaid?: number;
  channelType?: ChannelType;
  /** What the issued virtual account says (see {@link VirtualAccountOptions}). */
  virtualAccount?: VirtualAccountOptions;
  platformType: "PC" | "MOBILE";
  userAgent?: string;
  /** Where the receipt will be, kept only for card payments. */
  receiptUrl: string;
};

/** What the browser SDK's `requestPayment` resolves to. */
export type PaymentResponse = {
  transactionType: "PAYMENT";
  txId: string;
  paymentId: string;
  paymentToken?: string;
  code?: string;
  message?: string;
  pgCode?: string;
  pgMessage?: string;
};

const DECLINED: PaymentFailure = {
  reason: "카드사에서 결제를 거절했습니다.",
  pgCode: "CARD_DECLINED",
  pgMessage: "한도초과 또는 잔액부족",
};
const CANCELLED_BY_USER_MESSAGE = "사용자가 결제를 취소하였습니다";

/**
 * Applies the shopper's action: refuses a paid paymentId, refuses an amount that differs from
 * the pre-registered one, otherwise starts a new attempt (a FAILED payment may be retried) and
 * moves it to the outcome's status, enqueuing its webhook.
 */
export async function actInWindow(core: EmulatorCore, action: WindowAction): Promise<PaymentResponse> {
  const existing = core.payments.get(action.paymentId);
  const txId = core.newId();
  const answer = { transactionType: "PAYMENT" as const, txId, paymentId: action.paymentId };
  if (existing && existing.storeId !== action.storeId) {
    // PortOne scopes paymentIds per store; the emulator keeps one namespace and says so.
    throw new ApiError("INVALID_STATE", "다른 상점에서 이미 사용한 paymentId입니다.");
  }
  if (existing && ["PAID", "PARTIAL_CANCELLED", "CANCELLED"].includes(existing.status)) {
    return { ...answer, code: "PaymentAlreadyPaid", message: "이미 결제가 완료된 결제 건입니다." };
  }
  if (existing && (existing.status === "VIRTUAL_ACCOUNT_ISSUED" || existing.status === "PAY_PENDING")) {
    return { ...answer, code: "InvalidEntityState", message: "이미 진행 중인 결제 건입니다." };
  }
  const record = newAttempt(core, action, txId, existing);
  core.payments.set(record.id, record);

  if (action.amountPaid === undefined && differsFromPreRegistered(core, action)) {
    const message = "사전 등록된 결제 정보와 일치하지 않습니다.";
    await markFailed(core, record, { reason: message });
    return { ...answer, code: "AmountNotEqualToPredefined", message };
  }
  switch (action.outcome) {
    case "PAID":
      if (core.options.manualConfirmChannelKeys.includes(action.channelKey)) {
        record.paymentToken = core.newId("payment-token-");
        await core.transition(record, "READY");
        return { ...answer, paymentToken: record.paymentToken };
      }
      if (action.payMethod === "VIRTUAL_ACCOUNT") issueVirtualAccount(core, record, action.virtualAccount);
      await markPaid(core, record);
      return answer;
    case "FAILED":
      await markFailed(core, record, DECLINED);
      return {
        ...answer,
        code: "PGProviderError",
        message: `[PG] ${DECLINED.reason} (${DECLINED.pgMessage})`,
        pgCode: DECLINED.pgCode,
        pgMessage: DECLINED.pgMessage,
      };
    case "CANCELLED_BY_USER": {
      const failure = {
        reason: CANCELLED_BY_USER_MESSAGE,
        pgCode: "PAY_PROCESS_CANCELED",
        pgMessage: CANCELLED_BY_USER_MESSAGE,
      };
      await markFailed(core, record, failure);
      return {
        ...answer,
        code: "FAILURE_TYPE_PG",
        message: failure.reason,
        pgCode: failure.pgCode,
        pgMessage: failure.pgMessage,
      };
    }
    case "VIRTUAL_ACCOUNT_ISSUED":
      issueVirtualAccount(core, record, action.virtualAccount);
      await core.transition(record, "VIRTUAL_ACCOUNT_ISSUED");
      return answer;
    case "PAY_PENDING":
      record.pgTxId = core.newId("pg-");
      await core.transition(record, "PAY_PENDING");
      return answer;
  }
}

function newAttempt(
  core: EmulatorCore,
  action: WindowAction,
  txId: string,
  previous: PaymentRecord | undefined,
): PaymentRecord {
  const now = core.nowIso();
  const preRegistered = core.preRegistrations.get(action.paymentId);
  const totalAmount = action.amountPaid ?? action.totalAmount;
  const taxFreeAmount = Math.min(preRegistered?.taxFreeAmount ?? 0, totalAmount);
  return {
    id: action.paymentId,
    storeId: action.storeId,
    transactionId: txId,
    // The window opens with READY; transition() below sets the outcome's status and its webhook.
    status: "READY",
    channelKey: action.channelKey,
    channelType: action.channelType ?? (core.options.liveChannelKeys.includes(action.channelKey) ? "LIVE" : "TEST"),
    payMethod: action.payMethod,
    orderName: action.orderName,
    currency: action.currency,
    totalAmount,
    taxFreeAmount,
    paidAmount: 0,
    customer: action.customer,
    ...(action.customData === undefined ? {} : { customData: action.customData }),
    origin: {
      platformType: action.platformType,
      ipAddress: "127.0.0.1",
      ...(action.userAgent ? { userAgent: action.userAgent } : {}),
    },
    requestedAt: previous?.requestedAt ?? now,
    updatedAt: now,
    statusChangedAt: now,
    // Only card payments get a receipt (GET /receipts/:paymentId); see the README.
    ...(action.payMethod === "CARD" ? { receiptUrl: action.receiptUrl } : {}),
    cancellations: [],
  };
}

function differsFromPreRegistered(core: EmulatorCore, action: WindowAction): boolean {
  const registered = core.preRegistrations.get(action.paymentId);
  if (!registered) return false;
  if (registered.storeId !== undefined && registered.storeId !== action.storeId) return false;
  return (
    (registered.totalAmount !== undefined && registered.totalAmount !== action.totalAmount) ||
    (registered.currency !== undefined && registered.currency !== action.currency)
  );
}

import type { OrderStatus, RejectionCode, VirtualAccount } from "../../contract/index.ts";
import { type Cancellation, canMove, type Failure, type Order, type Refund } from "./order.ts";

/**
 * The facts of a PortOne payment that settlement needs, read by the gateway from
 * `GET /payments/{paymentId}`. `UNRECOGNIZED` stands for any status PortOne adds later.
 */
export interface PaymentRecord {
  status:
    | "READY"
    | "PAY_PENDING"
    | "VIRTUAL_ACCOUNT_ISSUED"
    | "PAID"
    | "FAILED"
    | "PARTIAL_CANCELLED"
    | "CANCELLED"
    | "UNRECOGNIZED";
  /** PortOne's status verbatim, for logs. */
  rawStatus: string;
  storeId: string | null;
  currency: string | null;
  amountTotal: number | null;
  channelType: string | null;
  paidAt?: string;
  virtualAccount?: VirtualAccount;
  failure?: { reason?: string; pgCode?: string; pgMessage?: string };
  cancelReason?: string;
  /** `amount.cancelled`: what has been given back so far. */
  amountCancelled?: number;
  cancellations?: Cancellation[];
  receiptUrl?: string;
  /** Paid into a virtual account: a refund needs the shopper's bank account. */
  isVirtualAccount?: boolean;
}

/** The merchant's rules a payment must meet, from configuration. */
interface SettlementRules {
  storeId: string;
  allowTestPayments: boolean;
}

/** How to give a refused payment's money back (`NONE`: nothing was charged). */
type RefundMethod = Refund["method"] | "NONE";

/** What PortOne's record means for the order. */
export type Verdict =
  | {
      kind: "settle";
      status: Exclude<OrderStatus, "REJECTED">;
      paidAt?: string;
      virtualAccount?: VirtualAccount;
      failure?: Failure;
    }
  | { kind: "reject"; code: RejectionCode; refund: RefundMethod; expected: string; actual: string }
  | { kind: "unrecognized"; rawStatus: string };

/**
 * Statuses in which money has moved or will move, so the amount must be the order's.
 * CANCELLED is one of them: a tampered payment we refunded reads CANCELLED afterwards, and it
 * must still judge as REJECTED, so that a webhook and the browser settling at the same moment
 * reach the same verdict whichever sees the refund first.
 */
const MONEY_STATUSES = new Set<PaymentRecord["status"]>([
  "PAID",
  "PARTIAL_CANCELLED",
  "VIRTUAL_ACCOUNT_ISSUED",
  "PAY_PENDING",
  "CANCELLED",
]);

/**
 * Decides what a payment means for an order. Pure: no I/O, no clock.
 * Compares PortOne's record with the stored order, never with anything the browser sent.
 *
 * @example
 * judge(order, { status: "PAID", amountTotal: 100, ... }, rules)
 * // → { kind: "reject", code: "AMOUNT_MISMATCH", refund: "CANCEL_PAYMENT", ... }
 */
export function judge(order: Order, payment: PaymentRecord, rules: SettlementRules): Verdict {
  if (MONEY_STATUSES.has(payment.status)) {
    const refund: RefundMethod =
      payment.status === "VIRTUAL_ACCOUNT_ISSUED" ? "CLOSE_VIRTUAL_ACCOUNT" : "CANCEL_PAYMENT";
    // The order is the truth: store, channel, currency and amount must all be what we minted.
    if (payment.storeId !== rules.storeId) {
      return {
        kind: "reject",
        code: "STORE_MISMATCH",
        refund,
        expected: rules.storeId,
        actual: String(payment.storeId),
      };
    }
    // PortOne refunds test payments yet reports them PAID: outside development only LIVE counts.
    if (payment.channelType !== "LIVE" && !rules.allowTestPayments) {
      return {
        kind: "reject",
        code: "TEST_CHANNEL_REFUSED",
        refund,
        expected: "LIVE",
        actual: String(payment.channelType),
      };
    }
    if (payment.currency !== order.currency) {
      return {
        kind: "reject",
        code: "CURRENCY_MISMATCH",
        refund,
        expected: order.currency,
        actual: String(payment.currency),
      };
    }
    // amount.total is what was requested; amount.paid may be lower after a card promotion.
    if (payment.amountTotal !== order.totalAmount) {
      return {
        kind: "reject",
        code: "AMOUNT_MISMATCH",
        refund,
        expected: String(order.totalAmount),
        actual: String(payment.amountTotal),
      };
    }
  }
  switch (payment.status) {
    case "PAID":
    case "PARTIAL_CANCELLED":
      return { kind: "settle", status: "PAID", ...(payment.paidAt ? { paidAt: payment.paidAt } : {}) };
    case "VIRTUAL_ACCOUNT_ISSUED":
      return payment.virtualAccount
        ? { kind: "settle", status: "AWAITING_DEPOSIT", virtualAccount: payment.virtualAccount }
        : { kind: "settle", status: "PENDING" };
    case "READY":
    case "PAY_PENDING":
      return { kind: "settle", status: "PENDING" };
    case "FAILED":
      return {
        kind: "settle",
        status: "FAILED",
        failure: {
          code: "PAYMENT_FAILED",
          message: payment.failure?.pgMessage ?? payment.failure?.reason ?? "The payment failed.",
          ...(payment.failure?.pgCode ? { pgCode: payment.failure.pgCode } : {}),
        },
      };
    case "CANCELLED":
      return {
        kind: "settle",
        status: "CANCELLED",
        failure: { code: "PAYMENT_CANCELLED", message: payment.cancelReason ?? "The payment was cancelled." },
      };
    case "UNRECOGNIZED":
      return { kind: "unrecognized", rawStatus: payment.rawStatus };
  }
}

/**
 * Applies a verdict to an order, forward only. Returns the order unchanged (same object)
 * when nothing moves, so the caller writes KV only on a real change.
 *
 * @example
 * const next = applyVerdict(order, verdict, new Date().toISOString());
 * if (next !== order) await store.put(next);
 */
export function applyVerdict(order: Order, verdict: Verdict, now: string): Order {
  switch (verdict.kind) {
    case "unrecognized":
      return order;
    case "reject": {
      if (!canMove(order.status, "REJECTED")) return order;
      const { virtualAccount: _closed, ...rest } = order;
      return {
        ...rest,
        status: "REJECTED",
        failure: { code: verdict.code, message: REJECTION_MESSAGES[verdict.code] },
        ...(verdict.refund === "NONE" ? {} : { refund: { method: verdict.refund, state: "REQUESTED" as const } }),
        updatedAt: now,
      };
    }
    case "settle": {
      if (!canMove(order.status, verdict.status)) return order;
      // An order that expired past its account's due time does not come back to waiting for a
      // deposit because PortOne still lists the old account: only a new, unexpired one counts.
      if (
        order.status === "FAILED" &&
        verdict.status === "AWAITING_DEPOSIT" &&
        Date.parse(verdict.virtualAccount?.expiredAt ?? "") <= Date.parse(now)
      ) {
        return order;
      }
      const next: Order = { ...order, status: verdict.status, updatedAt: now };
      if (verdict.virtualAccount) next.virtualAccount = verdict.virtualAccount;
      if (verdict.status === "PAID") {
        next.paidAt = verdict.paidAt ?? now;
        delete next.failure;
      }
      if (verdict.failure) next.failure = verdict.failure;
      return next;
    }
  }
}

/**
 * Shopper-safe messages: the expected and actual values go to logs, never to the page.
 *
 * @example REJECTION_MESSAGES.AMOUNT_MISMATCH // "The amount paid does not match the order. ..."
 */
export const REJECTION_MESSAGES = {
  AMOUNT_MISMATCH: "The amount paid does not match the order. The payment has been cancelled.",
  CURRENCY_MISMATCH: "The payment currency does not match the order. The payment has been cancelled.",
  STORE_MISMATCH: "The payment was made to a different store. It has been cancelled.",
  TEST_CHANNEL_REFUSED: "Test payments are not accepted by this shop. The payment has been cancelled.",
} as const satisfies Record<RejectionCode, string>;

/**
 * Copies what PortOne says of refunds and the receipt onto the order, whatever its status:
 * a partial refund leaves the order `PAID` but changes what the merchant sees. Returns the same
 * object when nothing changed, so the caller writes only on a real change.
 *
 * @example
 * withPaymentFacts(order, { ...record, amountCancelled: 5000 }, now).refundedAmount // 5000
 */
export function withPaymentFacts(order: Order, payment: PaymentRecord, now: string): Order {
  const refunded = payment.amountCancelled ?? order.refundedAmount;
  const cancellations = payment.cancellations ?? order.cancellations;
  const receiptUrl = payment.receiptUrl ?? order.receiptUrl;
  const same =
    refunded === order.refundedAmount &&
    receiptUrl === order.receiptUrl &&
    JSON.stringify(cancellations ?? []) === JSON.stringify(order.cancellations ?? []);
  if (same) return order;
  return {
    ...order,
    ...(refunded !== undefined ? { refundedAmount: refunded } : {}),
    ...(cancellations ? { cancellations } : {}),
    ...(receiptUrl ? { receiptUrl } : {}),
    updatedAt: order.updatedAt === now ? order.updatedAt : now,
  };
}

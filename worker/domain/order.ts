import type { Currency } from "./catalog.ts";
import type { OrderLine } from "./pricing.ts";

/**
 * An order's life: `PENDING` → `AWAITING_DEPOSIT` → `PAID`, or to `FAILED`, `CANCELLED`,
 * `REJECTED`. See {@link canMove} for the exact forward-only rules.
 */
export type OrderStatus = "PENDING" | "AWAITING_DEPOSIT" | "PAID" | "FAILED" | "CANCELLED" | "REJECTED";

/** Why the worker refused a payment PortOne reported: the amount, currency, store or channel. */
export type RejectionCode = "AMOUNT_MISMATCH" | "CURRENCY_MISMATCH" | "STORE_MISMATCH" | "TEST_CHANNEL_REFUSED";

export interface VirtualAccount {
  bank: string | null;
  accountNumber: string;
  remitteeName: string | null;
  expiredAt: string | null;
}

export interface Failure {
  code: "PAYMENT_FAILED" | "PAYMENT_CANCELLED" | RejectionCode;
  message: string;
  pgCode?: string;
}

/**
 * The refund of a rejected payment: `REQUESTED` is retried by every later settlement until
 * PortOne confirms it (`DONE`) or refuses it for good (`FAILED`: needs the merchant).
 */
export interface Refund {
  method: "CANCEL_PAYMENT" | "CLOSE_VIRTUAL_ACCOUNT";
  state: "REQUESTED" | "DONE" | "FAILED";
  detail?: string;
}

/** An order as stored in KV under `order:<paymentId>`. */
export interface Order {
  paymentId: string;
  status: OrderStatus;
  storeId: string;
  channelKey: string;
  payMethod: string;
  lines: OrderLine[];
  orderName: string;
  totalAmount: number;
  currency: Currency;
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
  virtualAccount?: VirtualAccount;
  failure?: Failure;
  refund?: Refund;
  /** What PortOne last said, for support: status, amount and channel type, never card data. */
  lastSeen?: { status: string; amountTotal: number | null; currency: string | null; channelType: string | null };
}

/** What the shopper's browser may see of an order (no store internals, no customer data). */
export interface PublicOrder {
  paymentId: string;
  status: OrderStatus;
  orderName: string;
  totalAmount: number;
  currency: Currency;
  items: OrderLine[];
  virtualAccount?: VirtualAccount;
  failure?: { code: string; message: string };
  paidAt?: string;
  updatedAt: string;
}

/** @example c.json(toPublicOrder(order)) */
export function toPublicOrder(order: Order): PublicOrder {
  return {
    paymentId: order.paymentId,
    status: order.status,
    orderName: order.orderName,
    totalAmount: order.totalAmount,
    currency: order.currency,
    items: order.lines,
    ...(order.virtualAccount ? { virtualAccount: order.virtualAccount } : {}),
    ...(order.failure ? { failure: { code: order.failure.code, message: order.failure.message } } : {}),
    ...(order.paidAt ? { paidAt: order.paidAt } : {}),
    updatedAt: order.updatedAt,
  };
}

/**
 * Whether an order may move from `from` to `to`. State only moves forward, so a stale or
 * repeated report (a duplicate webhook, a second /complete) can never undo a later one.
 * `FAILED` may still become paid: PortOne lets a paymentId be retried after a failure.
 */
export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return false;
  switch (from) {
    case "PENDING":
      return true;
    case "FAILED":
      return to !== "PENDING";
    case "AWAITING_DEPOSIT":
      return to !== "PENDING";
    case "PAID":
      return to === "CANCELLED";
    case "CANCELLED":
    case "REJECTED":
      return false;
  }
}

import type {
  Currency,
  OrderItem,
  OrderStatus,
  PublicOrder,
  RejectionCode,
  VirtualAccount,
} from "../../contract/index.ts";

/**
 * Why an order did not get paid, as stored: the public code and message, and the PG's own code.
 * `ORDER_EXPIRED`: its time ran out with nothing paid (the scheduled expiry).
 */
export interface Failure {
  code: "PAYMENT_FAILED" | "PAYMENT_CANCELLED" | "ORDER_EXPIRED" | RejectionCode;
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

/**
 * An order as stored under `order:<paymentId>`. Its life: `PENDING` → `AWAITING_DEPOSIT` →
 * `PAID`, or to `FAILED`, `CANCELLED`, `REJECTED`; {@link canMove} holds the forward-only rules.
 */
export interface Order {
  paymentId: string;
  status: OrderStatus;
  storeId: string;
  channelKey: string;
  payMethod: string;
  lines: OrderItem[];
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
  /** How much PortOne has given back (its `amount.cancelled`), in minor units. */
  refundedAmount?: number;
  /** PortOne's cancellations of this payment: the merchant's refunds, here or in PortOne's console. */
  cancellations?: Cancellation[];
  /** PortOne's receipt page, when the PG gives one. */
  receiptUrl?: string;
  /** The stored version this order was read at: the store writes only over the same version. */
  revision?: string;
}

/** One cancellation PortOne recorded on the payment. */
export interface Cancellation {
  id: string;
  amount: number;
  reason: string;
  at: string;
  status: "SUCCEEDED" | "REQUESTED" | "FAILED";
}

/**
 * What the shopper's browser may see of an order: no store internals, no customer data, and
 * no `null` for a field PortOne left out (orders stored before that rule are cleaned here too).
 *
 * @example c.json(toPublicOrder(order))
 */
export function toPublicOrder(order: Order): PublicOrder {
  return {
    paymentId: order.paymentId,
    status: order.status,
    orderName: order.orderName,
    totalAmount: order.totalAmount,
    currency: order.currency,
    items: order.lines,
    ...(order.virtualAccount ? { virtualAccount: withoutNulls(order.virtualAccount) } : {}),
    ...(order.failure ? { failure: { code: order.failure.code, message: order.failure.message } } : {}),
    ...(order.paidAt ? { paidAt: order.paidAt } : {}),
    updatedAt: order.updatedAt,
  };
}

/**
 * A virtual account with only the fields PortOne gave. Reads `null` as absent: orders stored
 * before absent fields were omitted hold `bank: null`, and the element must never see it.
 */
function withoutNulls(account: VirtualAccount): VirtualAccount {
  const { bank, accountNumber, remitteeName, expiredAt } = account;
  return {
    ...(typeof bank === "string" ? { bank } : {}),
    accountNumber,
    ...(typeof remitteeName === "string" ? { remitteeName } : {}),
    ...(typeof expiredAt === "string" ? { expiredAt } : {}),
  };
}

/**
 * Whether an order may move from `from` to `to`. State only moves forward, so a stale or
 * repeated report (a duplicate webhook, a second /complete) can never undo a later one.
 * `FAILED` may still become paid: PortOne lets a paymentId be retried after a failure.
 *
 * @example canMove("PAID", "PENDING") // → false
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

/**
 * The back office's HTTP API (`/api/admin/*`): what the admin page and a merchant's scripts send
 * and get. Personal data appears only here, never on the shopper-facing endpoints.
 *
 * @example
 * const page: AdminOrderList = await (await fetch("/api/admin/orders?q=홍길동", { headers })).json();
 */
import type { CheckoutCustomer, Currency, OrderItem, OrderStatus, ShippingAddress, VirtualAccount } from "./api.ts";

/** Where the goods are. */
export const FULFILMENT_STATUSES = ["UNFULFILLED", "SHIPPED", "DELIVERED"] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/** Carriers: PortOne's `PaymentLogisticsCompany` codes (spec), so escrow registration can reuse them. */
export const CARRIERS = [
  "CJ",
  "HANJIN",
  "LOTTE",
  "LOGEN",
  "POST",
  "POST_REGISTERED",
  "KYUNGDONG",
  "DAESIN",
  "ILYANG",
  "CHUNIL",
  "GS",
  "HAPDONG",
  "DONGWON",
  "WOORI",
  "KUNYOUNG",
  "SLX",
  "GSM_NTON",
  "SUNGWON",
  "LX_PANTOS",
  "ACI",
  "CJ_INTL",
  "KGL",
  "GOODSTOLUCK",
  "EMS",
  "DHL",
  "FEDEX",
  "UPS",
  "USPS",
  "SF",
  "ETC",
] as const;
export type Carrier = (typeof CARRIERS)[number];

/** One line of `GET /api/admin/orders`. */
export interface AdminOrderSummary {
  paymentId: string;
  status: OrderStatus;
  createdAt: string;
  paidAt?: string;
  orderName: string;
  totalAmount: number;
  refundedAmount: number;
  currency: Currency;
  buyerName?: string;
  fulfilmentStatus: FulfilmentStatus;
  /** Paid through a TEST channel: no real money moved. */
  isTest: boolean;
  /** Paid after its stock reservation had been released, with nothing left on hand. */
  oversold: boolean;
}

/** A limited product's stock (`GET /api/admin/stock`). */
export interface AdminStockLevel {
  productId: string;
  onHand: number;
  /** Held by open orders (pending, or waiting for a deposit). */
  reserved: number;
  sold: number;
  /** Sold beyond what was on hand (a payment after its reservation was released). */
  oversold: number;
  /** What a new order may still take. */
  available: number;
}

/** `POST /api/admin/stock/:productId`: the count on hand (`null`: no limit). */
export interface StockRequest {
  onHand: number | null;
}

/** `GET /api/admin/orders?status=&q=&from=&to=&cursor=&limit=`. */
export interface AdminOrderList {
  orders: AdminOrderSummary[];
  /** Pass as `cursor` for the next (older) page; `null` on the last page. */
  nextCursor: string | null;
}

/** Who or what moved an order. */
export type EventCause = "BROWSER" | "WEBHOOK" | "MERCHANT" | "SCHEDULE";

/** One entry of an order's timeline. */
export interface AdminOrderEvent {
  at: string;
  from: OrderStatus | null;
  to: OrderStatus;
  cause: EventCause;
  detail?: string;
}

/** A refund the merchant made (or PortOne reported). */
export interface AdminRefund {
  amount: number;
  reason: string;
  /** `admin`, or `portone` for a refund made in PortOne's console. */
  requestedBy: string;
  at: string;
  status: "SUCCEEDED" | "REQUESTED" | "FAILED";
  cancellationId?: string;
}

/** `GET /api/admin/orders/:paymentId`. */
export interface AdminOrderDetail extends AdminOrderSummary {
  items: OrderItem[];
  payMethod: string;
  customer?: CheckoutCustomer;
  shipping?: ShippingAddress;
  fulfilment: {
    status: FulfilmentStatus;
    carrier?: Carrier;
    trackingNumber?: string;
    note?: string;
    at?: string;
  };
  virtualAccount?: VirtualAccount;
  failure?: { code: string; message: string };
  receiptUrl?: string;
  /** Set once the retention job erased buyer and shipping details. */
  personalDataErasedAt?: string;
  events: AdminOrderEvent[];
  refunds: AdminRefund[];
}

/** `POST /api/admin/orders/:paymentId/fulfilment`. */
export interface FulfilmentRequest {
  status: FulfilmentStatus;
  carrier?: Carrier;
  /** Required for `SHIPPED`. */
  trackingNumber?: string;
  note?: string;
}

/** `POST /api/admin/orders/:paymentId/refunds` (header `Idempotency-Key` required). */
export interface RefundRequest {
  /** Minor units; absent: refund everything still refundable. */
  amount?: number;
  reason: string;
  /** Virtual-account payments only: where the money goes back to. */
  refundAccount?: { bank: string; number: string; holderName: string };
  /**
   * The refundable balance the merchant saw when confirming (minor units). When given, the
   * refund is refused with `PAYMENT_CHANGED` unless PortOne's balance is still exactly this, so a
   * second submission after the first went through cannot refund again.
   */
  expectedBalance?: number;
  /**
   * Put the order's units back on hand (limited products only). Only with a refund of everything
   * left: a partial refund never restocks. Without it a refund does not restock.
   */
  restock?: boolean;
}

/** `POST /api/admin/session`. */
export interface AdminSessionRequest {
  token: string;
}

/** One notification to the merchant about an order, on one channel (`GET /api/admin/orders/:paymentId/notifications`). */
export interface AdminNotificationDelivery {
  id: number;
  /** `PAID`, `RECONCILED`, `AWAITING_DEPOSIT`, `CANCELLED`, `REJECTED` or `OVERSOLD`. */
  event: string;
  channel: "slack" | "discord" | "telegram" | "email";
  status: "PENDING" | "SENT" | "FAILED";
  attempts: number;
  /** When the next attempt is due (PENDING only). */
  nextAttemptAt?: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

/** `GET /api/admin/orders/:paymentId/notifications`. */
export interface AdminNotificationList {
  deliveries: AdminNotificationDelivery[];
}

/** `POST /api/admin/orders/:paymentId/notifications/:id/retry`: the delivery after one attempt. */
export interface AdminNotificationRetry {
  delivery: AdminNotificationDelivery;
  /** What the attempt did; `SKIPPED` when it was already sent or being sent. */
  result: "SENT" | "RETRY" | "FAILED" | "SKIPPED";
}

/** `POST /api/admin/notifications/test`: each configured channel's answer to a test message. */
export interface AdminNotificationTest {
  channels: { channel: AdminNotificationDelivery["channel"]; ok: boolean; error?: string }[];
}

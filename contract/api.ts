/**
 * The worker's HTTP API, declared once: every request body and every answer. The worker builds
 * its answers as these types, the element and the tests read them, the bench sends them.
 * `docs/api.md` describes the same shapes in prose.
 *
 * Fields PortOne's spec marks optional are optional here, and absent (never `null`) when PortOne
 * left them out: a reader must cope with each of them missing, and with extra fields it does not
 * know.
 *
 * @example
 * import type { CreateOrderRequest, CreatedOrder } from "../contract/index.ts";
 */

/** The currencies the catalog may price in, with their minor-unit exponents in the worker. */
export type Currency = "KRW" | "USD" | "JPY" | "EUR";

/** The pay methods PortOne's `requestPayment` accepts and the checkout offers. */
export const PAY_METHODS = ["CARD", "VIRTUAL_ACCOUNT", "TRANSFER", "MOBILE", "EASY_PAY", "GIFT_CERTIFICATE"] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

/** One line of a cart, as the page asks for it: ids and counts only, never prices. */
export interface CheckoutItem {
  productId: string;
  quantity: number;
}

/** The shopper's details, forwarded to PortOne's payment window. */
export interface CheckoutCustomer {
  fullName?: string;
  email?: string;
  phoneNumber?: string;
}

/** Where to ship a physical product (`POST /api/orders` `shipping`). */
export interface ShippingAddress {
  recipient: string;
  phoneNumber: string;
  /** Korean 5-digit postcode (우편번호). */
  postcode: string;
  address1: string;
  address2?: string;
  /** A note for the courier ("문 앞에 놓아 주세요"). */
  note?: string;
}

/** `POST /api/orders`: the cart. Unknown keys are dropped; the worker prices from its catalog. */
export interface CreateOrderRequest {
  items: CheckoutItem[];
  /** Default `CARD`. */
  payMethod?: PayMethod | (string & {});
  customer?: CheckoutCustomer;
  /** Required when a product ships (`SHIPPING_REQUIRED` otherwise). */
  shipping?: ShippingAddress;
}

/** `POST /api/orders` → 201: everything PortOne's `requestPayment` needs, computed by the worker. */
export interface CreatedOrder {
  /** Absent or `V2`: PortOne V2's `requestPayment`. */
  version?: "V2";
  paymentId: string;
  orderName: string;
  /** In the currency's minor units (won; cents for USD). */
  totalAmount: number;
  currency: Currency;
  storeId: string;
  channelKey: string;
  payMethod: PayMethod | (string & {});
  customer?: CheckoutCustomer;
}

/**
 * `POST /api/orders` → 201 when the merchant is on PortOne V1 (iamport, `PORTONE_VERSION=V1`):
 * what `IMP.init` and `IMP.request_pay` need, computed by the worker. The element calls
 * `IMP.init(impCode)` once and `IMP.request_pay({ ...request, m_redirect_url })` with exactly
 * `request`: nothing the page sets reaches the amount, the channel or the order id.
 */
export interface CreatedOrderV1 {
  version: "V1";
  /** Our order id; on V1 it is the `merchant_uid`. */
  paymentId: string;
  orderName: string;
  /** In minor units, as everywhere in this API (`request.amount` is V1's major units). */
  totalAmount: number;
  currency: Currency;
  payMethod: PayMethod | (string & {});
  /** The merchant's public 고객사 식별코드 (`imp…`). */
  impCode: string;
  /** `IMP.request_pay`'s parameters, `m_redirect_url` aside (the element adds its page). */
  request: {
    channelKey: string;
    pay_method: string;
    merchant_uid: string;
    name: string;
    /** Major units: 14.2 for USD 1420. */
    amount: number;
    currency: Currency;
    buyer_name?: string;
    buyer_email?: string;
    buyer_tel?: string;
    buyer_addr?: string;
    buyer_postcode?: string;
    language?: "ko" | "en";
  };
}

/** `POST /api/orders` → 201, V2 (default) or V1 by the worker's configuration. */
export type CreatedOrderAnswer = CreatedOrder | CreatedOrderV1;

/** `POST /api/payments/complete`: ids only. The amount is never taken from the browser. */
export interface CompletePaymentRequest {
  paymentId: string;
  /** Only for manual-confirm channels: PortOne's token from the window's result. */
  paymentToken?: string;
  /** V1 only: the `imp_uid` from `IMP.request_pay`'s callback or the redirect query. */
  impUid?: string;
}

/** Where an order stands. Readers must treat any other string as "not paid yet". */
export type OrderStatus = "PENDING" | "AWAITING_DEPOSIT" | "PAID" | "FAILED" | "CANCELLED" | "REJECTED";

/**
 * The virtual account a shopper pays into. PortOne's spec makes everything but the number
 * optional: a PG may leave out the bank, the holder or the due time.
 */
export interface VirtualAccount {
  /** PortOne's `Bank` code (`SHINHAN`, `KOOKMIN`, ...). */
  bank?: string;
  accountNumber: string;
  remitteeName?: string;
  /** ISO 8601. */
  expiredAt?: string;
}

/** A priced line of an order. */
export interface OrderItem {
  productId: string;
  name: string;
  quantity: number;
  /** In minor units. */
  unitAmount: number;
}

/**
 * An order as the shopper's browser may see it (`GET /api/orders/:paymentId`, and the answer of
 * `POST /api/payments/complete`: 200 when `PAID`, 202 while `PENDING` or `AWAITING_DEPOSIT`).
 * No store internals, no personal data.
 */
export interface PublicOrder {
  paymentId: string;
  status: OrderStatus;
  orderName: string;
  totalAmount: number;
  currency: Currency;
  items: OrderItem[];
  /** While `AWAITING_DEPOSIT`, and kept once paid. */
  virtualAccount?: VirtualAccount;
  /** For `FAILED`, `CANCELLED` and `REJECTED`. */
  failure?: { code: string; message: string };
  paidAt?: string;
  updatedAt: string;
  /**
   * The shopper's own page for this order (`/orders/<paymentId>?t=<token>`): status, lines,
   * virtual account, shipping and receipt. Present only when the merchant set `ORDER_LINK_SECRET`.
   */
  orderUrl?: string;
}

/** `POST /api/webhooks/portone` → 200: what the worker did with a verified delivery. */
export interface WebhookAnswer {
  ok: true;
  outcome: "SETTLED" | "DUPLICATE" | "IGNORED";
}

/** One product as `GET /api/catalog` publishes it. */
export interface PublicProduct {
  id: string;
  name: string;
  /** In minor units. */
  amount: number;
  currency: Currency;
  /** On sale and not sold out: false shows the product as unavailable. */
  available: boolean;
  /** Ships to the buyer: an order needs `shipping`. */
  shipping: boolean;
}

/** `GET /api/catalog` → 200: the active catalog, cacheable, no personal data. */
export interface PublicCatalog {
  products: PublicProduct[];
}

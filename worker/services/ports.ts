import type { CheckoutCustomer, Currency, EventCause, OrderStatus, ShippingAddress } from "../../contract/index.ts";
import type { Catalog } from "../domain/catalog.ts";
import type { Order } from "../domain/order.ts";
import type { PaymentRecord } from "../domain/settlement.ts";

/**
 * The ports the services need, declared beside them; adapters (`../adapters/`) implement them,
 * the composition root (`../compose.ts`) plugs them in, unit tests pass in-memory fakes.
 */

/** What an order takes of a product whose stock is limited. */
export interface StockClaim {
  productId: string;
  quantity: number;
}

/** The buyer's and the recipient's details: kept only in the ledger, never in KV or on shopper-facing answers. */
export interface PersonalDetails {
  customer?: CheckoutCustomer;
  shipping?: ShippingAddress;
}

/**
 * Orders, the catalog and webhook receipts. An order is written once when minted
 * ({@link OrderStore.insertOrder}) and then only by compare-and-set
 * ({@link OrderStore.replaceOrder}): of two writers that read the same state, exactly one wins,
 * so a transition and its event happen once.
 *
 * @example const order = await store.getOrder("pay1"); // null when unknown
 */
export interface OrderStore {
  getOrder(paymentId: string): Promise<Order | null>;
  /**
   * Stores a new order with its personal details, its creation event and its hold on limited
   * stock, all or nothing. Answers `OUT_OF_STOCK` with the product that ran out (nothing is
   * stored then); throws when storage is unavailable.
   */
  insertOrder(
    order: Order,
    personal: PersonalDetails,
    event: OrderTransition,
    claims?: readonly StockClaim[],
  ): Promise<"INSERTED" | { outOfStock: string }>;
  /**
   * Writes `next` only if the stored order is still `prev` (same status and revision), with the
   * transition's event in the same write. `true`: this call won; `false`: another writer changed
   * the order first (re-read it).
   */
  replaceOrder(prev: Order, next: Order, event?: OrderTransition): Promise<boolean>;
  getCatalog(): Promise<Catalog | null>;
  /** Units a new order may still take, per limited product (products without a limit are absent). */
  availability(): Promise<Record<string, number>>;
  /** `webhookId` is whatever PortOne signed, of any length: the adapter makes a valid key of it. */
  getWebhookReceipt(webhookId: string): Promise<string | null>;
  putWebhookReceipt(webhookId: string, outcome: string): Promise<void>;
}

/** Why a call to PortOne did not give an answer we can use. */
export type GatewayFailure =
  | { kind: "NOT_FOUND" }
  | { kind: "UNAVAILABLE"; detail: string }
  | { kind: "UNAUTHORIZED"; detail: string }
  | { kind: "REFUSED"; type: string; detail: string };

/** A PortOne call's answer, or why there is none. */
export type GatewayResult<T> = { ok: true; value: T } | { ok: false; failure: GatewayFailure };

/** One payment of a listing: its id, when PortOne last changed its status, and what it says. */
export interface ListedPayment {
  paymentId: string;
  /** PortOne's `statusChangedAt` (ISO 8601). */
  statusChangedAt: string;
  record: PaymentRecord;
}

/**
 * The PortOne calls the checkout makes.
 *
 * @example
 * const read = await gateway.getPayment("pay1");
 * if (read.ok) judge(order, read.value, rules);
 */
export interface PaymentGateway {
  preRegister(input: { paymentId: string; totalAmount: number; currency: Currency }): Promise<GatewayResult<void>>;
  /**
   * PortOne's record of the order's payment. `hint.impUid` (V1 only: the browser's `imp_uid`)
   * names the attempt to read; a V1 gateway refuses one of another order (`MERCHANT_UID_MISMATCH`).
   */
  getPayment(paymentId: string, hint?: { impUid?: string }): Promise<GatewayResult<PaymentRecord>>;
  confirm(input: {
    paymentId: string;
    paymentToken: string;
    totalAmount: number;
    currency: Currency;
  }): Promise<GatewayResult<void>>;
  refund(input: {
    paymentId: string;
    how: "CANCEL_PAYMENT" | "CLOSE_VIRTUAL_ACCOUNT";
    reason: string;
  }): Promise<GatewayResult<void>>;
  /**
   * A merchant's refund, full or partial: PortOne cancels only while the payment's cancellable
   * amount is still `currentCancellableAmount`, and answers a repeated `idempotencyKey` with the
   * first cancellation.
   */
  cancel(input: {
    paymentId: string;
    amount: number;
    reason: string;
    currentCancellableAmount: number;
    idempotencyKey: string;
    refundAccount?: { bank: string; number: string; holderName: string };
  }): Promise<GatewayResult<{ cancellationId: string; status: "SUCCEEDED" | "REQUESTED" }>>;
  /**
   * One page of this store's payments whose status changed within `[from, until]` (both ends
   * inclusive), oldest change first (`GET /payments`, `timestampType: STATUS_CHANGED_AT`).
   * `totalCount` counts every match over all pages; `(page + 1) * size` may not pass 60,000.
   */
  listPayments(input: {
    from: string;
    until: string;
    page: number;
    size: number;
  }): Promise<GatewayResult<{ items: ListedPayment[]; totalCount: number }>>;
}

/** The clock: every `createdAt`, `updatedAt` and event `at` comes from it. @example const clock: Clock = () => new Date(); */
export type Clock = () => Date;

/**
 * Who moved an order: the shopper's browser (`POST /api/orders`, `POST /api/payments/complete`),
 * PortOne's webhook, the merchant (back office), or scheduled work (reconciliation, expiry).
 */
export type TransitionCause = EventCause;

/**
 * One change of an order's status. Creation is `from: null` → `to: "PENDING"`. A change that
 * keeps the status (a refund finishing, `lastSeen` refreshed) is not a transition.
 *
 * Delivered exactly once: the store's compare-and-set lets one writer win each transition, and
 * only the winner publishes it.
 *
 * @example { paymentId: "pay1", from: "PENDING", to: "PAID", at: "2026-01-01T00:00:00.000Z", cause: "WEBHOOK" }
 */
export interface OrderTransition {
  paymentId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  /** ISO 8601, from the injected {@link Clock}. */
  at: string;
  cause: TransitionCause;
  /** What else the merchant should know ("AMOUNT_MISMATCH", a refund's amount). */
  detail?: string;
}

/**
 * A subscriber to order transitions (the log today; the D1 ledger, notifications and stock
 * next). Called after the order is written, awaited, one after another; an error it throws is
 * logged and never fails the payment.
 *
 * @example
 * const ledger: LifecycleListener = { onTransition: (e) => db.insert(e) };
 * createServices(env, [ledger]);
 */
export interface LifecycleListener {
  onTransition(event: OrderTransition): Promise<void>;
}

/** The merchant's settings the services read (a subset of `Config`). */
interface CheckoutSettings {
  storeId: string;
  channelKey: string;
  /** Per-payMethod channel keys; `channelKey` for the others. */
  channelKeys: Record<string, string>;
  /** Only in development: otherwise a payment made through a TEST channel is refused. */
  allowTestPayments: boolean;
}

/** What every service gets: its ports, the settings, the clock and randomness, all injectable. */
export interface ServiceDeps {
  store: OrderStore;
  gateway: PaymentGateway;
  settings: CheckoutSettings;
  now: Clock;
  newPaymentId: () => string;
  listeners: readonly LifecycleListener[];
}

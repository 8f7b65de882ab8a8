/**
 * The events `<portone-checkout>` dispatches. Each is its own class with a typed `detail`,
 * bubbles and crosses shadow roots (`composed`); only `portone-request` is cancelable.
 *
 * @example
 * ```ts
 * checkout.addEventListener('portone-paid', (event) => {
 *   location.assign(`/thanks?order=${event.detail.paymentId}`);
 * });
 * ```
 */
import type { CreateOrderRequest } from "../contract/api.js";
import type { OrderState } from "./api-client.js";

/** The codes `portone-failed` reports that come from the widget rather than the worker. */
export type WidgetErrorCode =
  | "PAYMENT_CANCELLED"
  | "PAYMENT_FAILED"
  | "NETWORK_ERROR"
  | "SDK_LOAD_FAILED"
  | "SDK_ERROR"
  | "INVALID_CONFIGURATION"
  | "VIRTUAL_ACCOUNT_EXPIRED";

/** What the widget is about to send to `POST /api/orders`: the contract's request body. */
export type PortOneRequestDetail = CreateOrderRequest;

/** Why a payment did not go through. */
export interface PortOneFailedDetail {
  /** A worker error code (`AMOUNT_MISMATCH`, ...) or a {@link WidgetErrorCode}. */
  code: WidgetErrorCode | (string & {});
  /** A message for logs: the worker's, PortOne's, or the widget's own text. */
  message: string;
  paymentId?: string;
}

const init = { bubbles: true, composed: true } as const;

/** About to create an order and open the payment window; `preventDefault()` stops it. */
export class PortOneRequestEvent extends CustomEvent<PortOneRequestDetail> {
  constructor(detail: PortOneRequestDetail) {
    super("portone-request", { ...init, cancelable: true, detail });
  }
}

/** The worker verified the payment with PortOne and the order is `PAID`. */
export class PortOnePaidEvent extends CustomEvent<OrderState> {
  constructor(detail: OrderState) {
    super("portone-paid", { ...init, detail });
  }
}

/**
 * The payment is not settled yet: a virtual account was issued (`status: "AWAITING_DEPOSIT"`,
 * `detail.virtualAccount` is where to pay) or approval is pending (`status: "PENDING"`).
 */
export class PortOnePendingEvent extends CustomEvent<OrderState> {
  constructor(detail: OrderState) {
    super("portone-pending", { ...init, detail });
  }
}

/** The payment failed, was cancelled or was refused by the worker. */
export class PortOneFailedEvent extends CustomEvent<PortOneFailedDetail> {
  constructor(detail: PortOneFailedDetail) {
    super("portone-failed", { ...init, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    "portone-request": PortOneRequestEvent;
    "portone-paid": PortOnePaidEvent;
    "portone-pending": PortOnePendingEvent;
    "portone-failed": PortOneFailedEvent;
  }
}

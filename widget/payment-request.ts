/**
 * The worker's order turned into the payment window's request: a pure function, so the mapping
 * is tested without a browser. Exactly what the worker computed goes to PortOne; the page never
 * sets the amount, the store or the channel, only how the window looks and where it returns.
 *
 * @example
 * ```ts
 * paymentRequest(created, { redirectUrl: 'https://shop.example/cart', locale: 'en' });
 * // { storeId, channelKey, paymentId, orderName, totalAmount, currency, payMethod,
 * //   redirectUrl: 'https://shop.example/cart', locale: 'EN_US' }
 * ```
 */
import type { CreatedOrder } from "../contract/api.js";
import type { Locale } from "./messages.js";

/** PortOne's `windowType`: how the payment window opens on PC and on mobile. */
export interface WindowTypes {
  pc?: string;
  mobile?: string;
}

/** What the element adds to the worker's order: the page's own choices. */
export interface WindowOptions {
  /** Absolute URL PortOne returns to after a redirect payment. */
  redirectUrl: string;
  windowType?: WindowTypes | undefined;
  locale?: Locale | undefined;
}

/** The body of PortOne V2's `requestPayment`, as far as the element fills it in. */
export interface PaymentWindowRequest {
  storeId: string;
  channelKey: string;
  paymentId: string;
  orderName: string;
  totalAmount: number;
  currency: string;
  payMethod: string;
  redirectUrl: string;
  customer?: CreatedOrder["customer"];
  windowType?: WindowTypes;
  locale?: "EN_US";
}

/** Builds `requestPayment`'s body from the worker's order and the element's options. */
export function paymentRequest(
  order: CreatedOrder,
  { redirectUrl, windowType, locale }: WindowOptions,
): PaymentWindowRequest {
  const { storeId, channelKey, paymentId, orderName, totalAmount, currency, payMethod, customer } = order;
  const request: PaymentWindowRequest = {
    storeId,
    channelKey,
    paymentId,
    orderName,
    totalAmount,
    currency,
    payMethod,
    redirectUrl,
  };
  if (customer) request.customer = customer;
  if (windowType) request.windowType = windowType;
  // PortOne's default is KO_KR.
  if (locale === "en") request.locale = "EN_US";
  return request;
}

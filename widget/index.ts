/**
 * `<portone-checkout>`: a PortOne V2 payment button whose payments the worker verifies.
 *
 * Importing this module defines the element, unless a `portone-checkout` is already defined
 * (the drop-in script loaded twice, or another copy), so loading it again is harmless.
 *
 * @example
 * ```ts
 * import 'portone-checkout';
 * document.querySelector('portone-checkout')?.addEventListener('portone-paid', (event) => {
 *   console.log(event.detail.paymentId, event.detail.totalAmount);
 * });
 * ```
 */
import { PortOneCheckout } from "./portone-checkout.js";

export type { CheckoutCustomer, CheckoutItem, OrderStatus, VirtualAccount } from "../contract/api.js";
export type { OrderState } from "./api-client.js";
export type { PortOneFailedDetail, PortOneRequestDetail, WidgetErrorCode } from "./events.js";
export {
  PortOneFailedEvent,
  PortOnePaidEvent,
  PortOnePendingEvent,
  PortOneRequestEvent,
} from "./events.js";
export type { Locale } from "./messages.js";
export type { CheckoutState } from "./payment-controller.js";
export type { WindowTypes } from "./payment-request.js";
export { PortOneCheckout } from "./portone-checkout.js";

if (!customElements.get("portone-checkout")) {
  customElements.define("portone-checkout", PortOneCheckout);
}

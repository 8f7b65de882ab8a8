/**
 * What a template can set on `<portone-checkout>` and the events it dispatches, shared by the
 * React, Vue and Svelte declarations beside this file. Types only: nothing here reaches the
 * bundle. `test/package/declarations.test.ts` keeps the names equal to the element's
 * `custom-elements.json`, so an attribute or event added to the element fails the tests until
 * it is declared here.
 */
import type { CheckoutCustomer, CheckoutItem, ShippingAddress } from "../../contract/api.js";
import type { PortOneCheckout } from "../portone-checkout.js";

/** The element's attributes by their HTML names, as a template writes them. */
export interface PortOneCheckoutAttributes {
  /** The product to buy (a catalog `productId`). Ignored when `items` is set. */
  product?: string;
  /** How many of `product` to buy (default 1). */
  quantity?: number | string;
  /** Several order lines: JSON `[{ "productId": "...", "quantity": 1 }]`, or the array as a property. */
  items?: string | CheckoutItem[];
  /** PortOne's `payMethod`: `CARD` (default), `VIRTUAL_ACCOUNT`, `TRANSFER`, `MOBILE`, `EASY_PAY`, ... */
  "pay-method"?: string;
  /** Where PortOne returns after a redirect payment (default: this page). */
  "redirect-url"?: string;
  /** PortOne's `windowType`: `IFRAME`, `POPUP`, `REDIRECTION`, or JSON `{"pc":"IFRAME","mobile":"REDIRECTION"}`. */
  "window-type"?: string;
  /** Language of the element's text and of PortOne's window: `ko` (default) or `en`. */
  locale?: PortOneCheckout["locale"];
  /** The shopper's name, forwarded to PortOne. */
  "customer-name"?: string;
  /** The shopper's email, forwarded to PortOne. */
  "customer-email"?: string;
  /** The shopper's phone number, forwarded to PortOne. */
  "customer-phone"?: string;
  /** The id of a `<form>` on the page with the buyer's and shipping details. */
  form?: string;
  /** The worker's base URL (default: where the drop-in came from, or this page's origin). */
  api?: string;
  /** Disables the button. */
  disabled?: boolean;
  /** Hides the price the element shows from the worker's catalog. */
  "hide-price"?: boolean;
  /** Only a hint for preloading: `V1` preloads PortOne V1's window; the worker decides which opens. */
  "portone-version"?: "V1" | "V2";
}

/** Properties with no attribute: objects a framework sets on the element itself. */
export interface PortOneCheckoutProperties {
  /** The shopper's details; wins over the `customer-*` attributes and `form`. */
  customer?: CheckoutCustomer;
  /** Where to ship a physical product; wins over `form`. */
  shipping?: ShippingAddress;
}

/** The element's events by name: every `portone-*` event in `GlobalEventHandlersEventMap`. */
export type PortOneCheckoutEventMap = {
  [K in keyof GlobalEventHandlersEventMap as K extends `portone-${string}` ? K : never]: GlobalEventHandlersEventMap[K];
};

/** The events as `on<event name>` props (`onportone-paid`), as React 19 and Svelte 5 take them. */
export type PortOneCheckoutEventProps = {
  [K in keyof PortOneCheckoutEventMap as `on${K}`]?: (event: PortOneCheckoutEventMap[K]) => void;
};

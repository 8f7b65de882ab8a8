/**
 * `<portone-checkout>` in Svelte 5 templates: its attributes, its object properties and its
 * events as `onportone-*` attributes.
 *
 * @example
 * ```ts
 * // src/app.d.ts (or any .d.ts the project includes)
 * /// <reference types="portone-checkout/svelte" />
 * ```
 */
import type { HTMLAttributes } from "svelte/elements";
import type { PortOneCheckout } from "../portone-checkout.js";
import type { PortOneCheckoutAttributes, PortOneCheckoutEventProps, PortOneCheckoutProperties } from "./attributes.js";

/** Everything `<portone-checkout>` takes in a Svelte template. */
export type PortOneCheckoutSvelteProps = HTMLAttributes<PortOneCheckout> &
  PortOneCheckoutAttributes &
  PortOneCheckoutProperties &
  PortOneCheckoutEventProps;

declare module "svelte/elements" {
  interface SvelteHTMLElements {
    "portone-checkout": PortOneCheckoutSvelteProps;
  }
}

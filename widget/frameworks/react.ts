/**
 * `<portone-checkout>` in React 19's JSX: its attributes, its object properties (React 19 sets a
 * prop the element has as a property) and its events as `onportone-*` props.
 *
 * @example
 * ```ts
 * // src/vite-env.d.ts
 * /// <reference types="portone-checkout/react" />
 * ```
 */
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { PortOneCheckout } from "../portone-checkout.js";
import type { PortOneCheckoutAttributes, PortOneCheckoutEventProps, PortOneCheckoutProperties } from "./attributes.js";

/** Everything `<portone-checkout>` takes in React's JSX. */
export type PortOneCheckoutReactProps = DetailedHTMLProps<HTMLAttributes<PortOneCheckout>, PortOneCheckout> &
  PortOneCheckoutAttributes &
  PortOneCheckoutProperties &
  PortOneCheckoutEventProps;

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "portone-checkout": PortOneCheckoutReactProps;
    }
  }
}

/**
 * `<portone-checkout>` in Vue 3 templates (vue-tsc / Vue's language tools): its attributes, in
 * both spellings (`pay-method` and `payMethod`), its object properties and its events for
 * `@portone-paid`. The shape Vue's guide gives for non-Vue web components
 * (vuejs.org/guide/extras/web-components, "Non-Vue Web Components and TypeScript").
 *
 * @example
 * ```ts
 * // src/env.d.ts
 * /// <reference types="portone-checkout/vue" />
 * ```
 */
import type { EmitFn, HTMLAttributes, PublicProps } from "vue";
import type { PortOneCheckout } from "../portone-checkout.js";
import type { PortOneCheckoutAttributes, PortOneCheckoutEventMap, PortOneCheckoutProperties } from "./attributes.js";

/** `pay-method` → `payMethod`. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The attributes under their property names, as Vue also accepts them. */
type CamelCaseAttributes = {
  [K in keyof PortOneCheckoutAttributes as CamelCase<K>]: PortOneCheckoutAttributes[K];
};

/** Everything `<portone-checkout>` takes in a Vue template. */
export type PortOneCheckoutVueProps = HTMLAttributes &
  PortOneCheckoutAttributes &
  CamelCaseAttributes &
  PortOneCheckoutProperties &
  PublicProps;

/** The element as Vue's language tools see a component: props from `$props`, events from `$emit`. */
export type PortOneCheckoutVue = new () => PortOneCheckout & {
  /** @deprecated For template type checking only; do not read `$props` on the element. */
  $props: PortOneCheckoutVueProps;
  /** @deprecated For template type checking only; the element dispatches DOM events. */
  $emit: EmitFn<{ [K in keyof PortOneCheckoutEventMap]: (event: PortOneCheckoutEventMap[K]) => void }>;
};

declare module "vue" {
  interface GlobalComponents {
    "portone-checkout": PortOneCheckoutVue;
  }
}

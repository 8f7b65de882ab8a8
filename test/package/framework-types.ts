/**
 * Type-level checks of the framework declarations no example app builds (Svelte), and of the
 * React and Vue ones beyond what the examples use. Checked by `tsc -p test/package` in
 * `npm test`; every `@ts-expect-error` fails the check if the declaration stops refusing it.
 */
import type { JSX as ReactJSX } from "react";
import type { SvelteHTMLElements } from "svelte/elements";
import type { GlobalComponents } from "vue";
import type {} from "../../widget/frameworks/react.ts";
import type {} from "../../widget/frameworks/svelte.ts";
import type {} from "../../widget/frameworks/vue.ts";

type SvelteProps = SvelteHTMLElements["portone-checkout"];
type ReactProps = ReactJSX.IntrinsicElements["portone-checkout"];
type VueProps = InstanceType<GlobalComponents["portone-checkout"]>["$props"];

export const svelte: SvelteProps[] = [
  {
    product: "mug-white",
    quantity: 2,
    "pay-method": "VIRTUAL_ACCOUNT",
    locale: "en",
    "hide-price": true,
    customer: { fullName: "Hong Gildong" },
    "onportone-paid": (event) => event.detail.paymentId,
    "onportone-failed": (event) => event.detail.code,
    "onportone-request": (event) => event.preventDefault(),
    "onportone-pending": (event) => event.detail.virtualAccount?.accountNumber,
  },
  // @ts-expect-error the element speaks Korean and English only
  { locale: "fr" },
  // @ts-expect-error portone-paid's detail is the order's state, not a failure
  { "onportone-paid": (event) => event.detail.code },
];

export const react: ReactProps[] = [
  { product: "mug-white", items: [{ productId: "mug-white", quantity: 1 }], "onportone-paid": (event) => event.detail },
  // @ts-expect-error disabled is a boolean
  { disabled: "yes" },
];

export const vue: VueProps[] = [
  { payMethod: "CARD", "pay-method": "CARD", hidePrice: true, shipping: undefined },
  // @ts-expect-error customer is an object
  { customer: "Hong Gildong" },
];

/**
 * "Open the payment window and get its outcome": the one seam between the payment flow and a
 * PortOne SDK. The flow (widget/payment-controller.ts) only sees {@link PaymentWindow}; PortOne
 * V2's `requestPayment` is {@link portOneV2}; PortOne V1's `IMP.request_pay` is `portOneV1`
 * (widget/payment-window-v1.ts), shipped as the on-demand script `/portone-checkout-v1.js` and
 * reached through `onDemandWindow()` (widget/on-demand.ts). The element chooses by the worker's order answer
 * (`version`), with no change to the flow.
 *
 * @example
 * ```ts
 * const sdk = portOneV2;
 * sdk.preload();
 * if (!(await sdk.load())) fail('SDK_LOAD_FAILED');
 * const outcome = await sdk.open(order, { redirectUrl: location.href });
 * if (outcome === undefined) return; // the page is leaving for PortOne (redirect)
 * ```
 */
import type { PaymentRequest } from "@portone/browser-sdk/v2";
import type { CreatedOrder, CreatedOrderAnswer } from "../contract/api.js";
import { paymentRequest, type WindowOptions } from "./payment-request.js";
import { type ClassifiedOutcome, classifyOutcome } from "./payment-result.js";
import { loadPortOneSdk, preloadPortOneSdk } from "./sdk-loader.js";

/** A PortOne payment window. */
export interface PaymentWindow {
  /** Starts fetching the SDK in idle time, so a click waits only for the order. */
  preload(): void;
  /** Resolves `true` once the SDK can open a window, `false` if it could not be loaded. */
  load(): Promise<boolean>;
  /**
   * Opens the window for the worker's order and resolves with its classified outcome, or
   * `undefined` when the page is leaving for PortOne (the result comes back on `redirectUrl`).
   * Rejects only when the SDK itself throws (a bad request, the SDK gone).
   */
  open(order: CreatedOrderAnswer, options: WindowOptions): Promise<ClassifiedOutcome | undefined>;
}

/**
 * PortOne V2's `requestPayment`, on the `window.PortOne` that widget/sdk-loader.ts loads. It is
 * what `@portone/browser-sdk`'s `requestPayment` calls once its own loader has found that
 * global; calling it directly keeps a second loader (and the CDN address twice) out of the
 * drop-in script, about 300 bytes gzipped. The package still supplies the types.
 */
export const portOneV2: PaymentWindow = {
  preload: preloadPortOneSdk,
  load: loadPortOneSdk,
  async open(order, options) {
    const response = await window.PortOne!.requestPayment(
      paymentRequest(order as CreatedOrder, options) as PaymentRequest,
    );
    return response && classifyOutcome(response, order.paymentId);
  },
};

/**
 * PortOne V1's (iamport's) payment window behind the same {@link PaymentWindow} as V2's:
 * `IMP.init(impCode)` once, then `IMP.request_pay({ ...order.request, m_redirect_url })` with
 * exactly the worker's `request` (amounts in major units, computed by the worker); the callback
 * is classified by widget/payment-result-v1.ts. On mobile the browser leaves for PortOne and
 * comes back on `m_redirect_url`, read by widget/redirect-result.ts like V2's return.
 *
 * The SDK is `https://cdn.iamport.kr/v1/iamport.js` (there is no npm package for V1), loaded
 * with the element's own loader; a `window.IMP` the page already has is used as it is.
 *
 * @example
 * ```ts
 * if (await portOneV1.load()) outcome = await portOneV1.open(createdOrderV1, { redirectUrl: location.href });
 * ```
 */
import type { CreatedOrderV1 } from "../contract/api.js";
import { classifyImp, type ImpResponse } from "./payment-result-v1.js";
import type { PaymentWindow } from "./payment-window.js";
import { loadScript, whenIdle } from "./sdk-loader.js";

/** The V1 browser SDK, which defines `window.IMP`. */
export const iamportUrl = "https://cdn.iamport.kr/v1/iamport.js";

/** The part of `window.IMP` the element calls. */
export interface Iamport {
  init(impCode: string): void;
  request_pay(
    params: CreatedOrderV1["request"] & { m_redirect_url: string },
    callback: (response: ImpResponse) => void,
  ): void;
}

declare global {
  interface Window {
    IMP?: Iamport;
  }
}

const loadIamport = () => loadScript(iamportUrl, () => window.IMP);

/** The `impCode` `IMP.init` was last called with: once per page (again only for another code). */
let initialised: string | undefined;

/** PortOne V1's `IMP.request_pay`. */
export const portOneV1: PaymentWindow = {
  preload: () => whenIdle(loadIamport),
  load: loadIamport,
  open(order, { redirectUrl }) {
    const { impCode, request, paymentId } = order as CreatedOrderV1;
    const imp = window.IMP!;
    if (initialised !== impCode) imp.init(impCode);
    initialised = impCode;
    // A redirect (mobile) leaves the page and never calls back: the promise is left pending.
    return new Promise((resolve) =>
      imp.request_pay({ ...request, m_redirect_url: redirectUrl }, (response) =>
        resolve(classifyImp(response, paymentId)),
      ),
    );
  },
};

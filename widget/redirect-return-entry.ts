/**
 * Entry of the on-demand script `/portone-checkout-return.js` (an IIFE, built beside the
 * drop-in): registers the reader of PortOne's redirect return (widget/redirect-result.ts) on a
 * well-known symbol, where the registry (widget/redirect-registry.ts) finds it once the script
 * has run. Adds no other global.
 *
 * @example
 * ```html
 * <!-- Loaded by <portone-checkout> itself when the page's URL may hold PortOne's result; never by hand. -->
 * <script src="https://pay.example.com/portone-checkout-return.js"></script>
 * ```
 */
import {
  cleanRedirectParams,
  type RedirectReturn,
  readRedirectResult,
  withoutRedirectParams,
} from "./redirect-result.js";
import { redirectReturnFile } from "./redirect-return-key.js";

const reader: RedirectReturn = { read: readRedirectResult, without: withoutRedirectParams, clean: cleanRedirectParams };
(globalThis as Record<symbol, unknown>)[Symbol.for(redirectReturnFile)] = () => reader;

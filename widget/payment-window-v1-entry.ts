/**
 * Entry of the on-demand script `/portone-checkout-v1.js` (an IIFE, built beside the drop-in):
 * registers PortOne V1's payment window (widget/payment-window-v1.ts) on a well-known symbol,
 * where the element's `onDemandWindow()` finds it once the script has run. Adds no other global.
 *
 * @example
 * ```html
 * <!-- Loaded by <portone-checkout> itself for a V1 order (or `portone-version="V1"`); never by hand. -->
 * <script src="https://pay.example.com/portone-checkout-v1.js"></script>
 * ```
 */
import { portOneV1 } from "./payment-window-v1.js";
import { paymentWindowV1File } from "./payment-window-v1-key.js";

(globalThis as Record<symbol, unknown>)[Symbol.for(paymentWindowV1File)] = () => portOneV1;

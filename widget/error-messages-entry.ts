/**
 * Entry of the on-demand script `/portone-checkout-errors.js` (an IIFE, built beside the
 * drop-in): registers `errorMessage()` (widget/messages.ts, every code's message in Korean and
 * English) on a well-known symbol, where the element (widget/error-messages.ts) finds it once the
 * script has run. Adds no other global.
 *
 * @example
 * ```html
 * <!-- Loaded by <portone-checkout> itself when a payment fails; never added by hand. -->
 * <script src="https://pay.example.com/portone-checkout-errors.js"></script>
 * ```
 */
import { errorMessagesFile } from "./error-messages-key.js";
import { errorMessage } from "./messages.js";

(globalThis as Record<symbol, unknown>)[Symbol.for(errorMessagesFile)] = () => errorMessage;

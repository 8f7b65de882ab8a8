/**
 * Entry of the on-demand script `/portone-checkout-receipt.js` (an IIFE, built beside the
 * drop-in): registers the receipt's factory on a well-known symbol, where the element
 * (widget/receipt-loader.ts) finds it once the script has run. Adds no other global.
 *
 * @example
 * ```html
 * <!-- Loaded by <portone-checkout> itself once a payment is done; never added by hand. -->
 * <script src="https://pay.example.com/portone-checkout-receipt.js"></script>
 * ```
 */
import { receiptViewKey } from "./receipt-key.js";
import { createReceiptView } from "./receipt-view.js";

(globalThis as Record<symbol, unknown>)[receiptViewKey] = createReceiptView;

/**
 * Entry of the on-demand script `/portone-checkout-form.js` (an IIFE, built beside the drop-in):
 * registers `formDetails()` (widget/form-details.ts) on a well-known symbol, where an element
 * with `form="..."` finds it once the script has run. Adds no other global.
 *
 * @example
 * ```html
 * <!-- Loaded by <portone-checkout form="..."> itself while the shopper reads; never by hand. -->
 * <script src="https://pay.example.com/portone-checkout-form.js"></script>
 * ```
 */
import { formDetails } from "./form-details.js";
import { formDetailsFile } from "./form-details-key.js";

(globalThis as Record<symbol, unknown>)[Symbol.for(formDetailsFile)] = () => formDetails;

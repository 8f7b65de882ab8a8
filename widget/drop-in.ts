/**
 * Entry of the drop-in script (`/portone-checkout.js`, an IIFE): defines `<portone-checkout>`
 * and adds no global. Bundlers import `index.ts` (the ESM build) for the classes and types.
 *
 * @example
 * ```html
 * <script src="https://pay.example.com/portone-checkout.js"></script>
 * <portone-checkout product="tshirt-black-m"></portone-checkout>
 * ```
 */
import "./index.js";

/**
 * Entry of the on-demand script `/portone-checkout-va.js` (an IIFE, built beside the drop-in):
 * registers the virtual-account panel's factory on a well-known symbol, where the element
 * (widget/virtual-account-loader.ts) finds it once the script has run. Adds no other global.
 *
 * @example
 * ```html
 * <!-- Loaded by <portone-checkout> itself when a deposit is due; never added by hand. -->
 * <script src="https://pay.example.com/portone-checkout-va.js"></script>
 * ```
 */
import { accountPanelKey } from "./virtual-account-key.js";
import { createAccountPanel } from "./virtual-account-view.js";

(globalThis as Record<symbol, unknown>)[accountPanelKey] = createAccountPanel;

/**
 * Loads the receipt (`/portone-checkout-receipt.js`, widget/receipt-view.ts) when the element
 * has one to show: once a payment is paid (or a stored one is shown after a reload), or while a
 * deposit is due and the worker gave a link to the order. Never on a click's path: the question
 * before buying again is the drop-in's own. The script comes from beside the drop-in script (or
 * from the worker at `api` for the ES module build) and registers itself under {@link receiptViewKey}.
 *
 * @example
 * ```ts
 * const view = receiptView();   // undefined until the script has run
 * if (!view) void loadReceiptView(url).then((ok) => ok && host.requestUpdate());
 * ```
 */
import { onDemand } from "./on-demand.js";
import { receiptViewKey } from "./receipt-key.js";
import type { ReceiptView } from "./receipt-view.js";

const view = onDemand<ReceiptView>(receiptViewKey);

/** The receipt once its script has run, bound to this copy's Lit; `undefined` before. */
export const receiptView = view.get;

/** Loads the receipt's script from `src`; resolves whether it is there (a failure is retried next time). */
export const loadReceiptView = view.load;

/**
 * Loads the virtual-account panel (`/portone-checkout-va.js`, widget/virtual-account-view.ts)
 * when the element needs it: preloaded in idle time by an element whose `payMethod` is
 * `VIRTUAL_ACCOUNT`, otherwise when an order reaches `AWAITING_DEPOSIT`. A card purchase never
 * downloads it. The script comes from beside the drop-in script (or from the worker at `api`
 * for the ES module build) and registers itself under {@link accountPanelKey}.
 *
 * @example
 * ```ts
 * const panel = accountPanel();   // undefined until the script has run
 * if (!panel) void loadAccountPanel(url).then((ok) => ok && host.requestUpdate());
 * ```
 */
import { onDemand } from "./on-demand.js";
import { accountPanelKey } from "./virtual-account-key.js";
import type { AccountPanel } from "./virtual-account-view.js";

const panel = onDemand<AccountPanel>(accountPanelKey);

/** The panel once its script has run, bound to this copy's Lit; `undefined` before. */
export const accountPanel = panel.get;

/** Loads the panel's script from `src`; resolves whether the panel is there (a failure is retried next time). */
export const loadAccountPanel = panel.load;

/**
 * Where `/portone-checkout-va.js` leaves the virtual-account panel's factory for the element:
 * a registered symbol, the same in every copy of the drop-in, and no name on `window`.
 */
export const accountPanelKey = Symbol.for("portone-checkout.account-panel");

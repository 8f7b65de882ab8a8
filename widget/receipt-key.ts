/**
 * Where `/portone-checkout-receipt.js` leaves the receipt's factory for the element: a
 * registered symbol, the same in every copy of the drop-in, and no name on `window`.
 */
export const receiptViewKey = Symbol.for("portone-checkout.receipt-view");

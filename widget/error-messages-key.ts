/**
 * The on-demand script of the error messages, and the registered symbol (the same in every copy
 * of the drop-in, no name on `window`) under which it leaves them.
 */
export const errorMessagesFile = "portone-checkout-errors.js";

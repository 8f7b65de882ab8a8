/**
 * The on-demand script that reads PortOne's redirect return, and the registered symbol (the same
 * in every copy of the drop-in, no name on `window`) under which it leaves its reader.
 */
export const redirectReturnFile = "portone-checkout-return.js";

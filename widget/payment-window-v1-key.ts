/**
 * The on-demand script of PortOne V1's payment window, and the registered symbol (the same in
 * every copy of the drop-in, no name on `window`) under which it leaves the window's factory.
 */
export const paymentWindowV1File = "portone-checkout-v1.js";

/**
 * The on-demand script that reads a merchant's `<form>` (`form="..."`), and the registered
 * symbol (the same in every copy of the drop-in, no name on `window`) under which it leaves it.
 */
export const formDetailsFile = "portone-checkout-form.js";

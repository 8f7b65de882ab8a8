/**
 * The shopper's message for a failure, from the on-demand script `/portone-checkout-errors.js`
 * (widget/error-messages-entry.ts): only a shopper whose payment fails downloads the messages of
 * every code in both languages. The element loads it before it reports the failure, so the
 * status line and `portone-failed` have the message at once; when it cannot be loaded (the
 * worker that serves it is out of reach) the drop-in's own {@link offlineErrorMessage} is used.
 *
 * @example
 * ```ts
 * await loadErrorMessages(`${api}/portone-checkout-errors.js`);
 * errorText('en', 'AMOUNT_MISMATCH'); // "The payment did not match the order."
 * ```
 */
import { errorMessagesFile } from "./error-messages-key.js";
import { type errorMessage, offlineErrorMessage } from "./messages.js";
import { onDemand } from "./on-demand.js";

const messages = onDemand<typeof errorMessage>(Symbol.for(errorMessagesFile));

/** The message for `code` in `locale`: the full table once loaded, else the drop-in's fallback. */
export const errorText: typeof errorMessage = (locale, code) => (messages.get() ?? offlineErrorMessage)(locale, code);

/** Loads the messages' script from `src`; resolves whether they are there (a failure is retried next time). */
export const loadErrorMessages = messages.load;

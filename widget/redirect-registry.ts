/**
 * Which `<portone-checkout>` on the page gets PortOne's redirect return.
 *
 * Why a module-level registry: after a redirect payment the result arrives once, in the page's
 * query string, while a page may hold several elements (a hat and a T-shirt). It must reach
 * exactly one of them, the one that started the payment, and only once every element on the
 * page has connected; no single element can know that. So connected elements register here,
 * and once the page is parsed the registry hands the result to its owner (from the pending
 * payments in `sessionStorage`), else to the first element, and lets every element resume its
 * own unfinished payment (a reload after the clean-up). The reader of the result is the
 * on-demand script `/portone-checkout-return.js`, loaded only when the URL may hold one.
 *
 * @example
 * ```ts
 * hostConnected() { register(this); }
 * hostDisconnected() { unregister(this); }
 * ```
 */
import { onDemand } from "./on-demand.js";
import {
  listPending,
  mayBeRedirectReturn,
  type PendingPayment,
  type RedirectResult,
  type RedirectReturn,
} from "./redirect-result.js";
import { redirectReturnFile } from "./redirect-return-key.js";

/** What the registry needs from an element's payment flow. */
export interface RedirectTarget {
  /** True when a stored pending payment was started by this element. */
  owns(pending: PendingPayment): boolean;
  /** Completes (or reports) PortOne's result from the return URL. */
  redirected(result: RedirectResult): Promise<void>;
  /**
   * Picks up this element's unfinished payment after a reload, if any; with `sent`, also one it
   * sent to PortOne's page (a return whose result could not be read).
   */
  resume(sent?: boolean): void;
  /** The address of the on-demand script `file` for this element (beside the drop-in). */
  src(file: string): string;
}

/** Connected targets in connection (document) order. */
const targets = new Set<RedirectTarget>();
let urlChecked = false;
let scheduled = false;
let reading = false;

/**
 * True while the reader of PortOne's redirect result is on its way: the elements take no click
 * meanwhile, so a shopper back from the bank's app does not start a second purchase before the
 * first one is shown.
 */
export const readingReturn = () => reading;

/** Adds a connected target; the routing runs once the page is parsed. */
export function register(target: RedirectTarget): void {
  targets.add(target);
  if (scheduled) return;
  scheduled = true;
  const run = () => {
    scheduled = false;
    route();
  };
  // DOMContentLoaded fires once per document, so the listener needs no removing.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else setTimeout(run);
}

/** Removes a disconnected target. */
export function unregister(target: RedirectTarget): void {
  targets.delete(target);
}

const reader = onDemand<RedirectReturn>(Symbol.for(redirectReturnFile));

/** The reader of PortOne's redirect return once its script has run (only on a return); `undefined` before. */
export const redirectReturn = reader.get;

/**
 * The query string is read once per page and cleaned once its result has been shown; the
 * elements resume their own payments after the owner has taken the result.
 */
function route(): void {
  const list = [...targets];
  const resume = (sent?: boolean) => {
    for (const target of list) target.resume(sent);
  };
  const first = list[0];
  if (!first || urlChecked || !mayBeRedirectReturn(location.search)) {
    if (first) urlChecked = true;
    resume();
    return;
  }
  urlChecked = reading = true;
  // A failed load leaves the URL as it is, and each element verifies the payment it sent to
  // PortOne's page with the worker instead (whose record decides anyway).
  void reader.load(first.src(redirectReturnFile)).then(() => {
    reading = false;
    const found = reader.get();
    const result = found?.read(location.href);
    if (found && result) {
      const pending = listPending(Date.now()).find((p) => p.paymentId === result.paymentId);
      const owner = (pending && list.find((t) => t.owns(pending))) || first;
      void owner.redirected(result).finally(found.clean);
    }
    resume(!found);
  });
}

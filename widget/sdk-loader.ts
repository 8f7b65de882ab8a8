/**
 * Loads classic scripts the element needs later: PortOne's browser SDK (`window.PortOne`) before
 * the payment window needs it, and the element's own on-demand views (widget/on-demand.ts): the
 * virtual-account panel (`/portone-checkout-va.js`) when a deposit is due, the receipt
 * (`/portone-checkout-receipt.js`) once paid.
 *
 * `@portone/browser-sdk/v2` is only a loader: on its first call it injects
 * `https://cdn.portone.io/v2/browser-sdk.js` unless `window.PortOne` exists, remembers that first
 * attempt forever, and when the CDN is blocked rejects on every later call. So the widget loads
 * the script itself (in idle time when an element connects) and calls `window.PortOne` once it
 * exists (widget/payment-window.ts); the package supplies the types only. A failed load is
 * forgotten so the next attempt retries.
 *
 * @example
 * ```ts
 * preloadPortOneSdk();                 // when an element connects
 * const ok = await loadPortOneSdk();   // before requestPayment; false: SDK_LOAD_FAILED
 * ```
 */

/** The script the npm loader would inject (kept in step with @portone/browser-sdk). */
export const portOneSdkUrl = "https://cdn.portone.io/v2/browser-sdk.js";

const loadTimeoutMs = 15_000;

/** One load at a time per script address. */
const loading: Record<string, Promise<boolean> | undefined> = {};

/**
 * Resolves `true` once `ready()` holds (at once if it already does), `false` if the script at
 * `src` could not be loaded; a failure is forgotten so that the next call tries again.
 */
export function loadScript(src: string, ready: () => unknown): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  loading[src] ??= new Promise<boolean>((resolve) => {
    const script = document.createElement("script");
    script.src = src;
    const done = () => {
      const ok = !!ready();
      clearTimeout(timer);
      if (!ok) {
        // Forget the failure (and the dead tag) so that the next attempt starts afresh.
        script.remove();
        loading[src] = undefined;
      }
      resolve(ok);
    };
    const timer = setTimeout(done, loadTimeoutMs);
    // A fresh element of our own: its handler properties are free.
    script.onload = script.onerror = done;
    document.head.append(script);
  });
  return loading[src];
}

/** Runs `task` when the browser is idle (soon, at the latest), off any click's path. */
export function whenIdle(task: () => void): void {
  if ("requestIdleCallback" in window) requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 1);
}

/** Resolves `true` once `window.PortOne` exists, `false` if the script could not be loaded. */
export const loadPortOneSdk = (): Promise<boolean> => loadScript(portOneSdkUrl, () => window.PortOne);

/** Starts loading the SDK when the browser is idle, so a click waits only for the order. */
export function preloadPortOneSdk(): void {
  // Each connecting element asks; loadPortOneSdk() starts one load at most.
  whenIdle(loadPortOneSdk);
}

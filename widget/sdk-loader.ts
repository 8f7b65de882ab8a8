/**
 * Loads PortOne's browser SDK (`window.PortOne`) before the payment window needs it.
 *
 * `@portone/browser-sdk/v2` is only a loader: on its first call it injects
 * `https://cdn.portone.io/v2/browser-sdk.js` unless `window.PortOne` exists, remembers that first
 * attempt forever, and when the CDN is blocked rejects on every later call. So the widget loads
 * the script itself (in idle time when an element connects) and calls `window.PortOne` once it
 * exists (widget/payment-window.ts); the package supplies the types only. A failed load is
 * forgotten so the next click retries.
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

let loading: Promise<boolean> | undefined;

/** Resolves `true` once `window.PortOne` exists, `false` if the script could not be loaded. */
export function loadPortOneSdk(): Promise<boolean> {
  if (window.PortOne) return Promise.resolve(true);
  loading ??= new Promise<boolean>((resolve) => {
    const script = document.createElement("script");
    script.src = portOneSdkUrl;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      if (!ok) {
        // Forget the failure (and the dead tag) so that the next attempt starts afresh.
        script.remove();
        loading = undefined;
      }
      resolve(ok);
    };
    const timer = setTimeout(() => done(!!window.PortOne), loadTimeoutMs);
    // A fresh element of our own: its handler properties are free.
    script.onload = () => done(!!window.PortOne);
    script.onerror = () => done(false);
    document.head.append(script);
  });
  return loading;
}

/** Starts loading the SDK when the browser is idle, so a click waits only for the order. */
export function preloadPortOneSdk(): void {
  // Each connecting element asks; loadPortOneSdk() starts one load at most.
  const start = () => void loadPortOneSdk();
  if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1);
}

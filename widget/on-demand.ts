/**
 * Views (and payment windows, {@link onDemandWindow}) the drop-in script does not carry: each is a small script of its own (an IIFE built
 * beside the drop-in) that leaves a factory on a registered symbol; the element loads it when it
 * needs the view, never on a click's path, and the factory renders with the element's own Lit
 * (`html`, `nothing`), so Lit is not loaded twice.
 *
 * @example
 * ```ts
 * const panel = onDemand<AccountPanel>(accountPanelKey);
 * panel.get() ?? void panel.load(url).then((ok) => ok && host.requestUpdate());
 * ```
 */
import { html, nothing } from "lit";
import type { PaymentWindow } from "./payment-window.js";
import { loadScript, whenIdle } from "./sdk-loader.js";

/** The parts of Lit an on-demand view renders with: the element's own. */
export interface Lit {
  html: typeof html;
  nothing: typeof nothing;
}

/** One on-demand view. */
export interface OnDemand<T> {
  /** The view once its script has run, bound to this copy's Lit; `undefined` before. */
  get(): T | undefined;
  /** Loads the view's script from `src`; resolves whether the view is there (a failure is retried next time). */
  load(src: string): Promise<boolean>;
}

/** The view whose script registers its factory, `(lit: Lit) => T`, under `key`. */
export function onDemand<T>(key: symbol): OnDemand<T> {
  let view: T | undefined;
  const get = () => (view ??= (globalThis as Record<symbol, ((lit: Lit) => T) | undefined>)[key]?.({ html, nothing }));
  return { get, load: (src) => loadScript(src, get) };
}

/**
 * A payment window whose code is the on-demand script `file` (see above), which registers
 * `() => PaymentWindow` under `Symbol.for(file)`: `load()` loads that script from `src(file)`,
 * then the window's own SDK; `preload()` does both in idle time. Keeps a second SDK's window
 * out of the drop-in.
 *
 * @example
 * ```ts
 * const v1 = onDemandWindow('portone-checkout-v1.js', (file) => `${api}/${file}`);
 * ```
 */
export function onDemandWindow(file: string, src: (file: string) => string): PaymentWindow {
  const script = onDemand<PaymentWindow>(Symbol.for(file));
  const load = async () => (await script.load(src(file))) && script.get()!.load();
  return { preload: () => whenIdle(load), load, open: (order, options) => script.get()!.open(order, options) };
}

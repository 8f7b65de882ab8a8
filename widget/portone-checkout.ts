import { html, LitElement, nothing, type TemplateResult } from "lit";
import type { CheckoutCustomer, CheckoutItem, CreateOrderRequest, ShippingAddress } from "../contract/api.js";
import { loadCatalog, loadedCatalog, priceOf } from "./catalog.js";
import { errorText } from "./error-messages.js";
import type { formDetails } from "./form-details.js";
import { formDetailsFile } from "./form-details-key.js";
import { formatAmount, lang, type TextKey, text } from "./messages.js";
import { onDemand, onDemandWindow } from "./on-demand.js";
import { type CheckoutState, PaymentController } from "./payment-controller.js";
import type { WindowTypes } from "./payment-request.js";
import { type PaymentWindow, portOneV2 } from "./payment-window.js";
import { paymentWindowV1File } from "./payment-window-v1-key.js";
import { styles } from "./portone-checkout.styles.js";
import { loadReceiptView, receiptView } from "./receipt-loader.js";
import { readingReturn, redirectReturn } from "./redirect-registry.js";
import { whenIdle } from "./sdk-loader.js";
import { accountPanel, loadAccountPanel } from "./virtual-account-loader.js";

/**
 * The drop-in script's address, read while that script runs: absolute, or empty for an inline
 * or module script (so URL cannot throw). Its origin is the worker; the on-demand views
 * (`portone-checkout-va.js`, `portone-checkout-receipt.js`) are beside it.
 */
const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src;
const scriptOrigin = scriptSrc && new URL(scriptSrc).origin;

/**
 * The reader of a `form="..."`: only pages that name a form download it (`/portone-checkout-form.js`),
 * while the shopper fills it in.
 */
const formReader = onDemand<typeof formDetails>(Symbol.for(formDetailsFile));

/** `items`: JSON; anything else is `null`, reported as INVALID_CONFIGURATION on click. */
const json = {
  fromAttribute(value: string | null): unknown {
    try {
      return value == null ? undefined : JSON.parse(value);
    } catch {
      return null;
    }
  },
};

/** `window-type`: JSON `{ pc?, mobile? }`, or one value (`POPUP`) for both. */
const windowTypes = {
  fromAttribute: (value: string | null): WindowTypes | undefined =>
    value?.[0] === "{" ? (json.fromAttribute(value) as WindowTypes) : value ? { pc: value, mobile: value } : undefined,
};

/**
 * A payment button for one product (or a list of products), verified by the worker.
 *
 * The element asks the worker for an order (`POST /api/orders`), opens PortOne's payment window
 * with exactly what the worker answered, and reports a payment as paid only after the worker has
 * verified it with PortOne (`POST /api/payments/complete`). It handles PortOne's redirect return
 * on mobile, virtual accounts (shows the account and polls until the deposit arrives) and
 * network failures (retries, then keeps checking). Once paid it shows a short receipt (order
 * number, amount, a link to the shopper's order page when the worker issues one), kept across
 * a reload of the page for a day, and a click on the button asks before buying again.
 *
 * The worker decides between PortOne V2 and V1 (its order answer's `version`); the page cannot.
 * For a V1 answer the element loads `/portone-checkout-v1.js` (about 0.8 KB gzipped) and
 * PortOne's `iamport.js`, and opens `IMP.request_pay`. A page whose worker is on V1 adds
 * `portone-version="V1"` so that both are preloaded in idle time (instead of the V2 SDK); the
 * attribute is only a hint for preloading, never which window opens.
 *
 * @example
 * ```html
 * <script src="https://pay.example.com/portone-checkout.js"></script>
 * <portone-checkout product="tshirt-black-m" pay-method="CARD">Buy now</portone-checkout>
 * ```
 *
 * It shows the price the worker will charge (from `GET /api/catalog`, fetched once per page
 * while the shopper reads; `hide-price` turns it off), and a product the worker does not sell
 * as unavailable (button disabled, a short text) before anyone clicks. With `form="<id>"` the
 * buyer's and shipping details come from a `<form>` on the page, checked with the form's own
 * validation before the order is created:
 *
 * ```html
 * <form id="ship-to">
 *   <input name="name" required> <input name="phone" required>
 *   <input name="postcode" required pattern="\d{5}"> <input name="address1" required>
 *   <input name="address2"> <input name="email" type="email"> <input name="note">
 * </form>
 * <portone-checkout product="tote-canvas" form="ship-to"></portone-checkout>
 * ```
 *
 * @slot - The button's label (default "결제하기" / "Pay").
 *
 * @event {PortOneRequestEvent} portone-request - About to create the order and open the payment
 *   window; cancelable, `preventDefault()` stops the payment. `detail`: `{ items, payMethod, customer?, shipping? }`.
 * @event {PortOnePaidEvent} portone-paid - The worker verified the payment; `detail` is the order's public state.
 * @event {PortOnePendingEvent} portone-pending - A virtual account was issued (`detail.virtualAccount`)
 *   or approval is pending; `detail` is the order's public state.
 * @event {PortOneFailedEvent} portone-failed - The payment failed, was cancelled or refused;
 *   `detail`: `{ code, message, paymentId? }`.
 *
 * @csspart base - The wrapper around everything.
 * @csspart price - The price of what the button sells, from the worker's catalog (unless `hide-price`).
 * @csspart button - The payment button.
 * @csspart status - The status line (a polite live region).
 * @csspart retry-button - "Try again" after a failure, or to check again at once while checking.
 * @csspart confirm-button - "Buy again", after a click on the button of an order already paid;
 *   only it starts the new purchase.
 * @csspart receipt - After paying: the item, order number (`paymentId`), amount and time (a `<dl>`)
 *   and the link to the shopper's order page (`orderUrl`, a new tab); while a deposit is due,
 *   only that link. Loaded on demand, `/portone-checkout-receipt.js`.
 * @csspart account - The virtual account details (a `<dl>`; loaded on demand, `/portone-checkout-va.js`).
 * @csspart account-number - The account number.
 * @csspart copy-button - The button that copies the account number.
 *
 * @cssproperty --portone-color-primary - Button background.
 * @cssproperty --portone-color-on-primary - Button text.
 * @cssproperty --portone-color-success - Status text when paid.
 * @cssproperty --portone-color-danger - Status text when failed.
 * @cssproperty --portone-color-surface - Background of the account details and the receipt.
 * @cssproperty --portone-color-border - Border of the retry and copy buttons.
 * @cssproperty --portone-focus-ring-color - Focus outline (default: the primary colour).
 * @cssproperty --portone-radius - Corner radius.
 * @cssproperty --portone-font-family - Font family (inherits by default).
 * @cssproperty --portone-font-size - Base font size.
 */
export class PortOneCheckout extends LitElement {
  static override styles = styles;

  // Declared here rather than with decorators: the same metadata, ~450 bytes less in the bundle.
  static override properties = {
    product: {},
    quantity: { type: Number },
    items: { converter: json },
    payMethod: { attribute: "pay-method", reflect: true },
    redirectUrl: { attribute: "redirect-url" },
    windowType: { attribute: "window-type", converter: windowTypes },
    locale: { reflect: true },
    customerName: { attribute: "customer-name" },
    customerEmail: { attribute: "customer-email" },
    customerPhone: { attribute: "customer-phone" },
    customer: { attribute: false },
    form: {},
    shipping: { attribute: false },
    api: {},
    disabled: { type: Boolean, reflect: true },
    hidePrice: { attribute: "hide-price", type: Boolean },
  };

  /** The product to buy (a catalog `productId`). Ignored when `items` is set. */
  product?: string;

  /** How many of `product` to buy. */
  quantity = 1;

  /** Several order lines as JSON: `[{ "productId": "...", "quantity": 1 }]`. */
  items?: CheckoutItem[];

  /** PortOne's `payMethod`: `CARD`, `VIRTUAL_ACCOUNT`, `TRANSFER`, `MOBILE`, `EASY_PAY`, ... */
  payMethod = "CARD";

  /** Where PortOne returns after a redirect payment (default: this page). */
  redirectUrl?: string;

  /**
   * PortOne's `windowType`, passed through: one value for both (`IFRAME`, `POPUP`, `REDIRECTION`)
   * or JSON `{"pc":"IFRAME","mobile":"REDIRECTION"}`.
   */
  windowType?: WindowTypes;

  /** Language of the element's text and of PortOne's window: `ko` (default) or `en`. */
  locale: "ko" | "en" = "ko";

  /** The shopper's name, forwarded to PortOne. */
  customerName?: string;

  /** The shopper's email, forwarded to PortOne. */
  customerEmail?: string;

  /** The shopper's phone number, forwarded to PortOne. */
  customerPhone?: string;

  /** The shopper's details as an object; takes precedence over the `customer-*` attributes and `form`. */
  customer?: CheckoutCustomer;

  /**
   * The id of a `<form>` on the page with the buyer's and shipping details, by field name:
   * `name`, `email`, `phone`, `postcode`, `address1`, `address2`, `note`. On click the form is
   * checked with its own constraint validation (`reportValidity()`; invalid: nothing is sent,
   * the browser shows its message) and its filled fields become `customer` (`fullName`,
   * `email`, `phoneNumber`) and, when it has a postcode or an address, `shipping` (recipient and
   * phone from `name` and `phone`). The `customer-*` attributes, `customer` and `shipping` win
   * over the form. An id that names no form is INVALID_CONFIGURATION.
   */
  form?: string;

  /**
   * Where to ship a physical product (`{ recipient, phoneNumber, postcode, address1, address2?,
   * note? }`), for pages that build it in script; takes precedence over `form`. The worker
   * refuses an order for a product that ships without it (SHIPPING_REQUIRED).
   */
  shipping?: ShippingAddress;

  /**
   * The worker's base URL. Default: the origin that served the drop-in script (read while it
   * runs), or this page's origin when the element comes from the ES module build.
   */
  api?: string;

  /** Disables the button. */
  disabled = false;

  /** Hides the price (`part="price"`) the element shows from the worker's catalog. */
  hidePrice = false;

  /** The payment windows besides V2's, by the worker's `version`: V1's is an on-demand script. */
  #windows: Record<string, PaymentWindow> = {
    V1: onDemandWindow(paymentWindowV1File, (file) => this.#src(file)),
  };
  // The worker's answer names the window; before a click, `portone-version` says which to preload.
  #flow = new PaymentController(
    this,
    (order) => this.#windows[order ? order.version! : this.getAttribute("portone-version")!] ?? portOneV2,
    { api: () => this.#apiBase(), owner: () => this.#owner(), src: (file) => this.#src(file) },
  );
  /** A click on the button of a paid order: the status line asks, "Buy again" confirms. */
  #asking = false;
  /** A click is waiting for the form's reader: later clicks add nothing. */
  #awaitingReader = false;

  /** Where the payment is; reflected as the `state` attribute for styling. */
  get state(): CheckoutState {
    return this.#flow.phase;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The catalog (one request per page and worker) and, for a virtual account, its panel:
    // fetched while the shopper reads, never on the click's path.
    whenIdle(() => {
      const api = this.#apiBase();
      if (api) void loadCatalog(api).then(() => this.requestUpdate());
      if (this.payMethod === "VIRTUAL_ACCOUNT") this.#load("portone-checkout-va.js", loadAccountPanel);
      if (this.form) this.#load(formDetailsFile, formReader.load);
    });
  }

  protected override updated(): void {
    if (this.getAttribute("state") !== this.state) this.setAttribute("state", this.state);
    // A deposit is due: the panel's script, unless it is already here (a failed load is tried
    // again on the next update, at the latest the next poll).
    const { phase, order } = this.#flow;
    if (phase === "awaiting" && order?.virtualAccount && !accountPanel())
      this.#load("portone-checkout-va.js", loadAccountPanel);
    // A receipt or a link to show: its script, after the payment, never on a click's path.
    if ((phase === "paid" || (phase === "awaiting" && order?.orderUrl)) && !receiptView())
      this.#load("portone-checkout-receipt.js", loadReceiptView);
  }

  /** Loads an on-demand view's script and shows the view once it is there. */
  #load(file: string, load: (src: string) => Promise<boolean>): void {
    void load(this.#src(file)).then((ok) => ok && this.requestUpdate());
  }

  /** An on-demand script's address: beside the drop-in (or at the worker at `api`). */
  #src(file: string): string {
    return scriptSrc ? new URL(file, scriptSrc).href : `${this.#apiBase()}/${file}`;
  }

  #apiBase(): string | undefined {
    try {
      const url = new URL(this.api || scriptOrigin || location.origin, location.href);
      return url.protocol.startsWith("http") ? url.href.replace(/\/+$/, "") : undefined;
    } catch {
      return undefined;
    }
  }

  /** Identifies this element across a redirect: its id, or what it sells. */
  #owner(): string {
    return this.id ? `#${this.id}` : JSON.stringify([this.#items() ?? null, this.payMethod]);
  }

  /** The order lines: `items` (null when its attribute is not JSON), else `product` × `quantity`. */
  #items(): CheckoutItem[] | undefined {
    const { items, product, quantity } = this;
    const list =
      items !== undefined
        ? items
        : product && Number.isInteger(quantity) && quantity > 0
          ? [{ productId: product, quantity }]
          : undefined;
    // Each line's productId and quantity are the worker's to check (INVALID_REQUEST).
    return Array.isArray(list) && list.length ? list : undefined;
  }

  /** The body of `POST /api/orders`, or `undefined` when there is nothing to buy. */
  #request(form?: HTMLFormElement): CreateOrderRequest | undefined {
    const items = this.#items();
    if (!items) return undefined;
    const { customerName: fullName, customerEmail: email, customerPhone: phoneNumber, payMethod } = this;
    const fromForm = form ? formReader.get()!(Object.fromEntries(new FormData(form))) : {};
    // `customer`, else the form's fields under the `customer-*` attributes that are set (JSON
    // drops the unset ones).
    const customer: CheckoutCustomer = this.customer ?? {
      ...fromForm.customer,
      ...JSON.parse(JSON.stringify({ fullName, email, phoneNumber })),
    };
    // An empty customer and an absent shipping are left out of the JSON body (`undefined`).
    const shipping = this.shipping ?? fromForm.shipping;
    return { items, payMethod, customer: Object.keys(customer).length ? customer : undefined, shipping };
  }

  /** `redirect-url`, else this page without PortOne's parameters; never a fragment (PortOne appends a query). */
  #redirectUrl(): string {
    // PortOne's parameters are on this page's URL only on a return, when their reader is here.
    const url = new URL(this.redirectUrl || redirectReturn()?.without(location.href) || location.href, location.href);
    url.hash = "";
    return url.href;
  }

  #onClick = () => this.#buy(this.#flow.phase !== "paid");

  #onConfirm = () => this.#buy(true);

  /** Starts a purchase; of an order already paid only once `confirmed` (until then, asks). */
  #buy(confirmed: boolean): void {
    const flow = this.#flow;
    if (flow.busy || flow.phase === "awaiting" || this.disabled || readingReturn()) return;
    this.#asking = !confirmed;
    if (!confirmed) {
      this.requestUpdate();
      return;
    }
    const found = this.form ? (this.getRootNode() as Document).getElementById(this.form) : undefined;
    const form = found instanceof HTMLFormElement ? found : undefined;
    // Invalid: the browser shows its message on the first bad field and nothing is sent.
    if (form && !form.reportValidity()) return;
    // The form's reader, preloaded while the shopper filled the form in: a click before it is
    // here buys once it is (a second click meanwhile finds the first purchase under way), and a
    // reader that cannot be loaded is the connection's fault, reported once however many clicks.
    if (form && !formReader.get()) {
      if (this.#awaitingReader) return;
      this.#awaitingReader = true;
      void formReader.load(this.#src(formDetailsFile)).then((ok) => {
        this.#awaitingReader = false;
        return ok ? this.#buy(true) : flow.refuse("NETWORK_ERROR");
      });
      return;
    }
    // A `form` id that names no <form> is the page's set-up: INVALID_CONFIGURATION.
    void flow.start(found === form ? this.#request(form) : undefined, () => ({
      redirectUrl: this.#redirectUrl(),
      windowType: this.windowType,
      locale: this.locale,
    }));
  }

  #onRetry = () => {
    if (!this.#flow.checkNow()) this.#onClick();
  };

  #statusText(t: (key: TextKey) => string, unavailable: boolean): string {
    const { phase, order, failure } = this.#flow;
    switch (phase) {
      case "idle":
        return unavailable ? t("unavailable") : "";
      case "awaiting":
        // A deposit is due, or (without an account) an approval: still being verified.
        return order?.virtualAccount ? t("awaiting") : t("verifying");
      case "failed": {
        // `failure` is always set in this phase.
        const human = errorText(this.locale, failure!.code);
        // PortOne's own wording helps the shopper (card limit, wrong password): shown as text.
        const { code, message } = failure!;
        return code === "PAYMENT_FAILED" && message && message !== human ? `${human} (${message})` : human;
      }
      default:
        // The question comes with the receipt's script (loaded once paid); until then, "paid".
        return (phase === "paid" && this.#asking && receiptView()?.ask(this.locale)) || t(phase);
    }
  }

  protected override render(): TemplateResult {
    const { locale } = this;
    const t = (key: TextKey) => text(locale, key);
    const { phase, order, busy } = this.#flow;
    const retry = phase === "failed" || phase === "checking";
    const account = phase === "awaiting" && order?.virtualAccount;
    // Until its script has run (a moment after the deposit is due), the status line says it all.
    const panel = account ? accountPanel() : undefined;
    const receipt = receiptView();
    const api = this.#apiBase();
    const price = priceOf(api ? loadedCatalog(api) : undefined, this.#items());
    const unavailable = price === "unavailable";
    // Lit writes a boolean attribute value as "true" or "false" (aria-disabled, aria-busy).
    return html`<div part="base" lang=${lang(locale)}>
      ${
        price && !unavailable && !this.hidePrice
          ? html`<div part="price">${formatAmount(locale, price.amount, price.currency)}</div>`
          : nothing
      }
      <button
        part="button"
        type="button"
        ?disabled=${this.disabled || unavailable}
        aria-disabled=${busy || phase === "awaiting"}
        aria-busy=${busy}
        @click=${this.#onClick}
      >
        <slot>${t("pay")}</slot>
      </button>
      <p part="status" role="status" aria-live="polite">${this.#statusText(t, unavailable)}</p>
      ${retry ? html`<button part="retry-button" type="button" @click=${this.#onRetry}>${t("retry")}</button>` : nothing}
      ${account && panel ? panel.view(order, account, locale, this) : nothing}
      ${receipt ? receipt.view(this.#flow, locale, phase === "paid" && this.#asking && this.#onConfirm) : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "portone-checkout": PortOneCheckout;
  }
}

/**
 * The receipt of `<portone-checkout>` (`part="receipt"`): after paying, what was bought, the
 * order number (PortOne's `paymentId`), the amount paid and when, and a link to the shopper's
 * order page when the worker issues one (`orderUrl`, a new tab); while a deposit is due, only
 * that link. It also words the question before buying the same again, and its "Buy again"
 * button (`part="confirm-button"`).
 *
 * Not in the drop-in script: built into its own small script (`/portone-checkout-receipt.js`,
 * entry widget/receipt-entry.ts) that the element loads once a payment is done or a link is due
 * (widget/receipt-loader.ts), never on the click that pays. It renders with the element's own
 * Lit, handed over by {@link createReceiptView}.
 *
 * @example
 * ```ts
 * const receipt = createReceiptView({ html, nothing });
 * html`${receipt.view(flow, locale, asking ? onConfirm : undefined)}`;
 * ```
 */
import type { TemplateResult } from "lit";
import type { OrderState } from "./api-client.js";
import { formatAmount, formatTime, type ReceiptTextKey, receiptText } from "./messages.js";
import type { Lit } from "./on-demand.js";
import { type Receipt, safeUrl } from "./paid-receipt.js";
import type { CheckoutState } from "./payment-controller.js";

/** Where the element's payment stands, as far as the receipt is concerned. */
export interface ReceiptState {
  phase: CheckoutState;
  /** The last paid order (shown while `paid`). */
  receipt?: Receipt | undefined;
  /** The worker's last word on the order (its link is shown while `awaiting`). */
  order?: Pick<OrderState, "orderUrl"> | undefined;
}

/** The receipt, bound to the element's Lit. */
export interface ReceiptView {
  /**
   * While `paid`, the paid order's details and its link; while `awaiting`, the link alone (each
   * link only when it is an http(s) address). With `onConfirm`, the "Buy again" button first.
   */
  view(state: ReceiptState, locale: string, onConfirm?: (() => void) | false): TemplateResult;
  /** The status line's question after a click on the button of a paid order. */
  ask(locale: string): string;
}

/** The receipt, rendering with `html` and `nothing` from the element's Lit. */
export function createReceiptView({ html, nothing }: Lit): ReceiptView {
  return {
    view({ phase, receipt, order }, locale, onConfirm) {
      const t = (key: ReceiptTextKey) => receiptText(locale, key);
      const row = (key: ReceiptTextKey, value: unknown) => html`<div><dt>${t(key)}</dt><dd>${value}</dd></div>`;
      const paid = phase === "paid" ? receipt : undefined;
      const url = safeUrl(paid ? paid.orderUrl : phase === "awaiting" ? order?.orderUrl : undefined);
      const time = formatTime(locale, paid?.paidAt);
      // Its own styles (static text, no binding inside <style>): each label beside its value when
      // the row fits (labels 7rem wide, so the values line up), the value under it in a 200 px
      // card; an order number breaks anywhere. The question is not a success: the status line
      // takes the text colour while the "Buy again" button is there.
      return html`<style>[part=receipt]{margin-top:.5rem;padding:.75rem;border-radius:var(--_radius);background:var(--portone-color-surface,color-mix(in srgb,currentColor 8%,transparent))}[part=receipt] dl{display:grid;gap:.25rem;margin:0 0 .5rem}[part=receipt] dl:last-child{margin:0}[part=receipt] div{display:flex;flex-wrap:wrap;align-items:baseline;column-gap:1rem}[part=receipt] dt{min-width:7rem;opacity:.75}[part=receipt] dd{margin:0;overflow-wrap:anywhere}[part=receipt] a{color:inherit;font-weight:600}:host([state=paid]) p:has(~[part=confirm-button]){color:inherit}</style>
        ${onConfirm ? html`<button part="confirm-button" type="button" @click=${onConfirm}>${t("buyAgain")}</button>` : nothing}
        ${
          paid || url
            ? html`<div part="receipt">
              ${
                paid
                  ? html`<dl>
                    ${row("item", paid.orderName)}
                    ${row("orderNumber", paid.paymentId)}
                    ${row("paid", formatAmount(locale, paid.totalAmount, paid.currency))}
                    ${time ? row("paidAt", html`<time datetime=${paid.paidAt}>${time}</time>`) : nothing}
                  </dl>`
                  : nothing
              }
              ${url ? html`<a href=${url} target="_blank" rel="noopener">${t("orderLink")}</a>` : nothing}
            </div>`
            : nothing
        }`;
    },
    ask: (locale) => receiptText(locale, "again"),
  };
}

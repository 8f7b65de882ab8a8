/**
 * The receipt of a paid order: what `<portone-checkout>` shows after paying, and all it keeps of
 * the order for a reload of the page (with the element's payments, widget/redirect-result.ts).
 *
 * @example
 * ```ts
 * putPending({ ...receiptOf(order), owner, api, stage: 'paid', at: Date.now() });
 * html`<a href=${safeUrl(receipt.orderUrl)}>…</a>`;
 * ```
 */
import type { PublicOrder } from "../contract/api.js";

/** What the receipt shows of a paid order, and all that is stored of it. */
export type Receipt = Pick<PublicOrder, "paymentId" | "orderName" | "totalAmount" | "currency" | "orderUrl" | "paidAt">;

/** The receipt's fields of an order, nothing else (no lines, no account, no status). */
export function receiptOf({ paymentId, orderName, totalAmount, currency, orderUrl, paidAt }: Receipt): Receipt {
  return { paymentId, orderName, totalAmount, currency, orderUrl, paidAt };
}

/**
 * `url` when it is an absolute http(s) address, else `undefined`: the receipt's link is checked
 * where it becomes an `href` (widget/receipt-view.ts), whether it came from the worker or from storage.
 */
export const safeUrl = (url: string | undefined) => (/^https?:\/\//i.test(url ?? "") ? url : undefined);

/**
 * The redirect return: reading PortOne's result from the query string, removing it from the
 * address bar (both in the on-demand script `/portone-checkout-return.js`, loaded only when the
 * URL may hold a result), and remembering the element's payments across the redirect (and a
 * reload) in `sessionStorage` (in the drop-in).
 *
 * What is stored (`portone-checkout:pending`, one JSON list per tab) says *which* element
 * started a payment and how far it got, and for the last paid one what its receipt shows (order
 * name, amount, `paymentId`, `orderUrl`, `paidAt`; never the buyer's name, phone, email or
 * address). It is never trusted for money (the worker re-reads the payment from PortOne); an
 * entry is dropped once the payment failed, when its element starts another, or after a day.
 *
 * @example
 * ```ts
 * const result = readRedirectResult(location.href);
 * if (result) history.replaceState(history.state, '', withoutRedirectParams(location.href));
 * ```
 */
import type { Receipt } from "./paid-receipt.js";
import type { PortOneOutcome } from "./payment-result.js";

/** PortOne's result on the return URL; `paymentId` is what makes it one. */
export interface RedirectResult extends PortOneOutcome {
  paymentId: string;
}

/**
 * Every parameter PortOne adds to the return URL, and the result field it fills ("": removed,
 * never read). V2's `redirectUrl` gets `paymentId` (legacy `payment_id`), `paymentToken`,
 * `code`, `message`, `pgCode`, `pgMessage`; V1's `m_redirect_url` gets `merchant_uid` (our
 * `paymentId`), `imp_uid`, `error_code`, `error_msg` and the deprecated `imp_success`, which
 * does not mean "paid" and is never read. The first non-empty one of a field wins.
 */
const resultParams: Record<string, keyof RedirectResult | ""> = {
  paymentId: "paymentId",
  payment_id: "paymentId",
  merchant_uid: "paymentId",
  paymentToken: "paymentToken",
  imp_uid: "impUid",
  code: "code",
  error_code: "code",
  message: "message",
  error_msg: "message",
  pgCode: "pgCode",
  pgMessage: "pgMessage",
  txId: "",
  tx_id: "",
  transactionType: "",
  imp_success: "",
};

/**
 * PortOne's result in `href`'s query string, V2's or V1's, or `null` when there is none (no
 * `paymentId`, `payment_id` or `merchant_uid`).
 */
export function readRedirectResult(href: string): RedirectResult | null {
  const params = new URL(href).searchParams;
  const result = {} as Record<keyof RedirectResult, string | undefined>;
  for (const [key, field] of Object.entries(resultParams)) if (field) result[field] ||= params.get(key) ?? undefined;
  return result.paymentId ? (result as RedirectResult) : null;
}

/** `href` without PortOne's result parameters (used for cleanup and as the default return URL). */
export function withoutRedirectParams(href: string): string {
  const url = new URL(href);
  // Only a PortOne return is cleaned: a page's own `code` or `message` parameter stays.
  if (readRedirectResult(href)) for (const key in resultParams) url.searchParams.delete(key);
  return url.href;
}

/** Removes PortOne's result from the address bar without a navigation. */
export function cleanRedirectParams(): void {
  const clean = withoutRedirectParams(location.href);
  if (clean !== location.href) history.replaceState(history.state, "", clean);
}

/**
 * True when `search` may hold PortOne's result (a non-empty `paymentId`, `payment_id` or
 * `merchant_uid`): the drop-in's own check, so that only a return downloads the reader above
 * (`/portone-checkout-return.js`, widget/redirect-return-entry.ts).
 */
export const mayBeRedirectReturn = (search: string): boolean =>
  /[?&](paymentId|payment_id|merchant_uid)=[^&]/.test(search);

/** What `/portone-checkout-return.js` carries: reading PortOne's result and removing it. */
export interface RedirectReturn {
  read: typeof readRedirectResult;
  without: typeof withoutRedirectParams;
  clean: typeof cleanRedirectParams;
}

/**
 * How far a payment got: `requested` (the window was opened), `returned` (PortOne reported
 * success, the worker has not confirmed it yet), `awaiting` (a deposit or approval is due) or
 * `paid` (the worker verified it: kept for its receipt).
 */
export type PendingStage = "requested" | "returned" | "awaiting" | "paid";

/**
 * One payment a `<portone-checkout>` on this tab started: not finished yet, or its last paid
 * one (`paid`, with the receipt's fields).
 */
export interface PendingPayment extends Partial<Receipt> {
  paymentId: string;
  /** Identifies the element: its `id`, or its items and pay method. */
  owner: string;
  /** The API base it was started against; an element with another base is not the owner. */
  api: string;
  stage: PendingStage;
  /** PortOne V1's `imp_uid`, sent again with the completion after a reload. */
  impUid?: string | undefined;
  /** When it was stored (ms since the epoch). */
  at: number;
}

const storageKey = "portone-checkout:pending";
const maxAgeMs = 24 * 60 * 60 * 1000;

/** The pending payments of this tab, newest first, without entries older than a day. */
export function listPending(now: number): PendingPayment[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sessionStorage.getItem(storageKey) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  // Entries only steer which element re-checks which payment; anything malformed is dropped.
  // putPending() stores the newest first.
  return parsed.filter((e): e is PendingPayment => typeof e?.paymentId === "string" && now - e.at < maxAgeMs);
}

function save(entries: PendingPayment[]): void {
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(entries));
  } catch {
    // Storage full or disabled: the redirect return still works, only the reload safety is lost.
  }
}

/**
 * Stores a payment. A new `requested` payment replaces the owner's earlier ones, its last paid
 * one included (one payment at a time per element); a later stage replaces the same payment's entry.
 */
export function putPending(entry: PendingPayment): void {
  const others = listPending(entry.at).filter(
    (e) =>
      e.paymentId !== entry.paymentId &&
      !(entry.stage === "requested" && e.owner === entry.owner && e.api === entry.api),
  );
  save([entry, ...others]);
}

/** Forgets a payment once it reached a final state. */
export function removePending(paymentId: string, now: number): void {
  save(listPending(now).filter((e) => e.paymentId !== paymentId));
}

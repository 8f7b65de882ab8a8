import { Hono } from "hono";
import { html } from "hono/html";
import type { EmulatorCore } from "./core.ts";
import { formatAmount, type Html, page } from "./html.ts";
import { methodOf } from "./payment-method.ts";
import type { PaymentRecord } from "./payments.ts";
import { PAGE_CSP } from "./window.ts";

const RECEIPT_STATUSES: readonly PaymentRecord["status"][] = ["PAID", "PARTIAL_CANCELLED", "CANCELLED"];

/**
 * Whether `GET /receipts/:paymentId` shows a receipt for the payment: a card payment (the only
 * ones given a `receiptUrl`) that is PAID, PARTIAL_CANCELLED or CANCELLED.
 */
export function hasReceipt(record: PaymentRecord): boolean {
  return record.receiptUrl !== undefined && RECEIPT_STATUSES.includes(record.status);
}

/**
 * The `receiptUrl` of a card payment: a page on the emulator itself, as PortOne's points at the
 * PG's receipt.
 *
 * @example
 * ```ts
 * receiptUrlFor("http://127.0.0.1:8790", "order0001"); // "http://127.0.0.1:8790/receipts/order0001"
 * ```
 */
export function receiptUrlFor(origin: string, paymentId: string): string {
  return `${origin}/receipts/${encodeURIComponent(paymentId)}`;
}

/**
 * `GET /receipts/:paymentId`: a card payment's receipt (store, order, card, approval number,
 * amount paid, each cancellation, what is left), labelled as the emulator's; no auth, like a PG's
 * receipt link. 404 for a payment that has none (unknown, not a card, not paid).
 */
export function receiptRoutes(core: EmulatorCore): Hono {
  const routes = new Hono();
  routes.get("/receipts/:paymentId", (c) => {
    c.header("content-security-policy", PAGE_CSP);
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    const record = core.payments.get(c.req.param("paymentId"));
    if (!record || !hasReceipt(record)) {
      const body = html`<main class="window"><h1>영수증이 없습니다</h1><p>결제가 완료된 카드 결제만 영수증이 있습니다.</p></main>`;
      return c.html(page({ title: "영수증 없음", body }), 404);
    }
    return c.html(page({ title: "카드 영수증", body: receiptBody(record) }));
  });
  return routes;
}

function receiptBody(record: PaymentRecord): Html {
  const money = (amount: number) => formatAmount(amount, record.currency);
  const row = (label: string, value: string | undefined, className?: string) =>
    html`<dt>${label}</dt><dd${className ? html` class="${className}"` : ""}>${value ?? "—"}</dd>`;
  const card = (methodOf(record)?.card ?? {}) as { name?: string; number?: string };
  const cancelled = record.cancellations.reduce((sum, cancellation) => sum + cancellation.totalAmount, 0);
  const cancellations = record.cancellations.map(
    (cancellation) =>
      html`<li>${cancellation.cancelledAt} · ${money(cancellation.totalAmount)} 취소 · ${cancellation.reason}</li>`,
  );
  return html`<main class="window" aria-labelledby="receipt-title">
<h1 id="receipt-title">카드 영수증 (테스트)</h1>
<dl class="summary">
${row("상점 아이디", record.storeId)}
${row("주문명", record.orderName)}
${row("결제 아이디", record.id, "mono")}
${row("카드", [card.name, card.number].filter(Boolean).join(" ") || undefined)}
${row("승인 번호", record.approvalNumber, "mono")}
${row("결제 일시", record.paidAt)}
${row("결제 금액", money(record.paidAmount), "amount")}
${row("취소 금액", money(cancelled))}
${row("남은 금액", money(record.paidAmount - cancelled))}
${row("상태", record.status)}
</dl>
${cancellations.length > 0 ? html`<h2>취소 내역</h2><ul>${cancellations}</ul>` : ""}
<p>실제 카드사 영수증이 아닙니다: PortOne 에뮬레이터가 만든 테스트 영수증입니다.</p>
</main>`;
}

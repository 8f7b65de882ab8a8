import { Hono } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { koreanTime } from "../admin/csv.ts";
import { type AdminLocale, say } from "../admin/text.ts";
import { createBackOffice } from "../compose.ts";
import { formatMoney } from "../domain/money.ts";
import { PAYMENT_ID_PATTERN } from "../domain/payment-id.ts";
import type { AppEnv } from "../routes/env.ts";
import type { ShopperOrderView } from "../services/order-page.ts";

const WORDS = {
  title: ["주문 내역", "Your order"],
  order: ["주문번호", "Order number"],
  status: ["상태", "Status"],
  amount: ["결제 금액", "Amount"],
  refunded: ["환불", "Refunded"],
  ordered: ["주문일시", "Ordered"],
  paid: ["결제일시", "Paid"],
  items: ["상품", "Items"],
  deposit: ["입금하실 계좌", "Pay into"],
  bank: ["은행", "Bank"],
  accountNumber: ["계좌번호", "Account number"],
  holder: ["예금주", "Account holder"],
  due: ["입금 기한", "Due by"],
  shipping: ["배송", "Delivery"],
  recipient: ["받는 분", "Recipient"],
  track: ["배송 조회", "Track the parcel"],
  receipt: ["영수증 보기", "Receipt"],
  notFound: ["주문을 찾을 수 없습니다", "Order not found"],
  notFoundText: ["링크가 올바른지 확인해 주세요.", "Check that the link is complete."],
} as const satisfies Record<string, readonly [string, string]>;

const w = (locale: AdminLocale, key: keyof typeof WORDS) => WORDS[key][locale === "en" ? 1 : 0];

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;color:#1f2328;background:#f4f5f7}
main{max-width:32rem;margin:0 auto;padding:1rem}section{background:#fff;border:1px solid #d8dee4;border-radius:12px;padding:1rem;margin:0 0 1rem}
h1{font-size:1.25rem;margin:.5rem 0 1rem}h2{font-size:1rem;margin:0 0 .5rem}dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem;margin:0}
dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}.status{font-weight:700}.number{font-family:ui-monospace,monospace;overflow-wrap:anywhere}.account{white-space:nowrap}
ul{margin:0;padding-left:1.2rem}a{color:#0b57d0}.total{font-weight:700}`;

function page(locale: AdminLocale, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${raw(CSS)}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function view(locale: AdminLocale, o: ShopperOrderView) {
  const account = o.virtualAccount;
  return page(
    locale,
    `${w(locale, "title")} · ${o.orderName}`,
    html`<h1>${w(locale, "title")}</h1>
      <section>
        <dl>
          <dt>${w(locale, "status")}</dt><dd class="status">${say(locale, o.status)}</dd>
          <dt>${w(locale, "order")}</dt><dd class="number">${o.paymentId}</dd>
          <dt>${w(locale, "amount")}</dt><dd class="total">${formatMoney(o.totalAmount, o.currency)}</dd>
          ${o.refundedAmount ? html`<dt>${w(locale, "refunded")}</dt><dd>${formatMoney(o.refundedAmount, o.currency)}</dd>` : ""}
          <dt>${w(locale, "ordered")}</dt><dd>${koreanTime(o.createdAt)}</dd>
          ${o.paidAt ? html`<dt>${w(locale, "paid")}</dt><dd>${koreanTime(o.paidAt)}</dd>` : ""}
        </dl>
      </section>
      <section>
        <h2>${w(locale, "items")}</h2>
        <ul>${o.items.map((i) => html`<li>${i.name} × ${i.quantity} · ${formatMoney(i.unitAmount * i.quantity, o.currency)}</li>`)}</ul>
      </section>
      ${
        account
          ? html`<section>
          <h2>${w(locale, "deposit")}</h2>
          <dl>
            ${account.bank ? html`<dt>${w(locale, "bank")}</dt><dd>${account.bank}</dd>` : ""}
            <dt>${w(locale, "accountNumber")}</dt><dd class="number account">${account.accountNumber}</dd>
            ${account.remitteeName ? html`<dt>${w(locale, "holder")}</dt><dd>${account.remitteeName}</dd>` : ""}
            ${account.expiredAt ? html`<dt>${w(locale, "due")}</dt><dd>${koreanTime(account.expiredAt)}</dd>` : ""}
          </dl>
        </section>`
          : ""
      }
      ${
        o.status === "PAID"
          ? html`<section>
          <h2>${w(locale, "shipping")}</h2>
          <dl>
            <dt>${w(locale, "status")}</dt><dd>${say(locale, o.fulfilment.status)}</dd>
            ${o.recipient ? html`<dt>${w(locale, "recipient")}</dt><dd>${o.recipient}</dd>` : ""}
            ${o.fulfilment.carrier ? html`<dt>${say(locale, o.fulfilment.carrier)}</dt><dd class="number">${o.fulfilment.trackingNumber ?? ""}</dd>` : ""}
          </dl>
          ${o.fulfilment.trackingUrl ? html`<p><a href="${o.fulfilment.trackingUrl}" rel="noreferrer" target="_blank">${w(locale, "track")}</a></p>` : ""}
        </section>`
          : ""
      }
      ${o.receiptUrl ? html`<p><a href="${o.receiptUrl}" rel="noreferrer" target="_blank">${w(locale, "receipt")}</a></p>` : ""}`,
  );
}

/**
 * `GET /orders/:paymentId?t=<token>`: the shopper's page for one order, Korean or English (the
 * browser's language, or `?lang=en`), phone first. A wrong or missing token answers exactly like
 * an unknown order.
 */
export const shopperPages = new Hono<AppEnv>().get("/:paymentId", async (c) => {
  const asked = c.req.query("lang");
  const locale: AdminLocale =
    asked === "en" || asked === "ko" ? asked : /^en\b/i.test(c.req.header("accept-language") ?? "") ? "en" : "ko";
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Frame-Options", "DENY");
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  );
  const paymentId = c.req.param("paymentId");
  const found = PAYMENT_ID_PATTERN.test(paymentId)
    ? await createBackOffice(c.env).orderForShopper(paymentId, c.req.query("t"))
    : null;
  if (!found?.ok) {
    return c.html(
      page(locale, w(locale, "notFound"), html`<h1>${w(locale, "notFound")}</h1><p>${w(locale, "notFoundText")}</p>`),
      404,
    );
  }
  return c.html(view(locale, found.value));
});

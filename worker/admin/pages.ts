import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import * as v from "valibot";
import {
  type AdminNotificationDelivery,
  type AdminNotificationTest,
  type AdminOrderDetail,
  type AdminOrderSummary,
  type AdminStockLevel,
  CARRIERS,
  type FulfilmentRequest,
} from "../../contract/index.ts";
import { createBackOffice, createNotifications } from "../compose.ts";
import { formatMoney } from "../domain/money.ts";
import { type AppEnv, servicesOf } from "../routes/env.ts";
import { ApiError, toApiError } from "../routes/http-error.ts";
import { PaymentIdSchema } from "../routes/schemas.ts";
import { deliveryView, toFilter } from "./api.ts";
import { accessKeys, accessTokenValid, SESSION_COOKIE, sessionValid } from "./auth.ts";
import { koreanTime } from "./csv.ts";
import { readAdminConfig, signIn, signOut } from "./guard.ts";
import { FulfilmentSchema, OrderListQuery, ProductIdSchema, RefundSchema } from "./schemas.ts";
import { ADMIN_CSS } from "./style.ts";
import { type AdminLocale, say, t } from "./text.ts";

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;
type C = Context<AppEnv>;

const LANG_COOKIE = "admin_lang";

function localeOf(c: C): AdminLocale {
  const asked = c.req.query("lang");
  if (asked === "en" || asked === "ko") {
    setCookie(c, LANG_COOKIE, asked, { path: "/admin", sameSite: "Strict", maxAge: 365 * 24 * 3600 });
    return asked;
  }
  return getCookie(c, LANG_COOKIE) === "en" ? "en" : "ko";
}

function layout(locale: AdminLocale, title: string, body: Page, signedIn = true): Page {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · portone-checkout</title>
<style>${raw(ADMIN_CSS)}</style>
</head>
<body>
<header class="top">
  <a class="brand" href="/admin">${t(locale, "title")}</a>
  <nav>
    <a href="?lang=${locale === "en" ? "ko" : "en"}">${t(locale, "language")}</a>
    ${signedIn ? html`<form method="post" action="/admin/sign-out"><button class="link">${t(locale, "signOut")}</button></form>` : ""}
  </nav>
</header>
<main>${body}</main>
</body>
</html>`;
}

/** Who is signed in: Access (when configured) and a valid session cookie. */
/** Configured, and through Cloudflare Access when it is set: checked before every page, sign-in included. */
async function configuredAndThroughAccess(c: C): Promise<void> {
  const config = readAdminConfig(c.env);
  if ("missing" in config)
    throw new ApiError("NOT_CONFIGURED", `The back office is not configured: set ${config.missing}.`);
  if (config.access) {
    const assertion = c.req.header("cf-access-jwt-assertion");
    if (!(await accessTokenValid(assertion, config.access, accessKeys(config.access.teamDomain), new Date()))) {
      throw new ApiError("ADMIN_AUTH_REQUIRED", "Sign in through Cloudflare Access first.");
    }
  }
}

/** Whether the browser holds a valid session cookie. */
async function signedIn(c: C): Promise<boolean> {
  const config = readAdminConfig(c.env);
  if ("missing" in config) return false;
  const session = getCookie(c, SESSION_COOKIE);
  return Boolean(session && (await sessionValid(session, config.token, new Date())));
}

/** Form posts only from this page itself: another site's form cannot ship or refund. */
function sameOrigin(c: C): void {
  const origin = c.req.header("origin");
  if ((origin && origin !== new URL(c.req.url).origin) || c.req.header("sec-fetch-site") === "cross-site") {
    throw new ApiError("ORIGIN_NOT_ALLOWED", "Admin changes are accepted only from the admin page itself.");
  }
}

function signInPage(locale: AdminLocale, failed: boolean): Page {
  return layout(
    locale,
    t(locale, "signIn"),
    html`<section class="card narrow">
      <h1>${t(locale, "signIn")}</h1>
      ${failed ? html`<p class="error" role="alert">${t(locale, "wrongToken")}</p>` : ""}
      <form method="post" action="/admin/sign-in">
        <label>${t(locale, "token")}<input type="password" name="token" required autocomplete="current-password" autofocus></label>
        <button type="submit">${t(locale, "signIn")}</button>
      </form>
    </section>`,
    false,
  );
}

const badge = (s: AdminOrderSummary, locale: AdminLocale) =>
  html`<span class="status s-${s.status}">${say(locale, s.status)}</span>${s.isTest ? html` <span class="test">${t(locale, "test")}</span>` : ""}${
    s.oversold ? html` <span class="status s-FAILED">${t(locale, "oversold")}</span>` : ""
  }`;

function stockSection(locale: AdminLocale, levels: AdminStockLevel[]) {
  if (levels.length === 0) return "";
  return html`<section class="card">
    <h2>${t(locale, "stock")}</h2>
    <table class="lines"><thead><tr><th>${t(locale, "items")}</th><th>${t(locale, "available")}</th><th>${t(locale, "reserved")}</th><th>${t(locale, "sold")}</th><th>${t(locale, "onHand")}</th></tr></thead>
      <tbody>${levels.map(
        (
          l,
        ) => html`<tr><td><code>${l.productId}</code>${l.oversold ? html` <small>(${t(locale, "oversold")} ${l.oversold})</small>` : ""}</td><td>${l.available}</td><td>${l.reserved}</td><td>${l.sold}</td>
          <td><form method="post" action="/admin/stock/${l.productId}" class="inline"><input name="onHand" value="${l.onHand}" inputmode="numeric" pattern="[0-9]*" size="5" aria-label="${t(locale, "onHand")} ${l.productId}"><button type="submit" class="secondary">${t(locale, "save")}</button></form></td></tr>`,
      )}</tbody></table>
  </section>`;
}

function listPage(
  c: C,
  locale: AdminLocale,
  query: v.InferOutput<typeof OrderListQuery>,
  orders: AdminOrderSummary[],
  next: string | null,
  levels: AdminStockLevel[] = [],
) {
  const statuses = ["PENDING", "AWAITING_DEPOSIT", "PAID", "FAILED", "CANCELLED", "REJECTED"];
  const nextUrl = new URL(c.req.url);
  if (next) nextUrl.searchParams.set("cursor", next);
  return layout(
    locale,
    t(locale, "title"),
    html`<form class="filters card" method="get" action="/admin" role="search">
        <label class="grow">${t(locale, "search")}<input type="search" name="q" value="${query.q ?? ""}" placeholder="${t(locale, "searchHint")}"></label>
        <label>${t(locale, "status")}<select name="status"><option value="">${t(locale, "any")}</option>${statuses.map(
          (s) => html`<option value="${s}" ${query.status === s ? "selected" : ""}>${say(locale, s)}</option>`,
        )}</select></label>
        <label>${t(locale, "from")}<input type="date" name="from" value="${query.from ?? ""}"></label>
        <label>${t(locale, "to")}<input type="date" name="to" value="${query.to ?? ""}"></label>
        <button type="submit">${t(locale, "search")}</button>
        <button type="submit" formaction="/api/admin/orders.csv" class="secondary">${t(locale, "csv")}</button>
      </form>
      ${
        orders.length === 0
          ? html`<p class="empty">${t(locale, "noOrders")}</p>`
          : html`<ul class="orders">${orders.map(
              (o) => html`<li class="card order-row">
                <a href="/admin/orders/${o.paymentId}">
                  <span class="name">${o.orderName}</span>
                  <span class="amount">${formatMoney(o.totalAmount, o.currency)}${
                    o.refundedAmount
                      ? html` <small>(${t(locale, "refunded")} ${formatMoney(o.refundedAmount, o.currency)})</small>`
                      : ""
                  }</span>
                  <span class="meta">${badge(o, locale)} · ${say(locale, o.fulfilmentStatus)} · ${o.buyerName ?? "—"}</span>
                  <span class="meta"><time datetime="${o.createdAt}">${koreanTime(o.createdAt)}</time> · <code>${o.paymentId}</code></span>
                </a>
              </li>`,
            )}</ul>`
      }
      ${next ? html`<p><a class="more" href="${nextUrl.pathname}${nextUrl.search}">${t(locale, "older")}</a></p>` : ""}
      ${query.cursor ? "" : stockSection(locale, levels)}
      ${query.cursor ? "" : notifySection(locale)}`,
  );
}

/** The "send a test message" button: a plain form, the answer on its own page. */
function notifySection(locale: AdminLocale) {
  return html`<section class="card"><h2>${t(locale, "notifications")}</h2><p class="muted">${t(locale, "notifyHint")}</p>
    <form method="post" action="/admin/notifications/test"><button type="submit" class="secondary">${t(locale, "sendTest")}</button></form></section>`;
}

function notifyTestPage(locale: AdminLocale, answer: AdminNotificationTest) {
  return layout(
    locale,
    t(locale, "sendTest"),
    html`<p><a href="/admin">${t(locale, "back")}</a></p><section class="card"><h1>${t(locale, "sendTest")}</h1>
      ${
        answer.channels.length === 0
          ? html`<p class="empty">${t(locale, "noChannels")}</p>`
          : html`<ul class="test-results">${answer.channels.map(
              (r) =>
                html`<li><strong>${r.channel}</strong>: ${r.ok ? html`<span class="ok">${t(locale, "testSent")}</span>` : html`<span class="error">${t(locale, "testFailed")}</span> <small>${r.error ?? ""}</small>`}</li>`,
            )}</ul>`
      }</section>`,
  );
}

/** The order's notifications: one row per event and channel, each with a retry button. */
function deliveriesSection(locale: AdminLocale, paymentId: string, deliveries: AdminNotificationDelivery[]) {
  return html`<section class="card"><h2>${t(locale, "notifications")}</h2>${
    deliveries.length === 0
      ? html`<p class="muted">${t(locale, "noDeliveries")}</p>`
      : html`<table class="lines deliveries"><thead><tr><th>${t(locale, "event")}</th><th>${t(locale, "channel")}</th><th>${t(locale, "status")}</th><th>${t(locale, "attempts")}</th><th>${t(locale, "lastError")}</th><th></th></tr></thead>
        <tbody>${deliveries.map(
          (
            d,
          ) => html`<tr><td>${say(locale, d.event)}</td><td>${d.channel}</td><td><span class="status s-${d.status === "SENT" ? "PAID" : d.status === "FAILED" ? "FAILED" : "PENDING"}">${say(locale, `DELIVERY_${d.status}`)}</span>${d.sentAt ? html` <small>${koreanTime(d.sentAt)}</small>` : ""}</td>
            <td>${d.attempts}</td><td><small>${d.lastError ?? ""}</small></td>
            <td><form method="post" action="/admin/orders/${paymentId}/notifications/${d.id}/retry" class="inline"><button type="submit" class="secondary">${t(locale, "retry")}</button></form></td></tr>`,
        )}</tbody></table>`
  }</section>`;
}

function row(label: string, value: unknown) {
  return value === undefined || value === null || value === "" ? "" : html`<dt>${label}</dt><dd>${value}</dd>`;
}

function detailPage(
  locale: AdminLocale,
  o: AdminOrderDetail,
  flash?: string,
  problem?: string,
  deliveries?: AdminNotificationDelivery[],
) {
  const balance = o.totalAmount - o.refundedAmount;
  const canRefund = o.status === "PAID" && balance > 0;
  return layout(
    locale,
    o.orderName,
    html`<p><a href="/admin">${t(locale, "back")}</a></p>
      ${flash ? html`<p class="ok" role="status">${flash}</p>` : ""}
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : ""}
      <section class="card">
        <h1>${o.orderName}</h1>
        <p>${badge(o, locale)} · ${say(locale, o.fulfilmentStatus)}</p>
        <dl class="facts">
          ${row(t(locale, "order"), html`<code>${o.paymentId}</code>`)}
          ${row(t(locale, "amount"), formatMoney(o.totalAmount, o.currency))}
          ${row(t(locale, "refunded"), o.refundedAmount ? formatMoney(o.refundedAmount, o.currency) : "")}
          ${row(t(locale, "payMethod"), say(locale, o.payMethod))}
          ${row(t(locale, "date"), koreanTime(o.createdAt))}
          ${row(t(locale, "paidAt"), koreanTime(o.paidAt))}
          ${row(t(locale, "receipt"), o.receiptUrl ? html`<a href="${o.receiptUrl}" rel="noreferrer" target="_blank">${t(locale, "receipt")}</a>` : "")}
          ${row(t(locale, "virtualAccount"), o.virtualAccount ? `${o.virtualAccount.bank ?? ""} ${o.virtualAccount.accountNumber}` : "")}
        </dl>
        <table class="lines"><thead><tr><th>${t(locale, "items")}</th><th>${t(locale, "quantity")}</th><th>${t(locale, "amount")}</th></tr></thead>
          <tbody>${o.items.map(
            (i) =>
              html`<tr><td>${i.name} <small>${i.productId}</small></td><td>${i.quantity}</td><td>${formatMoney(i.unitAmount * i.quantity, o.currency)}</td></tr>`,
          )}</tbody></table>
      </section>
      <div class="columns">
        <section class="card">
          <h2>${t(locale, "customer")}</h2>
          ${o.personalDataErasedAt ? html`<p class="muted">${t(locale, "erased")}</p>` : ""}
          <dl class="facts">
            ${row(t(locale, "buyer"), o.customer?.fullName)}
            ${row(t(locale, "email"), o.customer?.email)}
            ${row(t(locale, "phone"), o.customer?.phoneNumber)}
          </dl>
          ${o.customer || o.shipping || o.personalDataErasedAt ? "" : html`<p class="muted">${t(locale, "noBuyer")}</p>`}
          ${
            o.shipping
              ? html`<h2>${t(locale, "shipping")}</h2><dl class="facts">
              ${row(t(locale, "recipient"), o.shipping.recipient)}
              ${row(t(locale, "phone"), o.shipping.phoneNumber)}
              ${row(t(locale, "address"), `(${o.shipping.postcode}) ${o.shipping.address1} ${o.shipping.address2 ?? ""}`)}
              ${row(t(locale, "note"), o.shipping.note)}
            </dl>`
              : ""
          }
        </section>
        <section class="card">
          <h2>${t(locale, "markShipped")}</h2>
          <form method="post" action="/admin/orders/${o.paymentId}/fulfilment" class="stack">
            <label>${t(locale, "fulfilment")}<select name="status">${["UNFULFILLED", "SHIPPED", "DELIVERED"].map(
              (s) =>
                html`<option value="${s}" ${o.fulfilment.status === s ? "selected" : ""}>${say(locale, s)}</option>`,
            )}</select></label>
            <label>${t(locale, "carrier")}<select name="carrier"><option value=""></option>${CARRIERS.map(
              (carrier) =>
                html`<option value="${carrier}" ${o.fulfilment.carrier === carrier ? "selected" : ""}>${say(locale, carrier)}</option>`,
            )}</select></label>
            <label>${t(locale, "trackingNumber")}<input name="trackingNumber" value="${o.fulfilment.trackingNumber ?? ""}" inputmode="numeric" maxlength="40"></label>
            <label>${t(locale, "note")}<input name="note" value="${o.fulfilment.note ?? ""}" maxlength="500"></label>
            <button type="submit" ${o.status === "PAID" ? "" : "disabled"}>${t(locale, "save")}</button>
          </form>
        </section>
      </div>
      ${
        canRefund
          ? html`<section class="card">
          <h2>${t(locale, "refund")}</h2>
          <p>${t(locale, "refundable")}: <strong class="balance">${formatMoney(balance, o.currency)}</strong></p>
          <form method="post" action="/admin/orders/${o.paymentId}/refund" class="stack">
            <label>${t(locale, "refundAmount")}<input name="amount" inputmode="numeric" pattern="[0-9]*"></label>
            <label>${t(locale, "reason")}<input name="reason" required maxlength="200"></label>
            <label class="check"><input type="checkbox" name="restock" value="1"> ${t(locale, "restock")}</label>
            ${
              o.virtualAccount
                ? html`<fieldset><legend>${t(locale, "refundAccount")}</legend>
                <label>${t(locale, "bank")}<input name="bank" required></label>
                <label>${t(locale, "accountNumber")}<input name="number" required inputmode="numeric"></label>
                <label>${t(locale, "holder")}<input name="holderName" required></label></fieldset>`
                : ""
            }
            <button type="submit" class="danger">${t(locale, "refund")}…</button>
          </form>
        </section>`
          : ""
      }
      <section class="card">
        <h2>${t(locale, "timeline")}</h2>
        <ol class="timeline">${o.events.map(
          (e) =>
            html`<li><time datetime="${e.at}">${koreanTime(e.at)}</time> ${e.from ? `${say(locale, e.from)} → ` : ""}<strong>${say(locale, e.to)}</strong> <small>${say(locale, e.cause)}${e.detail ? ` · ${e.detail}` : ""}</small></li>`,
        )}</ol>
        ${
          o.refunds.length
            ? html`<h2>${t(locale, "refunds")}</h2><ol class="timeline">${o.refunds.map(
                (r) =>
                  html`<li><time datetime="${r.at}">${koreanTime(r.at)}</time> <strong>${formatMoney(r.amount, o.currency)}</strong> ${r.reason} <small>${r.status} · ${r.requestedBy}</small></li>`,
              )}</ol>`
            : ""
        }
      </section>
      ${deliveries ? deliveriesSection(locale, o.paymentId, deliveries) : ""}`,
  );
}

function confirmPage(
  locale: AdminLocale,
  o: AdminOrderDetail,
  form: Record<string, string>,
  key: string,
  problem?: string,
) {
  // The balance the merchant confirms; PortOne refunds only while it is still exactly this.
  const balance = form.expectedBalance ? Number(form.expectedBalance) : o.totalAmount - o.refundedAmount;
  const { expectedBalance: _shown, idempotencyKey: _key, ...fields } = form;
  const amount = form.amount ? Number(form.amount) : balance;
  return layout(
    locale,
    t(locale, "confirmRefund"),
    html`<section class="card narrow">
      <h1>${t(locale, "confirmRefund")}</h1>
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : ""}
      <p>${o.orderName} · <code>${o.paymentId}</code></p>
      <dl class="facts">
        ${row(t(locale, "refundable"), formatMoney(balance, o.currency))}
        ${row(t(locale, "refund"), html`<strong>${formatMoney(amount, o.currency)}</strong>`)}
        ${row(t(locale, "reason"), form.reason)}
        ${row(t(locale, "refundAccount"), form.number ? `${form.bank} ${form.number} ${form.holderName}` : "")}
      </dl>
      <form method="post" action="/admin/orders/${o.paymentId}/refund/confirm" class="stack">
        ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
        <input type="hidden" name="expectedBalance" value="${balance}">
        <input type="hidden" name="idempotencyKey" value="${key}">
        <button type="submit" class="danger">${t(locale, "confirm")}</button>
        <a href="/admin/orders/${o.paymentId}">${t(locale, "cancel")}</a>
      </form>
    </section>`,
  );
}

/** A posted form's text fields; a body that is not a form is a 400, never a 500. */
const form = async (c: C) => {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new ApiError("INVALID_REQUEST", "The body is not a form.");
  }
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
};

/** The refund form's fields as the API's request. */
function refundRequest(fields: Record<string, string>) {
  return v.safeParse(RefundSchema, {
    ...(fields.amount ? { amount: Number(fields.amount) } : {}),
    ...(fields.expectedBalance ? { expectedBalance: Number(fields.expectedBalance) } : {}),
    ...(fields.restock === "1" ? { restock: true } : {}),
    reason: fields.reason ?? "",
    ...(fields.number
      ? { refundAccount: { bank: fields.bank ?? "", number: fields.number, holderName: fields.holderName ?? "" } }
      : {}),
  });
}

/**
 * The admin page, `/admin`: server-rendered HTML with plain forms that work without JavaScript.
 * Sign-in, the order list (filters, search, paging, CSV), one order (timeline, buyer and
 * shipping, shipping status, refunds with a confirmation step, notifications with a retry
 * button), and "send a test message".
 */
export const adminPages = new Hono<AppEnv>()
  .use("*", async (c, next) => {
    c.header("Cache-Control", "no-store");
    c.header("X-Frame-Options", "DENY");
    c.header(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    // Not no-referrer: with it, browsers send `Origin: null` on form posts and the origin check below could not tell us apart.
    c.header("Referrer-Policy", "same-origin");
    if (c.req.method === "POST") sameOrigin(c);
    await configuredAndThroughAccess(c);
    await next();
  })
  .post("/sign-in", async (c) => {
    const locale = localeOf(c);
    if (!(await signIn(c, (await form(c)).token ?? ""))) return c.html(signInPage(locale, true), 401);
    return c.redirect("/admin", 303);
  })
  .post("/sign-out", (c) => {
    signOut(c);
    return c.redirect("/admin", 303);
  })
  .use("*", async (c, next) => {
    if (!(await signedIn(c))) return c.html(signInPage(localeOf(c), false), 401);
    await next();
  })
  .get("/", async (c) => {
    const locale = localeOf(c);
    const parsed = v.safeParse(OrderListQuery, c.req.query());
    const query = parsed.success ? parsed.output : v.parse(OrderListQuery, {});
    const office = createBackOffice(c.env);
    const [list, levels] = await Promise.all([office.listOrders(toFilter(query)), office.stockLevels()]);
    return c.html(listPage(c, locale, query, list.orders, list.nextCursor, levels));
  })
  .post("/stock/:productId", async (c) => {
    const productId = v.safeParse(ProductIdSchema, c.req.param("productId"));
    const onHand = (await form(c)).onHand ?? "";
    if (!productId.success || !/^\d{1,7}$/.test(onHand))
      throw new ApiError("INVALID_REQUEST", "onHand: a whole number of units.");
    await createBackOffice(c.env).adjustStock(productId.output, Number(onHand));
    return c.redirect("/admin", 303);
  })
  .get("/orders/:paymentId", async (c) => {
    const locale = localeOf(c);
    const order = await orderOr404(c);
    const done = c.req.query("done");
    const deliveries = (await createNotifications(c.env).deliveriesOf(order.paymentId)).map(deliveryView);
    const flash =
      done === "refund"
        ? t(locale, "refundDone")
        : done === "notification"
          ? t(locale, "notifyRetried")
          : done
            ? t(locale, "saved")
            : undefined;
    const problem = c.req.query("problem") === "notification" ? t(locale, "notifyRetryFailed") : undefined;
    return c.html(detailPage(locale, order, flash, problem, deliveries));
  })
  .post("/orders/:paymentId/notifications/:id/retry", async (c) => {
    const order = await orderOr404(c);
    const id = c.req.param("id");
    if (!/^[1-9][0-9]{0,15}$/.test(id))
      throw new ApiError("INVALID_REQUEST", "id: a delivery id is a positive integer.");
    const retried = await createNotifications(c.env).retry(order.paymentId, Number(id));
    if (!retried.ok) throw toApiError(retried.error);
    const sent = retried.value.delivery.status === "SENT";
    return c.redirect(`/admin/orders/${order.paymentId}?${sent ? "done" : "problem"}=notification`, 303);
  })
  .post("/notifications/test", async (c) => {
    const answer: AdminNotificationTest = { channels: await createNotifications(c.env).sendTest() };
    return c.html(notifyTestPage(localeOf(c), answer));
  })
  .post("/orders/:paymentId/fulfilment", async (c) => {
    const locale = localeOf(c);
    const order = await orderOr404(c);
    const fields = await form(c);
    const parsed = v.safeParse(FulfilmentSchema, {
      status: fields.status,
      ...(fields.carrier ? { carrier: fields.carrier } : {}),
      ...(fields.trackingNumber ? { trackingNumber: fields.trackingNumber } : {}),
      ...(fields.note ? { note: fields.note } : {}),
    });
    if (!parsed.success) return c.html(detailPage(locale, order, undefined, parsed.issues[0].message), 400);
    const shipped = await createBackOffice(c.env).shipOrder(order.paymentId, parsed.output as FulfilmentRequest);
    if (!shipped.ok) {
      const error = toApiError(shipped.error);
      return c.html(detailPage(locale, order, undefined, `${error.code}: ${error.message}`), error.status);
    }
    return c.redirect(`/admin/orders/${order.paymentId}?done=shipping`, 303);
  })
  .post("/orders/:paymentId/refund", async (c) => {
    const locale = localeOf(c);
    const order = await orderOr404(c);
    const fields = await form(c);
    const parsed = refundRequest(fields);
    if (!parsed.success) return c.html(detailPage(locale, order, undefined, parsed.issues[0].message), 400);
    return c.html(confirmPage(locale, order, fields, `admin-${crypto.randomUUID()}`));
  })
  .post("/orders/:paymentId/refund/confirm", async (c) => {
    const locale = localeOf(c);
    const order = await orderOr404(c);
    const fields = await form(c);
    const { idempotencyKey, ...rest } = fields;
    const parsed = refundRequest(rest);
    if (!parsed.success || !idempotencyKey)
      return c.html(
        detailPage(locale, order, undefined, parsed.success ? "Idempotency-Key" : parsed.issues[0].message),
        400,
      );
    const refunded = await servicesOf(c).refundOrder(order.paymentId, parsed.output, {
      idempotencyKey,
      requestedBy: "admin",
    });
    if (!refunded.ok) {
      const error = toApiError(refunded.error);
      const problem = `${error.code}: ${error.message}`;
      // PortOne did not answer: the same confirmation (same key) finishes the refund, never twice.
      if (error.code === "PORTONE_UNAVAILABLE")
        return c.html(confirmPage(locale, order, fields, idempotencyKey, problem), 503);
      return c.html(detailPage(locale, await orderOr404(c), undefined, problem), error.status);
    }
    return c.redirect(`/admin/orders/${order.paymentId}?done=refund`, 303);
  });

async function orderOr404(c: C): Promise<AdminOrderDetail> {
  const id = v.safeParse(PaymentIdSchema, c.req.param("paymentId"));
  if (!id.success) throw new ApiError("ORDER_NOT_FOUND", "No order has this paymentId.");
  const found = await createBackOffice(c.env).orderDetail(id.output);
  if (!found.ok) throw toApiError(found.error);
  return found.value;
}

import { Hono } from "hono";
import { html } from "hono/html";
import { formatAmount, type Html, jsonScript, page } from "./html.ts";
import { bankFor, ISSUING_BANKS } from "./virtual-account.ts";
import {
  ISSUING_BANK_NAMES,
  inLang,
  type WINDOW_TEXT,
  type WindowLang,
  windowLang,
  windowText,
} from "./window-text.ts";

/**
 * The buttons of a card (or any other method's) payment window: `data-action`, the outcome each
 * one reports and its label `[Korean, English]`.
 */
export const WINDOW_BUTTONS = [
  { action: "pay", outcome: "PAID", label: ["결제하기", "Pay"] },
  { action: "decline", outcome: "FAILED", label: ["카드 거절", "Card declined"] },
  { action: "virtual-account", outcome: "VIRTUAL_ACCOUNT_ISSUED", label: ["가상계좌 발급", "Issue a virtual account"] },
  { action: "pending", outcome: "PAY_PENDING", label: ["승인 대기", "Awaiting approval"] },
  { action: "tamper", outcome: "PAID", label: ["금액 조작", "Tampered amount"] },
  { action: "close", outcome: "CANCELLED_BY_USER", label: ["닫기", "Close"] },
] as const;

/**
 * The buttons of a virtual-account order's window: only what a bank transfer offers. The shopper
 * has an account issued (at the bank picked above them) or closes the window; the money arrives
 * later, from the dashboard's deposit button, so nothing here approves or declines a card.
 */
export const VIRTUAL_ACCOUNT_BUTTONS = [
  {
    action: "virtual-account",
    outcome: "VIRTUAL_ACCOUNT_ISSUED",
    label: ["가상계좌 발급받기", "Get an account number"],
  },
  { action: "tamper", outcome: "VIRTUAL_ACCOUNT_ISSUED", label: ["금액 조작", "Tampered amount"] },
  { action: "close", outcome: "CANCELLED_BY_USER", label: ["닫기", "Close"] },
] as const;

/** CSP for the emulator's pages: only its own scripts run, and any site may frame the window. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors *; base-uri 'none'; form-action 'none'";

/**
 * The amount the Tamper button charges instead of `totalAmount`: 1,000 less (at least 100), so
 * developers can watch the verifier refuse it.
 */
export function tamperedAmount(totalAmount: number): number {
  const lower = Math.max(totalAmount - 1000, 100);
  return lower === totalAmount ? totalAmount + 1000 : lower;
}

/**
 * Decodes the `request` query parameter: base64url of the UTF-8 JSON payment request.
 * @returns the request object, or `undefined` when it is not one.
 */
export function decodeWindowRequest(value: string | undefined): Record<string, unknown> | undefined {
  if (!value) return undefined;
  try {
    const base64 = value.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `GET /window?request=<base64url JSON>&mode=iframe|redirect&parentOrigin=<origin>`: the payment
 * window the browser SDK stand-in opens in an iframe or navigates to.
 */
export function windowRoutes(): Hono {
  const routes = new Hono();
  routes.get("/window", (c) => {
    c.header("content-security-policy", PAGE_CSP);
    c.header("cache-control", "no-store");
    const request = decodeWindowRequest(c.req.query("request"));
    if (!request) {
      const body = html`<main class="window"><h1>잘못된 결제 요청</h1><p>request 파라미터를 해석할 수 없습니다.</p></main>`;
      return c.html(page({ title: "잘못된 결제 요청", body }), 400);
    }
    const lang = windowLang(request.locale);
    const mode = c.req.query("mode") === "redirect" ? "redirect" : "iframe";
    const parentOrigin = originOrUndefined(c.req.query("parentOrigin"));
    const title = windowText(lang, request.payMethod === "VIRTUAL_ACCOUNT" ? "vaTitle" : "title");
    return c.html(
      page({
        title,
        lang,
        body: windowBody(request, { mode, parentOrigin, lang }),
        scripts: ["/assets/window.js"],
      }),
    );
  });
  return routes;
}

function windowBody(
  request: Record<string, unknown>,
  settings: { mode: string; parentOrigin?: string | undefined; lang: WindowLang },
): Html {
  const { lang } = settings;
  const t = (key: keyof typeof WINDOW_TEXT) => windowText(lang, key);
  const pick = (label: readonly [string, string]) => inLang(lang, label);
  const total = typeof request.totalAmount === "number" ? request.totalAmount : 0;
  const currency = typeof request.currency === "string" ? request.currency.replace(/^CURRENCY_/, "") : "KRW";
  const tampered = tamperedAmount(total);
  const buyer = buyerName(request.customer);
  const virtualAccount = request.payMethod === "VIRTUAL_ACCOUNT";
  const row = (label: string, value: unknown, className?: string) =>
    html`<dt>${label}</dt><dd${className ? html` class="${className}"` : ""}>${String(value ?? "—")}</dd>`;
  const buttons = (virtualAccount ? VIRTUAL_ACCOUNT_BUTTONS : WINDOW_BUTTONS).map(({ action, outcome, label }) => {
    const extra = action === "tamper" ? html` data-amount-paid="${tampered}"` : "";
    const what = t(virtualAccount ? "tamperAccount" : "tamperCharge").replace(
      "{amount}",
      formatAmount(tampered, currency, lang),
    );
    const text = action === "tamper" ? `${pick(label)} (${what})` : pick(label);
    const primary = action === (virtualAccount ? "virtual-account" : "pay");
    const kind = primary ? html` class="primary"` : action === "close" ? html` class="secondary"` : "";
    return html`<button type="button"${kind} data-action="${action}" data-outcome="${outcome}"${extra}>${text}</button>\n`;
  });
  const paymentIdText = typeof request.paymentId === "string" ? request.paymentId : "";
  return html`<main class="window" aria-labelledby="window-title">
<h1 id="window-title">${t(virtualAccount ? "vaTitle" : "title")}</h1>
<dl class="summary">
${row(t("storeId"), request.storeId)}
${row(t("orderName"), request.orderName)}
${buyer === undefined ? "" : row(t("buyer"), buyer)}
${row(t("amount"), formatAmount(total, currency, lang), "amount")}
${row(t("payMethod"), request.payMethod)}
${row(t("paymentId"), request.paymentId, "mono")}
</dl>
${virtualAccount ? bankChoice(paymentIdText, lang) : ""}
<div class="actions" role="group" aria-label="${t("choices")}">
${buttons}</div>
<p id="window-status" role="status" aria-live="polite"></p>
</main>
${jsonScript("portone-request", request)}
${jsonScript("portone-window", settings)}`;
}

/** The bank the account is issued at, preselected as the emulator would pick it ({@link bankFor}). */
function bankChoice(paymentId: string, lang: WindowLang): Html {
  const preselected = bankFor(paymentId);
  const options = ISSUING_BANKS.map(
    (bank) =>
      html`<option value="${bank}"${bank === preselected ? " selected" : ""}>${ISSUING_BANK_NAMES[bank][lang === "en" ? 1 : 0]}</option>`,
  );
  return html`<p class="field"><label for="va-bank">${windowText(lang, "bank")}</label>
<select id="va-bank" name="bank">${options}</select></p>
<p class="note">${windowText(lang, "vaNote")}</p>`;
}

/** The browser SDK's `customer.fullName`, or `lastName firstName` as Koreans write it. */
function buyerName(customer: unknown): string | undefined {
  if (typeof customer !== "object" || customer === null) return undefined;
  const { fullName, firstName, lastName } = customer as Record<string, unknown>;
  if (typeof fullName === "string" && fullName !== "") return fullName;
  const parts = [lastName, firstName].filter((part): part is string => typeof part === "string" && part !== "");
  return parts.length > 0 ? parts.join(" ") : undefined;
}

function originOrUndefined(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value === "null") return value;
  const url = URL.parse(value);
  return url && url.origin === value ? value : undefined;
}

import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { html } from "hono/html";
import { type Html, jsonScript, page } from "../html.ts";
import { decodeWindowRequest, PAGE_CSP, VIRTUAL_ACCOUNT_BUTTONS, WINDOW_BUTTONS } from "../window.ts";
import { inLang, type WINDOW_TEXT, type WindowLang, windowText } from "../window-text.ts";

/**
 * The V1 window's buttons: V2's (`data-action`, the outcome each reports to
 * `/_emulator/v1/payments`, the label) but "awaiting approval", which V1's callback cannot report.
 */
const V1_WINDOW_BUTTONS = WINDOW_BUTTONS.filter((button) => button.action !== "pending");

/** The V1 window's own rows, `[Korean, English]` (the rest are {@link WINDOW_TEXT}'s). */
const V1_TEXT = {
  impCode: ["가맹점 식별코드", "Merchant code"],
  merchantUid: ["주문번호", "Order number"],
} as const;

/** The Tamper button charges 10% less (V1 amounts are major units, possibly decimal). */
export function v1TamperedAmount(amount: number): number {
  return Math.round(amount * 90) / 100 || 1;
}

const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");
const SCRIPTS = { "/sdk/v1/iamport.js": read("iamport.js"), "/assets/v1-window.js": read("window.js") } as const;

/**
 * `GET /sdk/v1/iamport.js` (the stand-in for `https://cdn.iamport.kr/v1/iamport.js`),
 * `GET /v1/window?request=<base64url JSON>&mode=iframe|redirect&parentOrigin=` and its script.
 */
export function v1WindowRoutes(): Hono {
  const routes = new Hono();
  for (const [path, body] of Object.entries(SCRIPTS)) {
    routes.get(path, cors({ origin: "*" }), (c) =>
      c.body(body, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }),
    );
  }
  routes.get("/v1/window", (c) => {
    c.header("content-security-policy", PAGE_CSP);
    c.header("cache-control", "no-store");
    const request = decodeWindowRequest(c.req.query("request"));
    if (!request) {
      const body = html`<main class="window"><h1>잘못된 결제 요청</h1><p>request 파라미터를 해석할 수 없습니다.</p></main>`;
      return c.html(page({ title: "잘못된 결제 요청", body }), 400);
    }
    const mode = c.req.query("mode") === "redirect" ? "redirect" : "iframe";
    const parentOrigin = c.req.query("parentOrigin");
    // IMP.request_pay's `language` ("ko", "en", "zh"): English for "en", Korean otherwise.
    const lang: WindowLang = request.language === "en" ? "en" : "ko";
    const settings = {
      mode,
      parentOrigin: parentOrigin && /^(https?:\/\/[^/]+|null)$/.test(parentOrigin) ? parentOrigin : undefined,
      lang,
    };
    const title = windowText(lang, request.pay_method === "vbank" ? "vaTitle" : "title");
    return c.html(page({ title, lang, body: windowBody(request, settings), scripts: ["/assets/v1-window.js"] }));
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
  const amount = typeof request.amount === "number" ? request.amount : 0;
  const currency = typeof request.currency === "string" ? request.currency : "KRW";
  const tampered = v1TamperedAmount(amount);
  const vbank = request.pay_method === "vbank";
  const row = (label: string, value: unknown, className?: string) =>
    html`<dt>${label}</dt><dd${className ? html` class="${className}"` : ""}>${String(value ?? "—")}</dd>`;
  const buttons = (vbank ? VIRTUAL_ACCOUNT_BUTTONS : V1_WINDOW_BUTTONS).map(({ action, outcome, label }) => {
    const extra = action === "tamper" ? html` data-amount-paid="${tampered}"` : "";
    const what = t(vbank ? "tamperAccount" : "tamperCharge").replace("{amount}", formatMajor(tampered, currency, lang));
    const text = action === "tamper" ? `${pick(label)} (${what})` : pick(label);
    const primary = action === (vbank ? "virtual-account" : "pay");
    const kind = primary ? html` class="primary"` : action === "close" ? html` class="secondary"` : "";
    return html`<button type="button"${kind} data-action="${action}" data-outcome="${outcome}"${extra}>${text}</button>\n`;
  });
  return html`<main class="window" aria-labelledby="window-title">
<h1 id="window-title">${t(vbank ? "vaTitle" : "title")} (V1)</h1>
<dl class="summary">
${row(pick(V1_TEXT.impCode), request.imp_code)}
${row(t("orderName"), request.name)}
${row(t("buyer"), request.buyer_name)}
${row(t("amount"), formatMajor(amount, currency, lang), "amount")}
${row(t("payMethod"), request.pay_method)}
${row(pick(V1_TEXT.merchantUid), request.merchant_uid, "mono")}
</dl>
${vbank ? html`<p class="note">${t("vaNote")}</p>` : ""}
<div class="actions" role="group" aria-label="${t("choices")}">
${buttons}</div>
<p id="window-status" role="status" aria-live="polite"></p>
</main>
${jsonScript("portone-request", request)}
${jsonScript("portone-window", settings)}`;
}

/** V1 amounts are already in major units (USD 14.2 is $14.20). */
function formatMajor(amount: number, currency: string, lang: WindowLang): string {
  try {
    return new Intl.NumberFormat(lang === "en" ? "en-US" : "ko-KR", { style: "currency", currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

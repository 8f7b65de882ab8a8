import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { html } from "hono/html";
import { type Html, jsonScript, page } from "../html.ts";
import { decodeWindowRequest, PAGE_CSP } from "../window.ts";

/** The V1 window's buttons: `data-action` and the outcome each reports to `/_emulator/v1/payments`. */
export const V1_WINDOW_BUTTONS = [
  { action: "pay", outcome: "PAID", label: "결제하기" },
  { action: "decline", outcome: "FAILED", label: "카드 거절" },
  { action: "virtual-account", outcome: "VIRTUAL_ACCOUNT_ISSUED", label: "가상계좌 발급" },
  { action: "tamper", outcome: "PAID", label: "금액 조작" },
  { action: "close", outcome: "CANCELLED_BY_USER", label: "닫기" },
] as const;

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
    const settings = {
      mode,
      parentOrigin: parentOrigin && /^(https?:\/\/[^/]+|null)$/.test(parentOrigin) ? parentOrigin : undefined,
    };
    return c.html(page({ title: "결제하기", body: windowBody(request, settings), scripts: ["/assets/v1-window.js"] }));
  });
  return routes;
}

function windowBody(
  request: Record<string, unknown>,
  settings: { mode: string; parentOrigin?: string | undefined },
): Html {
  const amount = typeof request.amount === "number" ? request.amount : 0;
  const currency = typeof request.currency === "string" ? request.currency : "KRW";
  const tampered = v1TamperedAmount(amount);
  const row = (label: string, value: unknown, className?: string) =>
    html`<dt>${label}</dt><dd${className ? html` class="${className}"` : ""}>${String(value ?? "—")}</dd>`;
  const buttons = V1_WINDOW_BUTTONS.map(({ action, outcome, label }) => {
    const extra = action === "tamper" ? html` data-amount-paid="${tampered}"` : "";
    const text = action === "tamper" ? `${label} (${formatMajor(tampered, currency)} 결제)` : label;
    const kind = action === "pay" ? html` class="primary"` : action === "close" ? html` class="secondary"` : "";
    return html`<button type="button"${kind} data-action="${action}" data-outcome="${outcome}"${extra}>${text}</button>\n`;
  });
  return html`<main class="window" aria-labelledby="window-title">
<h1 id="window-title">결제하기 (V1)</h1>
<dl class="summary">
${row("가맹점 식별코드", request.imp_code)}
${row("주문명", request.name)}
${row("구매자", request.buyer_name)}
${row("결제 금액", formatMajor(amount, currency), "amount")}
${row("결제 수단", request.pay_method)}
${row("주문번호", request.merchant_uid, "mono")}
</dl>
<div class="actions" role="group" aria-label="쇼핑객의 선택">
${buttons}</div>
<p id="window-status" role="status" aria-live="polite"></p>
</main>
${jsonScript("portone-request", request)}
${jsonScript("portone-window", settings)}`;
}

/** V1 amounts are already in major units (USD 14.2 is $14.20). */
function formatMajor(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("ko-KR", { style: "currency", currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

import { Hono } from "hono";
import { html } from "hono/html";
import { formatAmount, type Html, jsonScript, page } from "./html.ts";

/** The buttons of the payment window: `data-action` and the outcome each one reports. */
export const WINDOW_BUTTONS = [
  { action: "pay", outcome: "PAID", label: "결제하기" },
  { action: "decline", outcome: "FAILED", label: "카드 거절" },
  { action: "virtual-account", outcome: "VIRTUAL_ACCOUNT_ISSUED", label: "가상계좌 발급" },
  { action: "pending", outcome: "PAY_PENDING", label: "승인 대기" },
  { action: "tamper", outcome: "PAID", label: "금액 조작" },
  { action: "close", outcome: "CANCELLED_BY_USER", label: "닫기" },
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
    const mode = c.req.query("mode") === "redirect" ? "redirect" : "iframe";
    const parentOrigin = originOrUndefined(c.req.query("parentOrigin"));
    return c.html(
      page({ title: "결제하기", body: windowBody(request, { mode, parentOrigin }), scripts: ["/assets/window.js"] }),
    );
  });
  return routes;
}

function windowBody(request: Record<string, unknown>, settings: { mode: string; parentOrigin?: string }): Html {
  const total = typeof request.totalAmount === "number" ? request.totalAmount : 0;
  const currency = typeof request.currency === "string" ? request.currency.replace(/^CURRENCY_/, "") : "KRW";
  const tampered = tamperedAmount(total);
  const buyer = buyerName(request.customer);
  const row = (label: string, value: unknown, className?: string) =>
    html`<dt>${label}</dt><dd${className ? html` class="${className}"` : ""}>${String(value ?? "—")}</dd>`;
  const buttons = WINDOW_BUTTONS.map(({ action, outcome, label }) => {
    const extra = action === "tamper" ? html` data-amount-paid="${tampered}"` : "";
    const text = action === "tamper" ? `${label} (${formatAmount(tampered, currency)} 결제)` : label;
    const kind = action === "pay" ? html` class="primary"` : action === "close" ? html` class="secondary"` : "";
    return html`<button type="button"${kind} data-action="${action}" data-outcome="${outcome}"${extra}>${text}</button>\n`;
  });
  return html`<main class="window" aria-labelledby="window-title">
<h1 id="window-title">결제하기</h1>
<dl class="summary">
${row("상점 아이디", request.storeId)}
${row("주문명", request.orderName)}
${buyer === undefined ? "" : row("구매자", buyer)}
${row("결제 금액", formatAmount(total, currency), "amount")}
${row("결제 수단", request.payMethod)}
${row("결제 아이디", request.paymentId, "mono")}
</dl>
<div class="actions" role="group" aria-label="쇼핑객의 선택">
${buttons}</div>
<p id="window-status" role="status" aria-live="polite"></p>
</main>
${jsonScript("portone-request", request)}
${jsonScript("portone-window", settings)}`;
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

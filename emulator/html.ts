import { html, raw } from "hono/html";

/**
 * The emulator's pages are built with Hono's `html` tagged template: every interpolated value is
 * escaped unless it is itself a template (or `raw()`, kept for markup that is safe by
 * construction, such as {@link jsonScript}).
 */

/** What an `html` template evaluates to; nest it in another template or pass it to `c.html`. */
export type Html = ReturnType<typeof html>;

/** The label on every page the emulator shows, so nobody mistakes it for PortOne. */
export const EMULATOR_LABEL = "PortOne 에뮬레이터 · TEST";

/**
 * `<script type="application/json" id="...">` holding `value`. A script element's text is not
 * entity-decoded, so the JSON is made safe instead of escaped: no `</script>`, no `<!--`.
 *
 * @example
 * ```ts
 * html`<main>…</main>${jsonScript("portone-request", request)}`;
 * ```
 */
export function jsonScript(id: string, value: unknown): Html {
  const json = JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
  return html`<script type="application/json" id="${id}">${raw(json)}</script>`;
}

/**
 * An amount in its currency, as a Korean (or with `lang: "en"` an American) shopper reads it:
 * `formatAmount(39000, "KRW")` is `₩39,000`. Amounts are in the currency's minor unit (KRW 1,
 * USD 100), as PortOne's are.
 */
export function formatAmount(amount: number, currency: string, lang: "ko" | "en" = "ko"): string {
  const locale = lang === "en" ? "en-US" : "ko-KR";
  try {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 0;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${amount.toLocaleString(locale)} ${currency}`;
  }
}

/**
 * A complete page with the emulator's stylesheet, label and `body`.
 *
 * @example
 * ```ts
 * c.html(page({ title: "대시보드", body: html`<main>${orderName}</main>`, scripts: ["/assets/dashboard.js"] }));
 * ```
 */
export function page(input: { title: string; body: Html; scripts?: string[]; lang?: "ko" | "en" }): Html {
  const scripts = (input.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  const lang = input.lang ?? "ko";
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${input.title} · ${EMULATOR_LABEL}</title>
<link rel="stylesheet" href="/assets/emulator.css">
${scripts}
</head>
<body>
<p class="badge" role="note">${EMULATOR_LABEL}: ${lang === "en" ? "not a real payment" : "실제 결제가 아닙니다"}</p>
${input.body}
</body>
</html>`;
}

/** The label on every page the emulator shows, so nobody mistakes it for PortOne. */
export const EMULATOR_LABEL = "PortOne 에뮬레이터 · TEST";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** JSON safe to embed in `<script type="application/json">` (no `</script>`, no `<!--`). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/**
 * An amount in its currency, as a Korean shopper reads it: `formatAmount(39000, "KRW")` is
 * `₩39,000`. Amounts are in the currency's minor unit (KRW 1, USD 100), as PortOne's are.
 */
export function formatAmount(amount: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat("ko-KR", { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 0;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${amount.toLocaleString("ko-KR")} ${currency}`;
  }
}

/** A complete page with the emulator's stylesheet, label and `body` (already escaped HTML). */
export function page(input: { title: string; body: string; scripts?: string[] }): string {
  const scripts = (input.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join("");
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)} · ${EMULATOR_LABEL}</title>
<link rel="stylesheet" href="/assets/emulator.css">
${scripts}
</head>
<body>
<p class="badge" role="note">${EMULATOR_LABEL}: 실제 결제가 아닙니다</p>
${input.body}
</body>
</html>`;
}

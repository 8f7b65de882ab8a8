/**
 * The demo shop: a static site on its own origin, as a merchant's would be. It loads the
 * drop-in script from the worker with one classic `<script src>` tag (and, with the
 * emulator, PortOne's stand-in SDK first). Product cards come from catalog.json; the prices
 * on them are the elements' own, from the worker's `GET /api/catalog`. A product that ships
 * (`"shipping": true`) is sold with a shipping form the element reads (`form="<id>"`).
 * A switch (한국어 / English) links to `?lang=ko|en`, which renders the page and the elements in
 * that language and is remembered in a cookie for the next visit without `?lang=`.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { html } from "hono/html";
import { loadCatalog } from "./catalog.ts";
import { ROOT } from "./wrangler-env.ts";

const DEMO = join(ROOT, "demo");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** The page's own words, `[Korean, English]`; the elements speak for themselves (`locale`). */
const words = {
  title: ["데모샵 · portone-checkout", "Demo shop · portone-checkout"],
  shop: ["포트원 데모샵", "PortOne demo shop"],
  intro: [
    "상점과 다른 오리진의 정적 사이트입니다. 아래 버튼 하나하나가 <portone-checkout>이고, 가격은 워커가 매기고 결제는 워커가 검증합니다.",
    "A static site on its own origin. Each button below is one <portone-checkout>; the worker prices the order and verifies the payment.",
  ],
  events: ["이 페이지의 이벤트:", "Events on this page:"],
  language: ["언어", "Language"],
  dashboard: ["에뮬레이터 대시보드", "emulator dashboard"],
  live: ["PortOne 테스트 채널 · 실제 PortOne API", "PortOne test channel · real PortOne API"],
  emulator: [
    "PortOne 에뮬레이터 모드 · 실제 결제는 일어나지 않습니다",
    "PortOne emulator mode · no real payment is made",
  ],
  va: ["가상계좌로 결제", "Bank transfer"],
  redirect: ["리디렉션으로 결제", "Pay with redirect"],
  shipTo: ["배송지", "Ship to"],
  name: ["받는 분", "Name"],
  phone: ["휴대폰 번호", "Mobile phone"],
  email: ["이메일 (선택)", "Email (optional)"],
  postcode: ["우편번호 (5자리)", "Postcode (5 digits)"],
  address1: ["주소", "Address"],
  address2: ["상세 주소 (선택)", "Address line 2 (optional)"],
  note: ["배송 메모 (선택)", "Delivery note (optional)"],
} as const;

/**
 * A shipping form with the field names `<portone-checkout form>` reads, checked by the browser
 * with the worker's own limits (worker/routes/schemas.ts), so what passes here is not refused there.
 */
function shippingForm(id: string, t: (key: keyof typeof words) => string) {
  const field = (name: string, attrs: ReturnType<typeof html>) =>
    html`<label>${t(name as keyof typeof words)}<input name="${name}" ${attrs} /></label>`;
  return html`<form class="ship" id="${id}">
        <fieldset>
          <legend>${t("shipTo")}</legend>
          ${field("name", html`required autocomplete="shipping name" maxlength="60"`)}
          ${field("phone", html`required type="tel" autocomplete="shipping tel" pattern="[0-9+\\- ]{6,20}"`)}
          ${field("email", html`type="email" autocomplete="email" maxlength="254"`)}
          ${field("postcode", html`required autocomplete="shipping postal-code" inputmode="numeric" pattern="\\d{5}" maxlength="5"`)}
          ${field("address1", html`required autocomplete="shipping address-line1" maxlength="200"`)}
          ${field("address2", html`autocomplete="shipping address-line2" maxlength="200"`)}
          ${field("note", html`maxlength="200"`)}
        </fieldset>
      </form>`;
}

/** Renders demo/index.html for the given worker and emulator, in Korean or (`lang: "en"`) English. */
export function renderShop(
  workerUrl: string,
  emulatorUrl: string | null,
  catalogFile = join(ROOT, "catalog.json"),
  lang: "ko" | "en" = "ko",
  version: "V1" | "V2" = "V2",
): string {
  const t = (key: keyof typeof words) => words[key][lang === "en" ? 1 : 0];
  // The locale, and on V1 the hint that preloads V1's window while the shopper reads.
  const locale = html`${lang === "en" ? html` locale="en"` : ""}${version === "V1" ? html` portone-version="V1"` : ""}`;
  const catalog = loadCatalog(catalogFile);
  const raw = JSON.parse(readFileSync(catalogFile, "utf8")) as { products: { id: string; description?: string }[] };
  const descriptions = new Map(raw.products.map((p) => [p.id, p.description ?? ""]));
  const cards = Object.values(catalog.products)
    .filter((p) => p.active)
    .map((p, i) => {
      // A product that ships is sold with its shipping form; the first also by virtual account,
      // the last (if it does not ship) also with PortOne's redirect window.
      const form = p.shipping ? `ship-${p.id}` : "";
      const extra =
        i === 0
          ? html`\n      <portone-checkout product="${p.id}" pay-method="VIRTUAL_ACCOUNT" hide-price${locale}>${t("va")}</portone-checkout>`
          : i === 3 && !form
            ? html`\n      <portone-checkout product="${p.id}" window-type="REDIRECTION" hide-price${locale}>${t("redirect")}</portone-checkout>`
            : "";
      return html`<article class="card" data-product="${p.id}">
      <div class="art" aria-hidden="true">${["👕", "☕", "👜", "✨"][i % 4]}</div>
      <h2>${p.name}</h2>
      <p class="desc">${descriptions.get(p.id) ?? ""}</p>
      ${form ? shippingForm(form, t) : ""}
      <portone-checkout product="${p.id}"${form ? html` form="${form}"` : ""}${locale}></portone-checkout>${extra}
    </article>`;
    });
  // The emulator's stand-in for PortOne's browser SDK: V2's, or V1's `window.IMP` (iamport.js).
  const emulatorScript = emulatorUrl
    ? version === "V1"
      ? html`<script src="${emulatorUrl}/sdk/v1/iamport.js"></script>`
      : html`<script src="${emulatorUrl}/sdk/browser-sdk.js"></script>`
    : "";
  const banner = emulatorUrl
    ? html`<p class="banner">${t("emulator")}${version === "V1" ? " · PortOne V1 (iamport)" : ""} · <a href="${emulatorUrl}/" target="_blank" rel="noopener">${t("dashboard")}</a></p>`
    : html`<p class="banner live">${t("live")}</p>`;
  // Plain links, so the switch works without script and each language has its own address.
  const language = (code: "ko" | "en", name: string) =>
    html`<a href="?lang=${code}" hreflang="${code}" lang="${code}"${code === lang ? html` aria-current="true"` : ""}>${name}</a>`;
  const languageSwitch = html`<nav class="lang" aria-label="${t("language")}">${language("ko", "한국어")}${language("en", "English")}</nav>`;
  // The intro names the element as code: escape it, then set the tag name in <code>.
  const intro = String(html`${t("intro")}`).replace(
    "&lt;portone-checkout&gt;",
    "<code>&lt;portone-checkout&gt;</code>",
  );
  // demo/index.html is a static file with {{...}} slots; each slot is filled with escaped markup.
  return readFileSync(join(DEMO, "index.html"), "utf8")
    .replace('<html lang="ko">', `<html lang="${lang}">`)
    .replaceAll("{{TITLE}}", String(html`${t("title")}`))
    .replaceAll("{{SHOP}}", String(html`${t("shop")}`))
    .replaceAll("{{LANGUAGE_SWITCH}}", String(languageSwitch))
    .replaceAll("{{INTRO}}", intro)
    .replaceAll("{{EVENTS}}", String(html`${t("events")}`))
    .replaceAll("{{EMULATOR_SCRIPT}}", String(emulatorScript))
    .replaceAll("{{WORKER_URL}}", String(html`${workerUrl}`))
    .replaceAll("{{BANNER}}", String(banner))
    .replaceAll("{{PRODUCTS}}", cards.join("\n    "));
}

const LANG_COOKIE = "demo-lang";

/**
 * The shop's language: `?lang=` when given, else the one remembered in the `demo-lang` cookie,
 * else Korean (never the browser's language, so a page opened without a choice is the Korean shop).
 */
export function pickLang(query: string | null, cookieHeader: string | undefined): "ko" | "en" {
  if (query !== null) return query === "en" ? "en" : "ko";
  const remembered = cookieHeader?.match(/(?:^|;\s*)demo-lang=(ko|en)(?:;|$)/)?.[1];
  return remembered === "en" ? "en" : "ko";
}

/** Serves the demo shop on 127.0.0.1:port. */
export function startShop(options: {
  port: number;
  workerUrl: string;
  emulatorUrl: string | null;
  catalogFile?: string | undefined;
  version?: "V1" | "V2";
}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/" || url.pathname === "/index.html") {
      const lang = pickLang(url.searchParams.get("lang"), req.headers.cookie);
      res.writeHead(200, {
        "content-type": TYPES[".html"] as string,
        "cache-control": "no-store",
        // Remember the shopper's choice for a visit without ?lang= (one year, this site only).
        ...(url.searchParams.has("lang")
          ? { "set-cookie": `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax` }
          : {}),
      });
      res.end(renderShop(options.workerUrl, options.emulatorUrl, options.catalogFile, lang, options.version));
      return;
    }
    const path = normalize(join(DEMO, url.pathname));
    if (!path.startsWith(DEMO)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

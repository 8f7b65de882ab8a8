/**
 * The demo shop: a static site on its own origin, as a merchant's would be. It loads the
 * drop-in script from the worker with one classic `<script src>` tag (and, with the
 * emulator, PortOne's stand-in SDK first). Product cards come from catalog.json.
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

function price(amount: number, currency: string) {
  return new Intl.NumberFormat("ko-KR", { style: "currency", currency }).format(
    currency === "KRW" || currency === "JPY" ? amount : amount / 100,
  );
}

/** Renders demo/index.html for the given worker and emulator. */
export function renderShop(
  workerUrl: string,
  emulatorUrl: string | null,
  catalogFile = join(ROOT, "catalog.json"),
): string {
  const catalog = loadCatalog(catalogFile);
  const raw = JSON.parse(readFileSync(catalogFile, "utf8")) as { products: { id: string; description?: string }[] };
  const descriptions = new Map(raw.products.map((p) => [p.id, p.description ?? ""]));
  const cards = Object.values(catalog.products)
    .filter((p) => p.active)
    .map((p, i) => {
      const extra =
        i === 0
          ? html`\n      <portone-checkout product="${p.id}" pay-method="VIRTUAL_ACCOUNT">가상계좌로 결제</portone-checkout>`
          : i === 2
            ? html`\n      <portone-checkout product="${p.id}" window-type="REDIRECTION">리디렉션으로 결제</portone-checkout>`
            : "";
      return html`<article class="card" data-product="${p.id}">
      <div class="art" aria-hidden="true">${["👕", "☕", "👜", "✨"][i % 4]}</div>
      <h2>${p.name}</h2>
      <p class="desc">${descriptions.get(p.id) ?? ""}</p>
      <p class="price">${price(p.amount, p.currency)}</p>
      <portone-checkout product="${p.id}"></portone-checkout>${extra}
    </article>`;
    });
  const emulatorScript = emulatorUrl ? html`<script src="${emulatorUrl}/sdk/browser-sdk.js"></script>` : "";
  const banner = emulatorUrl
    ? html`<p class="banner">PortOne 에뮬레이터 모드 · 실제 결제는 일어나지 않습니다 · <a href="${emulatorUrl}/" target="_blank" rel="noopener">emulator dashboard</a></p>`
    : html`<p class="banner live">PortOne test channel · real PortOne API</p>`;
  // demo/index.html is a static file with {{...}} slots; each slot is filled with escaped markup.
  return readFileSync(join(DEMO, "index.html"), "utf8")
    .replaceAll("{{EMULATOR_SCRIPT}}", String(emulatorScript))
    .replaceAll("{{WORKER_URL}}", String(html`${workerUrl}`))
    .replaceAll("{{BANNER}}", String(banner))
    .replaceAll("{{PRODUCTS}}", cards.join("\n    "));
}

/** Serves the demo shop on 127.0.0.1:port. */
export function startShop(options: {
  port: number;
  workerUrl: string;
  emulatorUrl: string | null;
  catalogFile?: string | undefined;
}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/" || url.pathname === "/index.html") {
      res.writeHead(200, { "content-type": TYPES[".html"] as string, "cache-control": "no-store" });
      res.end(renderShop(options.workerUrl, options.emulatorUrl, options.catalogFile));
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

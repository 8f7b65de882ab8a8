/**
 * Shared setup for the `<portone-checkout>` browser tests: the built drop-in script, a real
 * Chromium, a fake worker (the three API endpoints, with CORS, on its own origin) and a page
 * server on another origin whose pages load the drop-in through a classic `<script src>`.
 *
 * In the pages, `window.PortOne` is a stub defined before the drop-in script, so the SDK loader
 * uses it instead of the CDN; it records what `requestPayment` received in `window.__portone`.
 * For PortOne V1, a page can have a `window.IMP` stub instead (`imp`), which records `IMP.init`
 * and `IMP.request_pay` in `window.__imp`.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { CheckoutItem, CreatedOrder, CreatedOrderV1, PublicCatalog, PublicOrder } from "../../contract/api.ts";
import { launchChromium } from "../../scripts/chromium.ts";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const bundlePath = join(root, "dist/assets/portone-checkout.js");
/** The virtual-account panel, built by the same `vite build` and loaded by the element on demand. */
export const panelPath = join(root, "dist/assets/portone-checkout-va.js");
/** The receipt, built by the same `vite build` and loaded by the element once there is one to show. */
export const receiptPath = join(root, "dist/assets/portone-checkout-receipt.js");
/** PortOne V1's payment window, built by the same `vite build` and loaded by the element for a V1 order. */
export const v1WindowPath = join(root, "dist/assets/portone-checkout-v1.js");

function newestSource(): number {
  const dir = join(root, "widget");
  const times = readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => statSync(join(dir, name)).mtimeMs);
  return Math.max(statSync(join(root, "vite.config.ts")).mtimeMs, ...times);
}

export const esmPath = join(root, "dist/widget/portone-checkout.mjs");

/**
 * Builds the drop-in script (and with `esm`, the ES module) unless the output is newer than
 * every widget source, so it builds once per run.
 */
export async function buildWidget({ esm = false } = {}): Promise<void> {
  const newest = newestSource();
  const builds: [string[], string[]][] = [[[bundlePath, panelPath, receiptPath, v1WindowPath], []]];
  if (esm) builds.push([[esmPath], ["--mode", "esm"]]);
  for (const [outputs, args] of builds) {
    if (outputs.every((output) => existsSync(output) && statSync(output).mtimeMs >= newest)) continue;
    await promisify(execFile)(
      process.execPath,
      [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error", ...args],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production" },
      },
    );
  }
}

/** Debian's Chromium, headless, without background traffic. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(text);
      }
    });
  });
}

/** An order the fake worker created. */
export type FakeOrder = CreatedOrder & { items: CheckoutItem[] };

/**
 * What a fake endpoint answers: a status and a JSON body, or `'network-error'` to make the
 * browser's `fetch` reject (the answer lacks the CORS header, which the page cannot tell apart
 * from a dropped connection; cutting the socket instead lets Chromium retry on its own).
 */
export type FakeAnswer = { status: number; body: unknown } | "network-error";

/** One request the fake worker received. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  origin?: string;
}

/** Stores an order in the fake worker as if `POST /api/orders` had created it. */
export function seedOrder(worker: FakeWorker, paymentId: string, overrides: Partial<FakeOrder> = {}): FakeOrder {
  const order: FakeOrder = {
    paymentId,
    orderName: "Black T-shirt (M)",
    totalAmount: 39000,
    currency: "KRW",
    storeId: "store-test-0000",
    channelKey: "channel-key-test-card",
    payMethod: "CARD",
    items: [{ productId: "tshirt-black-m", quantity: 1 }],
    ...overrides,
  };
  worker.orders.set(paymentId, order);
  return order;
}

/** The public state of an order, as the real worker answers it. */
export function publicState(order: FakeOrder, status: string, extra: Record<string, unknown> = {}) {
  const state: Omit<PublicOrder, "status"> & { status: string } = {
    paymentId: order.paymentId,
    status,
    orderName: order.orderName,
    totalAmount: order.totalAmount,
    currency: order.currency,
    items: order.items.map((item) => ({ ...item, name: "Black T-shirt (M)", unitAmount: 39000 })),
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
  // Tests add fields the contract does not know (the element must ignore them) or leave some out.
  return { ...state, ...extra };
}

/**
 * A stand-in for the worker: `POST /api/orders`, `POST /api/payments/complete`,
 * `GET /api/orders/:paymentId`, `GET /api/catalog`, the drop-in script at `/portone-checkout.js`,
 * the virtual-account panel at `/portone-checkout-va.js` and the receipt at
 * `/portone-checkout-receipt.js`. Each endpoint's answer can be replaced per test; every API
 * request is recorded, and every request for the on-demand scripts.
 */
export interface FakeWorker {
  url: string;
  requests: RecordedRequest[];
  orders: Map<string, FakeOrder>;
  /** Answers `POST /api/orders` (default: 201 with a new order at 39,000 KRW a line). */
  createOrder: (body: any, order: FakeOrder) => FakeAnswer;
  /** Answers `POST /api/payments/complete` (default: 200 PAID). */
  complete: (body: any, order: FakeOrder | undefined) => FakeAnswer;
  /** Answers `GET /api/orders/:paymentId` (default: 200 PAID). */
  getOrder: (paymentId: string, order: FakeOrder | undefined) => FakeAnswer;
  /** Answers `GET /api/catalog` (default: {@link fakeCatalog}). */
  catalog: FakeAnswer;
  /** Requests for `/portone-checkout-va.js`. */
  panelLoads: number;
  /** Requests for `/portone-checkout-receipt.js`. */
  receiptLoads: number;
  /** Requests for `/portone-checkout-v1.js`. */
  v1Loads: number;
  /** Requests for the other on-demand scripts, by path (`/portone-checkout-errors.js`, ...). */
  scriptLoads: Record<string, number>;
  /** CORS preflights (`OPTIONS`) the browser sent, by path: a purchase should send none. */
  preflights: string[];
  /** Requests to one endpoint, e.g. `calls('POST', '/api/orders')`. */
  calls(method: string, path: string): RecordedRequest[];
  close(): Promise<void>;
}

/** The fake worker's catalog: every product the tests sell, at the fake's 39,000 KRW a line. */
export const fakeCatalog = {
  products: ["tshirt-black-m", "mug", "hat-red"].map((id) => ({
    id,
    name: "Black T-shirt (M)",
    amount: 39000,
    currency: "KRW",
    available: true,
    shipping: false,
  })),
} satisfies PublicCatalog;

const notFound: FakeAnswer = { status: 404, body: { code: "ORDER_NOT_FOUND", message: "No such order" } };

export async function startFakeWorker(): Promise<FakeWorker> {
  let counter = 0;
  const worker: FakeWorker = {
    url: "",
    requests: [],
    orders: new Map(),
    createOrder: (_body, order) => ({ status: 201, body: order }),
    complete: (_body, order) =>
      order ? { status: 200, body: publicState(order, "PAID", { paidAt: "2026-01-01T00:00:00.000Z" }) } : notFound,
    getOrder: (_id, order) =>
      order ? { status: 200, body: publicState(order, "PAID", { paidAt: "2026-01-01T00:00:00.000Z" }) } : notFound,
    catalog: { status: 200, body: fakeCatalog },
    panelLoads: 0,
    receiptLoads: 0,
    v1Loads: 0,
    scriptLoads: {},
    preflights: [],
    calls: (method, path) => worker.requests.filter((r) => r.method === method && r.path === path),
    close: () => close(server),
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("vary", "origin");
    if (req.method === "OPTIONS") {
      worker.preflights.push(url.pathname);
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "content-type, accept",
        "access-control-max-age": "600",
      });
      return res.end();
    }
    if (req.method === "GET" && url.pathname === "/portone-checkout.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return res.end(readFileSync(bundlePath));
    }
    if (req.method === "GET" && url.pathname === "/portone-checkout-va.js") {
      worker.panelLoads++;
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return res.end(readFileSync(panelPath));
    }
    if (req.method === "GET" && url.pathname === "/portone-checkout-receipt.js") {
      worker.receiptLoads++;
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return res.end(readFileSync(receiptPath));
    }
    if (req.method === "GET" && url.pathname === "/portone-checkout-v1.js") {
      worker.v1Loads++;
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return res.end(readFileSync(v1WindowPath));
    }
    const script = /^\/portone-checkout-[\w]+\.js$/.test(url.pathname) && join(root, "dist/assets", url.pathname);
    if (req.method === "GET" && script && existsSync(script)) {
      worker.scriptLoads[url.pathname] = (worker.scriptLoads[url.pathname] ?? 0) + 1;
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return res.end(readFileSync(script));
    }
    const body = await readBody(req);
    worker.requests.push({ method: req.method ?? "", path: url.pathname, body, origin: req.headers.origin });

    let answer: FakeAnswer = notFound;
    if (req.method === "POST" && url.pathname === "/api/orders") {
      const request = body as { items: FakeOrder["items"]; payMethod?: string; customer?: Record<string, string> };
      const order: FakeOrder = {
        paymentId: `pay${String(++counter).padStart(4, "0")}test`,
        orderName: "Black T-shirt (M)",
        totalAmount: 39000 * request.items.reduce((sum, item) => sum + item.quantity, 0),
        currency: "KRW",
        storeId: "store-test-0000",
        channelKey: "channel-key-test-card",
        payMethod: request.payMethod ?? "CARD",
        items: request.items,
        ...(request.customer ? { customer: request.customer } : {}),
      };
      answer = worker.createOrder(request, order);
      if (answer !== "network-error" && answer.status === 201) worker.orders.set(order.paymentId, order);
    } else if (req.method === "POST" && url.pathname === "/api/payments/complete") {
      const paymentId = (body as { paymentId?: string }).paymentId ?? "";
      answer = worker.complete(body, worker.orders.get(paymentId));
    } else if (req.method === "GET" && url.pathname === "/api/catalog") {
      answer = worker.catalog;
    } else if (req.method === "GET" && url.pathname.startsWith("/api/orders/")) {
      const paymentId = decodeURIComponent(url.pathname.slice("/api/orders/".length));
      answer = worker.getOrder(paymentId, worker.orders.get(paymentId));
    }
    if (answer === "network-error") {
      res.removeHeader("access-control-allow-origin");
      answer = { status: 200, body: {} };
    }
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  worker.url = await listen(server);
  return worker;
}

/** Serves test pages from `localhost` (another origin than the fake worker's `127.0.0.1`). */
export interface PageServer {
  /** The origin, e.g. `http://localhost:1234`. */
  url: string;
  /** Serves `html` at `path` (any query string). */
  set(path: string, html: string): void;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    // Modules for the ESM build test: the build itself and its dependencies.
    if (/^\/(dist\/widget|node_modules)\/[\w@./-]+\.m?js$/.test(path) && !path.includes("..")) {
      const file = join(root, path);
      if (existsSync(file)) {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
        return res.end(readFileSync(file));
      }
    }
    if (path === "/favicon.ico") return res.writeHead(204).end();
    const html = pages.get(path);
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html ?? "not found");
  });
  const url = (await listen(server)).replace("127.0.0.1", "localhost");
  return { url, set: (path, html) => pages.set(path, html), close: () => close(server) };
}

/** Options of {@link checkoutPage}. */
export interface PageOptions {
  /** The elements (and anything else) in `<body>`. */
  body: string;
  /** Where the drop-in script comes from (the fake worker's `/portone-checkout.js`). */
  script: string;
  /**
   * JavaScript for `window.__portone.respond(request)`, what the stub's `requestPayment` returns
   * (may throw). Default: success. `null`: no stub at all, the SDK loader goes to the CDN.
   */
  respond?: string | null;
  /** Load the drop-in script twice. */
  scriptTwice?: boolean;
  /** Replaces the drop-in `<script src>` (e.g. an import map and a module script). */
  scriptTag?: string;
  /**
   * JavaScript for `window.__imp.respond(params)`: what the `window.IMP` stub's `request_pay`
   * calls back with (a task later; nothing when it returns `undefined`). Without it, no stub.
   */
  imp?: string;
}

/** The worker's answer for a merchant on PortOne V1, for the fake worker's `order`. */
export function v1Answer(order: FakeOrder): CreatedOrderV1 {
  return {
    version: "V1",
    paymentId: order.paymentId,
    orderName: order.orderName,
    totalAmount: order.totalAmount,
    currency: order.currency,
    payMethod: order.payMethod,
    impCode: "imp12345678",
    request: {
      channelKey: "channel-key-v1-card",
      pay_method: "card",
      merchant_uid: order.paymentId,
      name: order.orderName,
      amount: order.totalAmount,
      currency: order.currency,
      buyer_email: "buyer@example.com",
    },
  };
}

/** What the `window.IMP` stub recorded: `init` codes and `request_pay` params, in order. */
export function impCalls(page: Page): Promise<{ inits: string[]; requests: Record<string, unknown>[] }> {
  return page.evaluate(() => {
    const { inits, requests } = (window as any).__imp;
    return { inits, requests };
  });
}

/**
 * A shop page: records every `portone-*` event in `window.__events`, defines the PortOne stub,
 * then loads the drop-in script with a classic `<script src>` in `<head>`.
 */
export function checkoutPage({ body, script, respond, scriptTwice, scriptTag, imp }: PageOptions): string {
  const impStub = imp
    ? `<script>
  window.__imp = { inits: [], requests: [], respond: ${imp} };
  window.IMP = {
    init: (code) => window.__imp.inits.push(code),
    request_pay: (params, callback) => {
      window.__imp.requests.push(JSON.parse(JSON.stringify(params)));
      const response = window.__imp.respond(params);
      if (response) setTimeout(() => callback(response));
    },
  };
</script>`
    : "";
  const stub =
    respond === null
      ? ""
      : `<script>
  window.__portone = {
    requests: [],
    respond: ${respond ?? '(req) => ({ transactionType: "PAYMENT", txId: "tx-" + req.paymentId, paymentId: req.paymentId })'},
  };
  window.PortOne = {
    requestPayment: async (req) => {
      window.__portone.requests.push(JSON.parse(JSON.stringify(req)));
      return window.__portone.respond(req);
    },
  };
</script>`;
  const tag = scriptTag ?? `<script src="${script}"></script>`;
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>shop</title>
<script>
  window.__events = [];
  for (const type of ['portone-request', 'portone-paid', 'portone-pending', 'portone-failed']) {
    document.addEventListener(type, (e) => window.__events.push({
      type, detail: e.detail, bubbles: e.bubbles, composed: e.composed, cancelable: e.cancelable,
      target: e.target.id || e.target.localName,
    }));
  }
  // API calls: made (__fetches) and handled (__handled: the task after the body was read, so
  // the element has acted on the answer).
  window.__fetches = [];
  window.__handled = [];
  {
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      const call = (init?.method ?? 'GET') + ' ' + new URL(String(input)).pathname;
      window.__fetches.push(call);
      const response = await realFetch(input, init);
      const json = response.json.bind(response);
      response.json = () => json().finally(() => setTimeout(() => window.__handled.push(call)));
      return response;
    };
  }
  window.__errors = [];
  window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
</script>
${stub}
${impStub}
${tag}
${scriptTwice ? tag : ""}
</head><body>
${body}
</body></html>`;
}

/** A recorded `portone-*` event. */
export interface RecordedEvent {
  type: string;
  detail: any;
  bubbles: boolean;
  composed: boolean;
  cancelable: boolean;
  target: string;
}

/** Waits until `count` events of `type` were dispatched and returns all of them. */
export async function waitForEvents(page: Page, type: string, count = 1): Promise<RecordedEvent[]> {
  await page.waitForFunction(
    ([t, n]) => (window as any).__events.filter((e: { type: string }) => e.type === t).length >= (n as number),
    [type, count] as const,
  );
  return events(page, type);
}

/** The events dispatched so far (of one type, or all). */
export function events(page: Page, type?: string): Promise<RecordedEvent[]> {
  return page.evaluate((t) => (window as any).__events.filter((e: { type: string }) => !t || e.type === t), type);
}

/** The API calls the page's `fetch` made so far, as `"METHOD /path"`. */
export function fetches(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as any).__fetches);
}

/** Waits until the page has handled `count` answers to API calls starting with `prefix`. */
export async function waitForHandled(page: Page, prefix: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([p, n]) => (window as any).__handled.filter((c: string) => c.startsWith(p as string)).length >= (n as number),
    [prefix, count] as const,
  );
}

/** What the PortOne stub's `requestPayment` received, in order. */
export function paymentRequests(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(() => (window as any).__portone.requests);
}

/** Everything one test needs: a browser context, the fake worker and the page server. */
export interface Harness {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  worker: FakeWorker;
  pages: PageServer;
  /** Serves a checkout page at `path` and opens it (`query` appended to the URL). */
  open(body: string, options?: Omit<PageOptions, "body" | "script"> & { path?: string; query?: string }): Promise<Page>;
  close(): Promise<void>;
}

/** Starts a fresh context, fake worker and page server on a shared browser. */
export async function harness(browser: Browser): Promise<Harness> {
  const [worker, pages] = await Promise.all([startFakeWorker(), startPageServer()]);
  const context = await browser.newContext();
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    worker,
    pages,
    async open(body, { path = "/shop", query = "", ...options } = {}) {
      pages.set(path, checkoutPage({ body, script: `${worker.url}/portone-checkout.js`, ...options }));
      await page.goto(`${pages.url}${path}${query}`);
      await page.waitForFunction(() => customElements.get("portone-checkout") !== undefined);
      return page;
    },
    async close() {
      await context.close();
      await Promise.all([worker.close(), pages.close()]);
    },
  };
}

/**
 * Holds back the scripts matching `pattern` on `on` (a page or a whole context) until the returned
 * `release()` is called, then lets them load or fails them (`then`): an on-demand script that is
 * slow to arrive, or never does.
 *
 * @example const release = await holdScript(h.context, "**\/portone-checkout-form.js", "abort");
 */
export async function holdScript(
  on: Page | BrowserContext,
  pattern: string,
  then: "continue" | "abort",
): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await on.route(pattern, async (route) => {
    await held;
    await (then === "continue" ? route.continue() : route.abort());
  });
  return release;
}

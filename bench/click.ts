/**
 * Click to payment window, in headless Chromium: the time from the shopper's click to the
 * moment `PortOne.requestPayment` is called, and the requests made in between (read through
 * the DevTools protocol, which also shows CORS preflights that the page itself never sees).
 *
 * `window.PortOne` is a stub that records the call and never resolves. A capture-phase click
 * listener on `window` (it runs before the element's own handlers) records the click.
 * Scenarios:
 * - `firstVisit`: a fresh browser context per run (no HTTP or preflight cache), stub defined
 *   before the drop-in script loads;
 * - `sameSession`: one context, a fresh page per run, after one warm-up page;
 * - `cdnSdk`: fresh context, no stub on the page: the widget must fetch the SDK itself from
 *   `https://cdn.portone.io/v2/browser-sdk.js` (answered with the stub by the bench) while the
 *   shopper is still reading, so no SDK request may happen after the click;
 * - `sample`: PortOne's official sample page (served by the reference server): the browser
 *   picks the paymentId and amount and calls requestPayment at once.
 * The first two run `runs` times, the last two a third as often (they vary little).
 *
 * A whole first-visit purchase (`purchase`, a third as often): fresh context, and the stub's
 * `requestPayment` waits while the bench pays the request in the PortOne emulator (as the
 * emulated window would) and then resolves with the emulator's answer, so the element goes on
 * to `POST /api/payments/complete` and fires `portone-paid`. Every request from the click to
 * `portone-paid` is counted, preflights apart: the "no preflight in a purchase" goal is 0.
 *
 * @example
 * const click = await benchClick({ pageUrl, referenceUrl, runs: 30, log: console.log });
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { launchChromium } from "../scripts/chromium.ts";
import { rounded, summarize } from "./stats.ts";

const SDK_URL = "https://cdn.portone.io/v2/browser-sdk.js";
/** How long the shopper "reads" between the page being ready and the click. */
const READING_MS = 100;

const STUB_SDK = `window.PortOne = {
  requestPayment(request) {
    performance.mark("requestPayment");
    window.__bench.requestAt = performance.now();
    window.__bench.request = request;
    return new Promise(() => {});
  },
};`;

/** The purchase stub: requestPayment waits until the bench has paid and calls `__bench.resolve`. */
const PAYING_SDK = `window.PortOne = {
  requestPayment(request) {
    window.__bench.requestAt = performance.now();
    window.__bench.request = request;
    return new Promise((resolve) => { window.__bench.resolve = resolve; });
  },
};
addEventListener("portone-paid", () => { window.__bench.paidAt = performance.now(); });
addEventListener("portone-failed", (event) => { window.__bench.failed = JSON.stringify(event.detail); });`;

const RECORDER = `window.__bench = { clickAt: -1, requestAt: -1, paidAt: -1, request: null };
addEventListener("click", () => {
  if (window.__bench.clickAt < 0) {
    performance.mark("click");
    window.__bench.clickAt = performance.now();
  }
}, { capture: true });`;

export interface ClickRun {
  /** Click to requestPayment, ms. */
  ms: number;
  /** Requests the browser sent between the click and requestPayment (preflights included). */
  requests: number;
  preflights: number;
  /** Requests for the PortOne SDK after the click. */
  sdkRequests: number;
  /** Duration of the `POST /api/orders` fetch, if there was one (ms). */
  orderFetchMs: number | null;
  /** Whether window.PortOne existed before the click. */
  sdkReadyBeforeClick: boolean;
  urls: string[];
}

export type Scenario = "firstVisit" | "sameSession" | "cdnSdk" | "sample";

/** One whole first-visit purchase: click, order, window (paid in the emulator), verification. */
export interface PurchaseRun {
  /** Requests from the click to `portone-paid`, preflights included. */
  requests: number;
  preflights: number;
  /** Of those, between the click and requestPayment. */
  requestsBeforeWindow: number;
  preflightsBeforeWindow: number;
  /** Click to `portone-paid`, ms (includes the bench paying in the emulator). */
  ms: number;
  urls: string[];
}

export interface ClickFigures {
  browser: string;
  runs: Record<Scenario, ClickRun[]>;
}

interface Seen {
  url: string;
  method: string;
  preflight: boolean;
  at: number;
}

/** A fresh page whose every request (CORS preflights too) is recorded through the DevTools protocol. */
async function recordedPage(context: BrowserContext): Promise<{ page: Page; seen: Seen[]; cdp: CDPSession }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const seen: Seen[] = [];
  cdp.on("Network.requestWillBeSent", (event) => {
    seen.push({
      url: event.request.url,
      method: event.request.method,
      preflight: event.initiator?.type === "preflight",
      at: performance.now(),
    });
  });
  await cdp.send("Network.enable");
  return { page, seen, cdp };
}

/** Navigates, waits until the page is ready to pay, "reads", clicks, and measures. */
async function measure(
  context: BrowserContext,
  url: string,
  ready: (page: Page) => Promise<void>,
  button: string,
): Promise<ClickRun> {
  const { page, seen, cdp } = await recordedPage(context);
  await page.goto(url);
  await ready(page);
  await page.waitForTimeout(READING_MS);
  const sdkReadyBeforeClick = await page.evaluate(() => Boolean((window as { PortOne?: unknown }).PortOne));
  // Playwright's routing intercepts every request (and turns off caches): off before the click,
  // unless the SDK is still missing and must come from the stubbed CDN.
  if (sdkReadyBeforeClick) await context.unrouteAll();
  const clickedAt = performance.now();
  await page.locator(button).click();
  await page.waitForFunction(
    () => (window as unknown as { __bench: { requestAt: number } }).__bench.requestAt >= 0,
    null,
    {
      timeout: 30_000,
    },
  );
  const calledAt = performance.now();
  const inPage = await page.evaluate(() => {
    const bench = (window as unknown as { __bench: { clickAt: number; requestAt: number } }).__bench;
    const order = performance
      .getEntriesByType("resource")
      .find((e) => e.name.endsWith("/api/orders") && e.startTime >= bench.clickAt) as
      | PerformanceResourceTiming
      | undefined;
    return { ms: bench.requestAt - bench.clickAt, orderFetchMs: order ? order.duration : null };
  });
  const between = seen.filter((s) => s.at >= clickedAt && s.at <= calledAt);
  await cdp.detach().catch(() => {});
  await page.close();
  return {
    ms: inPage.ms,
    requests: between.length,
    preflights: between.filter((s) => s.preflight).length,
    sdkRequests: between.filter((s) => s.url.startsWith("https://cdn.portone.io/")).length,
    orderFetchMs: inPage.orderFetchMs,
    sdkReadyBeforeClick,
    urls: between.map((s) => `${s.preflight ? "OPTIONS (preflight)" : s.method} ${s.url}`),
  };
}

/**
 * A whole purchase on a fresh page: click, wait for requestPayment, pay that request in the
 * emulator from the bench (the emulated window's own call), hand its answer to the element, and
 * wait for `portone-paid`. Every request the browser sends meanwhile is read through CDP.
 */
async function measurePurchase(context: BrowserContext, url: string, emulatorUrl: string): Promise<PurchaseRun> {
  const { page, seen, cdp } = await recordedPage(context);
  await page.goto(url);
  await widgetReady(page);
  await page.waitForTimeout(READING_MS);
  const clickedAt = performance.now();
  await page.locator("portone-checkout button").click();
  type Bench = { requestAt: number; paidAt: number; clickAt: number; request: unknown; failed?: string };
  await page.waitForFunction(() => (window as unknown as { __bench: Bench }).__bench.requestAt >= 0, null, {
    timeout: 30_000,
  });
  const calledAt = performance.now();
  const request = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.request);
  const paid = await fetch(`${emulatorUrl}/_emulator/payments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...(request as object), outcome: "PAID", channelType: "LIVE" }),
  });
  const answer = (await paid.json()) as { code?: string };
  if (!paid.ok || answer.code)
    throw new Error(`emulator refused the payment: ${paid.status} ${JSON.stringify(answer)}`);
  await page.evaluate(
    (a) => (window as unknown as { __bench: { resolve(v: unknown): void } }).__bench.resolve(a),
    answer,
  );
  await page.waitForFunction(
    () => {
      const bench = (window as unknown as { __bench: Bench }).__bench;
      return bench.paidAt >= 0 || bench.failed !== undefined;
    },
    null,
    { timeout: 30_000 },
  );
  const done = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
  if (done.failed !== undefined) throw new Error(`the element reported portone-failed: ${done.failed}`);
  // Let a straggling request (there should be none) show up before counting.
  await page.waitForTimeout(50);
  const after = seen.filter((s) => s.at >= clickedAt);
  const before = after.filter((s) => s.at <= calledAt);
  await cdp.detach().catch(() => {});
  await page.close();
  return {
    requests: after.length,
    preflights: after.filter((s) => s.preflight).length,
    requestsBeforeWindow: before.length,
    preflightsBeforeWindow: before.filter((s) => s.preflight).length,
    ms: done.paidAt - done.clickAt,
    urls: after.map((s) => `${s.preflight ? "OPTIONS (preflight)" : s.method} ${s.url}`),
  };
}

const widgetReady = async (page: Page) => {
  await page.waitForFunction(() =>
    Boolean(document.querySelector("portone-checkout")?.shadowRoot?.querySelector("button")),
  );
};

async function withContext<T>(
  browser: Browser,
  setup: (context: BrowserContext) => Promise<void>,
  work: (context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext();
  try {
    await setup(context);
    return await work(context);
  } catch (error) {
    // Say which scenario failed: its set-up names it.
    throw new Error(`${setup.name}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await context.close();
  }
}

/** Stub SDK defined before any page script (as a page that includes PortOne's script first). */
async function stubbed(context: BrowserContext) {
  await context.addInitScript(RECORDER + STUB_SDK);
}

/** The same, and the CDN answered for a page that also asks for it (PortOne's sample does). */
async function stubbedWithCdn(context: BrowserContext) {
  await stubbed(context);
  await context.route(`${SDK_URL}*`, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: STUB_SDK }),
  );
}

/** A stub that lets the bench pay and then resolves, and listens for the element's outcome. */
async function paying(context: BrowserContext) {
  await context.addInitScript(RECORDER + PAYING_SDK);
}

/** Only the recorder: the SDK has to come from the (routed) CDN. */
async function fromCdn(context: BrowserContext) {
  await context.addInitScript(RECORDER);
  await context.route(`${SDK_URL}*`, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: STUB_SDK }),
  );
}

export interface ClickOptions {
  pageUrl: string;
  referenceUrl: string;
  runs: number;
  log: (line: string) => void;
}

/** Runs the first-visit and same-session scenarios `runs` times, the other two a third as often. */
export async function benchClick(options: ClickOptions): Promise<ClickFigures> {
  const browser = await launchChromium();
  const runs: ClickFigures["runs"] = { firstVisit: [], sameSession: [], cdnSdk: [], sample: [] };
  const button = "portone-checkout button";
  const sampleReady = async (page: Page) => {
    await page.waitForFunction(
      () => (document.getElementById("checkoutDialog") as HTMLDialogElement | null)?.open === true,
    );
  };
  try {
    // One throw-away page first, so that the first measured run does not pay for Chromium's warm-up.
    await withContext(browser, stubbed, (c) => measure(c, options.pageUrl, widgetReady, button));
    const sdkReady = async (page: Page) => {
      await widgetReady(page);
      // The widget preloads the SDK when idle; a shopper reads for longer than this.
      await page
        .waitForFunction(() => Boolean((window as { PortOne?: unknown }).PortOne), null, { timeout: 3000 })
        .catch(() => {});
    };
    for (let i = 0; i < options.runs; i++) {
      runs.firstVisit.push(
        await withContext(browser, stubbed, (c) => measure(c, options.pageUrl, widgetReady, button)),
      );
      // The other two vary little (no request, or a check that the SDK came early): a third as often.
      if (i % 3 === 0) {
        runs.sample.push(
          await withContext(browser, stubbedWithCdn, (c) =>
            measure(c, `${options.referenceUrl}/`, sampleReady, "#checkoutButton"),
          ),
        );
        runs.cdnSdk.push(await withContext(browser, fromCdn, (c) => measure(c, options.pageUrl, sdkReady, button)));
      }
    }
    await withContext(browser, stubbed, async (context) => {
      await measure(context, options.pageUrl, widgetReady, button);
      for (let i = 0; i < options.runs; i++)
        runs.sameSession.push(await measure(context, options.pageUrl, widgetReady, button));
    });
    for (const [name, list] of Object.entries(runs)) {
      const s = summarize(list.map((r) => r.ms));
      options.log(
        `  click      ${name.padEnd(12)} median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, requests ${[...new Set(list.map((r) => r.requests))].join("/")}`,
      );
    }
    return { browser: `Chromium ${browser.version()}`, runs };
  } finally {
    await browser.close();
  }
}

/**
 * `runs` whole first-visit purchases, each in a fresh browser context, after one throw-away page.
 *
 * @example
 * const purchases = await benchPurchases({ pageUrl, emulatorUrl, runs: 10, log: console.log });
 */
export async function benchPurchases(options: {
  pageUrl: string;
  emulatorUrl: string;
  runs: number;
  log: (line: string) => void;
}): Promise<{ browser: string; runs: PurchaseRun[] }> {
  const browser = await launchChromium();
  try {
    await withContext(browser, stubbed, (c) => measure(c, options.pageUrl, widgetReady, "portone-checkout button"));
    const runs: PurchaseRun[] = [];
    for (let i = 0; i < options.runs; i++)
      runs.push(await withContext(browser, paying, (c) => measurePurchase(c, options.pageUrl, options.emulatorUrl)));
    options.log(
      `  purchase   first visit  requests ${[...new Set(runs.map((p) => p.requests))].join("/")} (before the window ${[...new Set(runs.map((p) => p.requestsBeforeWindow))].join("/")}), preflights ${[...new Set(runs.map((p) => p.preflights))].join("/")}`,
    );
    return { browser: `Chromium ${browser.version()}`, runs };
  } finally {
    await browser.close();
  }
}

/** The figures of one scenario, for results.json. */
export function clickSummary(list: ClickRun[]) {
  const orderFetch = list.map((r) => r.orderFetchMs).filter((v): v is number => v !== null);
  return {
    ms: rounded(summarize(list.map((r) => r.ms))),
    requests: rounded(summarize(list.map((r) => r.requests)), 0),
    preflights: rounded(summarize(list.map((r) => r.preflights)), 0),
    sdkRequestsAfterClick: list.reduce((s, r) => s + r.sdkRequests, 0),
    sdkReadyBeforeClick: `${list.filter((r) => r.sdkReadyBeforeClick).length}/${list.length}`,
    orderFetchMs: orderFetch.length ? rounded(summarize(orderFetch)) : null,
    requestsSeen: [...new Set(list.flatMap((r) => r.urls.map((u) => u.replace(/:\d+\//, ":PORT/"))))],
  };
}

/** The figures of the whole purchases, for results.json. */
export function purchaseSummary(browser: string, list: PurchaseRun[]) {
  return {
    browser,
    runs: list.length,
    requests: rounded(summarize(list.map((r) => r.requests)), 0),
    preflights: rounded(summarize(list.map((r) => r.preflights)), 0),
    requestsBeforeWindow: rounded(summarize(list.map((r) => r.requestsBeforeWindow)), 0),
    preflightsBeforeWindow: rounded(summarize(list.map((r) => r.preflightsBeforeWindow)), 0),
    ms: rounded(summarize(list.map((r) => r.ms))),
    requestsSeen: [...new Set(list.flatMap((r) => r.urls.map((u) => u.replace(/:\d+\//, ":PORT/"))))],
  };
}

import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type {
  PortOneCheckout,
  PortOneFailedEvent,
  PortOnePaidEvent,
  PortOnePendingEvent,
  PortOneRequestEvent,
} from "../../widget/index.ts";
import {
  buildWidget,
  bundlePath,
  events,
  type Harness,
  harness,
  launchBrowser,
  paymentRequests,
  waitForEvents,
} from "./support.ts";

let browser: Browser;
let h: Harness;

beforeAll(async () => {
  await buildWidget({ esm: true });
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
afterEach(() => h?.close());

const button = '<portone-checkout product="tshirt-black-m"></portone-checkout>';

describe("<portone-checkout> drop-in script", () => {
  it("defines the element once and keeps working when the script is loaded twice", async () => {
    h = await harness(browser);
    const problems: string[] = [];
    h.page.on("pageerror", (error) => problems.push(error.message));
    h.page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    const page = await h.open(button, { scriptTwice: true });
    expect(await page.evaluate(() => document.querySelectorAll('script[src$="/portone-checkout.js"]').length)).toBe(2);
    expect(
      await page.evaluate(
        () => document.querySelector("portone-checkout") instanceof customElements.get("portone-checkout")!,
      ),
    ).toBe(true);

    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
    expect(await events(page, "portone-paid")).toHaveLength(1);
    expect(await page.evaluate(() => (window as any).__errors)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("preloads the PortOne SDK from the CDN when the element connects, before any click", async () => {
    h = await harness(browser);
    const cdn: string[] = [];
    await h.context.route("https://cdn.portone.io/**", (route) => {
      cdn.push(route.request().url());
      return route.fulfill({
        contentType: "text/javascript",
        body: `window.__portone = { requests: [] };
          window.PortOne = { requestPayment: async (req) => {
            window.__portone.requests.push(req);
            return { transactionType: 'PAYMENT', txId: 'tx', paymentId: req.paymentId };
          } };`,
      });
    });
    const page = await h.open(button, { respond: null });
    await page.waitForFunction(() => "PortOne" in window);
    expect(cdn).toEqual(["https://cdn.portone.io/v2/browser-sdk.js"]);

    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    expect(await paymentRequests(page)).toHaveLength(1);
    expect(cdn).toHaveLength(1);
  });

  it("stays within the 12 KB gzip budget, Lit included", () => {
    const gzipped = gzipSync(readFileSync(bundlePath)).length;
    expect(gzipped).toBeLessThan(12 * 1024);
  });

  it("works as an ES module with lit and @portone/browser-sdk imported from the page", async () => {
    h = await harness(browser);
    const page = await h.open(`<portone-checkout product="tshirt-black-m" api="${h.worker.url}"></portone-checkout>`, {
      scriptTag: `<script type="importmap">${JSON.stringify({
        imports: {
          lit: "/node_modules/lit/index.js",
          "lit/": "/node_modules/lit/",
          "lit-html": "/node_modules/lit-html/lit-html.js",
          "lit-html/": "/node_modules/lit-html/",
          "lit-element/lit-element.js": "/node_modules/lit-element/lit-element.js",
          "@lit/reactive-element": "/node_modules/@lit/reactive-element/reactive-element.js",
          "@lit/reactive-element/": "/node_modules/@lit/reactive-element/",
          "@portone/browser-sdk/v2": "/node_modules/@portone/browser-sdk/dist/v2.js",
        },
      })}</script>
      <script type="module" src="/dist/widget/portone-checkout.mjs"></script>`,
    });
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    // A module script has no document.currentScript: the api attribute names the worker.
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
  });

  it("types the tag and its events for TypeScript users", () => {
    expectTypeOf<HTMLElementTagNameMap["portone-checkout"]>().toEqualTypeOf<PortOneCheckout>();
    expectTypeOf<GlobalEventHandlersEventMap["portone-request"]>().toEqualTypeOf<PortOneRequestEvent>();
    expectTypeOf<GlobalEventHandlersEventMap["portone-paid"]>().toEqualTypeOf<PortOnePaidEvent>();
    expectTypeOf<GlobalEventHandlersEventMap["portone-pending"]>().toEqualTypeOf<PortOnePendingEvent>();
    expectTypeOf<GlobalEventHandlersEventMap["portone-failed"]>().toEqualTypeOf<PortOneFailedEvent>();
    expectTypeOf<PortOnePaidEvent["detail"]["status"]>().toMatchTypeOf<string>();
  });
});

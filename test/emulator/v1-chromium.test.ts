import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEV_API_SECRET, DEV_V1_IMP_CODE, DEV_WEBHOOK_SECRET } from "../../emulator/dev-secrets.ts";
import { type RunningEmulator, startEmulator } from "../../emulator/server.ts";
import { V1_ORDER } from "./v1-setup.ts";

let running: RunningEmulator;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let page: Page;

/** A shop on its own origin whose pages load the emulator's iamport.js like the CDN script. */
function shopPage(path: string): string {
  if (path.startsWith("/return")) return "<h1>돌아왔습니다</h1>";
  const query = path.startsWith("/redirect") ? "?redirect=1" : "";
  return `<script src="${running.url}/sdk/v1/iamport.js${query}"></script><h1>상점</h1>`;
}

beforeAll(async () => {
  running = await startEmulator({ apiSecret: DEV_API_SECRET, webhookSecret: DEV_WEBHOOK_SECRET, port: 0 });
  shop = createServer((request, response) => {
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(`<!doctype html><meta charset="utf-8">${shopPage(request.url ?? "/")}`);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  shop?.closeAllConnections();
  await new Promise<void>((resolve) => shop?.close(() => resolve()));
  await running?.close();
});

beforeEach(async () => {
  running.emulator.reset();
  await page?.context().close();
  page = await (await browser.newContext()).newPage();
});

/** Calls `IMP.init` and `IMP.request_pay` in the shop page; the callback's argument lands in `window.__result`. */
async function requestPay(params: Record<string, unknown>) {
  await page.evaluate(
    ({ code, params }) => {
      const w = window as unknown as Record<string, unknown> & {
        IMP: { init(code: string): void; request_pay(p: unknown, cb: (r: unknown) => void): void };
      };
      w.__result = new Promise((resolve) => {
        w.IMP.init(code);
        w.IMP.request_pay(params, resolve);
      });
    },
    { code: DEV_V1_IMP_CODE, params },
  );
}

const result = () => page.evaluate(() => (window as unknown as { __result: Promise<unknown> }).__result);

describe("GET /sdk/v1/iamport.js in a browser", () => {
  it("opens the V1 window in an iframe and calls back with imp_uid and no error_code when paid", async () => {
    await page.goto(shopUrl);
    await requestPay({ ...V1_ORDER, merchant_uid: "browser-v1-pay" });
    const frame = page.frameLocator('iframe[title*="PortOne 에뮬레이터"]');
    await expect.poll(() => frame.locator(".amount").textContent()).toBe("₩10,000");
    await frame.locator('[data-action="pay"]').click();
    const callback = (await result()) as Record<string, unknown>;
    expect(callback).toMatchObject({
      imp_uid: expect.stringMatching(/^imp_/),
      merchant_uid: "browser-v1-pay",
      error_code: null,
      error_msg: null,
    });
    expect(running.emulator.v1Payment(String(callback.imp_uid))?.status).toBe("paid");
    expect(await page.locator('[data-portone-emulator="overlay"]').count()).toBe(0);
  });

  it("calls back with error_code F1001 when the shopper closes the window", async () => {
    await page.goto(shopUrl);
    await requestPay({ ...V1_ORDER, merchant_uid: "browser-v1-close" });
    await page.frameLocator("iframe").locator('[data-action="close"]').click();
    expect(await result()).toMatchObject({ merchant_uid: "browser-v1-close", error_code: "F1001" });
  });

  it("navigates with ?redirect=1 and returns to m_redirect_url with imp_uid, merchant_uid and imp_success", async () => {
    await page.goto(`${shopUrl}/redirect`);
    await page.evaluate(
      ({ code, params }) => {
        const w = window as unknown as { IMP: { init(c: string): void; request_pay(p: unknown): void } };
        w.IMP.init(code);
        w.IMP.request_pay(params);
      },
      {
        code: DEV_V1_IMP_CODE,
        params: { ...V1_ORDER, merchant_uid: "browser-v1-redirect", m_redirect_url: `${shopUrl}/return?keep=1` },
      },
    );
    await page.waitForURL(/\/v1\/window/);
    await page.locator('[data-action="decline"]').click();
    await page.waitForURL(/\/return/);
    const query = Object.fromEntries(new URL(page.url()).searchParams);
    expect(query).toEqual({
      keep: "1",
      imp_uid: expect.stringMatching(/^imp_/),
      merchant_uid: "browser-v1-redirect",
      imp_success: "false",
      error_code: "F1002",
      error_msg: expect.any(String),
    });
  });
});

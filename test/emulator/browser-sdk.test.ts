import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEV_API_SECRET, DEV_WEBHOOK_SECRET } from "../../emulator/dev-secrets.ts";
import { type RunningEmulator, startEmulator } from "../../emulator/server.ts";
import { ORDER } from "./setup.ts";

let running: RunningEmulator;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let page: Page;

/** A shop on its own origin whose pages load the emulator's SDK like the CDN script. */
function shopPage(path: string): string {
  const sdk = `<script src="${running.url}/sdk/browser-sdk.js"></script>`;
  if (path.startsWith("/predefined")) return `<script>window.PortOne = { stub: true };</script>${sdk}`;
  if (path.startsWith("/return")) return "<h1>돌아왔습니다</h1>";
  return `${sdk}<h1>상점</h1>`;
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

/** Starts `requestPayment` in the shop page; its outcome lands in `window.__result`. */
async function startPayment(request: Record<string, unknown>) {
  await page.evaluate((req) => {
    const w = window as unknown as Record<string, unknown> & {
      PortOne: { requestPayment(r: unknown): Promise<unknown> };
    };
    w.__result = w.PortOne.requestPayment(req).then(
      (value) => ({ resolved: value ?? null }),
      (error: Record<string, unknown>) => ({
        rejected: { code: error.code, message: error.message, type: error.__portOneErrorType },
      }),
    );
  }, request);
}

const result = () => page.evaluate(() => (window as unknown as { __result: Promise<unknown> }).__result);

describe("GET /sdk/browser-sdk.js in a browser", () => {
  it("opens the window in an iframe and resolves with what the shopper did", async () => {
    await page.goto(shopUrl);
    await startPayment({ ...ORDER, paymentId: "browserPay" });
    const frame = page.frameLocator('iframe[title*="PortOne 에뮬레이터"]');
    await expect.poll(() => frame.locator(".amount").textContent()).toBe("₩39,000");
    await frame.locator('[data-action="pay"]').click();
    expect(await result()).toEqual({
      resolved: { transactionType: "PAYMENT", txId: expect.any(String), paymentId: "browserPay" },
    });
    expect(running.emulator.payment("browserPay")?.status).toBe("PAID");
    expect(await page.locator('[data-portone-emulator="overlay"]').count()).toBe(0);
  });

  it("issues a virtual-account order's account at the bank the shopper picks, in the requested English", async () => {
    await page.goto(shopUrl);
    await startPayment({ ...ORDER, paymentId: "browserBank", payMethod: "VIRTUAL_ACCOUNT", locale: "EN_US" });
    const frame = page.frameLocator('iframe[title="PortOne 에뮬레이터 · TEST payment window"]');
    await expect.poll(() => frame.locator("h1").textContent()).toBe("Bank transfer");
    expect(await frame.locator("button[data-action]").allTextContents()).toEqual([
      "Get an account number",
      "Tampered amount (account for ₩38,000)",
      "Close",
    ]);
    await frame.getByLabel("Bank to pay into").selectOption("KOOKMIN");
    await frame.getByRole("button", { name: "Get an account number" }).click();
    expect(await result()).toEqual({
      resolved: { transactionType: "PAYMENT", txId: expect.any(String), paymentId: "browserBank" },
    });
    expect(running.emulator.payment("browserBank")).toMatchObject({
      status: "VIRTUAL_ACCOUNT_ISSUED",
      virtualAccount: { bank: "KOOKMIN" },
    });
  });

  it("resolves the tampered amount's payment and the shopper's close as PortOne reports them", async () => {
    await page.goto(shopUrl);
    await startPayment({ ...ORDER, paymentId: "browserTamper" });
    await page.frameLocator("iframe").locator('[data-action="tamper"]').click();
    expect(await result()).toMatchObject({ resolved: { paymentId: "browserTamper" } });
    expect(running.emulator.payment("browserTamper")).toMatchObject({ status: "PAID", totalAmount: 38000 });

    await startPayment({ ...ORDER, paymentId: "browserClose" });
    await page.frameLocator("iframe").locator('[data-action="close"]').click();
    expect(await result()).toMatchObject({
      resolved: { code: "FAILURE_TYPE_PG", pgCode: "PAY_PROCESS_CANCELED", paymentId: "browserClose" },
    });
  });

  it("rejects a request without storeId before opening anything, like the SDK's PaymentError", async () => {
    await page.goto(shopUrl);
    await startPayment({ ...ORDER, storeId: undefined });
    expect(await result()).toEqual({
      rejected: { code: "InvalidArgument", message: expect.stringContaining("storeId"), type: "PaymentError" },
    });
    expect(await page.locator("iframe").count()).toBe(0);
  });

  it("redirects with forceRedirect and comes back to redirectUrl with PortOne's query, keeping its own", async () => {
    await page.goto(shopUrl);
    const redirectUrl = `${shopUrl}/return?order=42`;
    await startPayment({ ...ORDER, paymentId: "browserRedirect", forceRedirect: true, redirectUrl });
    await page.waitForURL(`${running.url}/window?**`);
    await expect.poll(() => page.locator("body").textContent()).toContain("PortOne 에뮬레이터 · TEST");
    await page.locator('[data-action="decline"]').click();
    await page.waitForURL(`${shopUrl}/return?**`);
    const query = Object.fromEntries(new URL(page.url()).searchParams);
    expect(query).toEqual({
      order: "42",
      paymentId: "browserRedirect",
      txId: expect.any(String),
      transactionType: "PAYMENT",
      code: "PGProviderError",
      message: expect.any(String),
      pgCode: "CARD_DECLINED",
      pgMessage: expect.any(String),
    });
  });

  it("leaves a window.PortOne defined before it alone", async () => {
    await page.goto(`${shopUrl}/predefined`);
    expect(await page.evaluate(() => (window as unknown as { PortOne: unknown }).PortOne)).toEqual({ stub: true });
  });
});

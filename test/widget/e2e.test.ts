import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { buildWidget, events, launchBrowser, waitForEvents } from "./support.ts";

/**
 * `<portone-checkout>` against the real worker (`wrangler dev`, local KV) and the PortOne
 * emulator, on the demo shop (its own origin, the drop-in script loaded from the worker, the
 * emulator's SDK stand-in in place of PortOne's CDN).
 */
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
const persistTo = mkdtempSync(join(tmpdir(), "portone-widget-e2e-"));

beforeAll(async () => {
  await buildWidget();
  [stack, browser] = await Promise.all([startStack({ persistTo, forceEmulator: true }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});
afterEach(() => context?.close());

/** Opens the demo shop with every `portone-*` event recorded in `window.__events`. */
async function openShop(): Promise<Page> {
  context = await browser.newContext();
  await context.addInitScript(() => {
    (window as any).__events = [];
    for (const type of ["portone-request", "portone-paid", "portone-pending", "portone-failed"]) {
      document.addEventListener(type, (e) =>
        (window as any).__events.push({ type, detail: (e as CustomEvent).detail }),
      );
    }
  });
  const page = await context.newPage();
  await page.goto(stack.shopUrl);
  await page.waitForFunction(() => customElements.get("portone-checkout") !== undefined);
  return page;
}

/** The worker's record of an order. */
async function workerOrder(paymentId: string): Promise<{ status: string; totalAmount: number }> {
  const response = await fetch(`${stack.workerUrl}/api/orders/${encodeURIComponent(paymentId)}`);
  return response.json() as Promise<{ status: string; totalAmount: number }>;
}

const tshirt = (page: Page) => page.locator('article.card[data-product="tshirt-black-m"] portone-checkout').first();

describe("<portone-checkout> with the worker and the PortOne emulator", () => {
  it("pays for a product and reports portone-paid once the worker has verified it with PortOne", async () => {
    const page = await openShop();
    await tshirt(page).locator("[part=button]").click();
    await page.frameLocator("iframe").first().locator('[data-action="pay"]').click();

    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.detail).toMatchObject({ status: "PAID", totalAmount: 29000, currency: "KRW" });
    expect(await tshirt(page).locator("[part=status]").textContent()).toBe("결제가 완료되었습니다.");
    expect(await workerOrder(paid?.detail.paymentId)).toMatchObject({ status: "PAID", totalAmount: 29000 });
    expect((await events(page)).map((e) => e.type)).toEqual(["portone-request", "portone-paid"]);
  });

  it("refuses a tampered amount with AMOUNT_MISMATCH and never shows the payment as paid", async () => {
    const page = await openShop();
    await tshirt(page).locator("[part=button]").click();
    const [request] = await waitForEvents(page, "portone-request");
    expect(request?.detail.items).toEqual([{ productId: "tshirt-black-m", quantity: 1 }]);
    // The shopper pays less than the order in the window; the worker compares with PortOne's record.
    await page.frameLocator("iframe").first().locator('[data-action="tamper"]').click();

    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("AMOUNT_MISMATCH");
    expect(await events(page, "portone-paid")).toEqual([]);
    expect(await tshirt(page).getAttribute("state")).toBe("failed");
    expect(await tshirt(page).locator("[part=status]").textContent()).toBe(
      "결제 정보가 주문과 달라 승인하지 않았습니다.",
    );
    expect((await workerOrder(failed?.detail.paymentId)).status).not.toBe("PAID");
  });

  it("shows an issued virtual account and reports portone-paid after the deposit arrives", async () => {
    const page = await openShop();
    const va = page.locator(
      'article.card[data-product="tshirt-black-m"] portone-checkout[pay-method="VIRTUAL_ACCOUNT"]',
    );
    await va.locator("[part=button]").click();
    await page.frameLocator("iframe").first().locator('[data-action="virtual-account"]').click();

    const [pending] = await waitForEvents(page, "portone-pending");
    const { paymentId, virtualAccount } = pending?.detail ?? {};
    expect(pending?.detail.status).toBe("AWAITING_DEPOSIT");
    expect(await va.locator("[part=account-number]").textContent()).toBe(virtualAccount.accountNumber);
    // The shopper transfers the money; PortOne's webhook tells the worker, the element's poll sees it.
    const deposit = await fetch(`${stack.emulatorUrl}/_emulator/payments/${encodeURIComponent(paymentId)}/deposit`, {
      method: "POST",
    });
    expect(deposit.ok).toBe(true);

    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.detail).toMatchObject({ paymentId, status: "PAID" });
    expect(await va.locator("[part=status]").textContent()).toBe("결제가 완료되었습니다.");
  });

  it("completes a redirect payment when the shopper comes back, and cleans the address", async () => {
    const page = await openShop();
    const redirecting = page.locator('portone-checkout[window-type="REDIRECTION"]').first();
    const product = await redirecting.getAttribute("product");
    await redirecting.locator("[part=button]").click();
    await page.waitForURL(/\/window\?/);
    await page.locator('[data-action="pay"]').click();

    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.detail.status).toBe("PAID");
    expect(paid?.detail.items?.[0]?.productId).toBe(product);
    await expect.poll(() => page.url()).toBe(`${stack.shopUrl}/`);
    expect(await workerOrder(paid?.detail.paymentId)).toMatchObject({ status: "PAID" });
  });
});

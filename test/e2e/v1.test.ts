import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminOrderList } from "../../contract/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { type Stack, startStack } from "../../scripts/stack.ts";

/**
 * `PORTONE_VERSION=V1 npm start`: the same demo shop on PortOne V1 (iamport). The element opens
 * the emulated `IMP.request_pay` window, the worker verifies with V1's REST API, and the sale is
 * in the back office like any other.
 */
describe("the demo shop on PortOne V1", () => {
  let stack: Stack;
  let browser: Browser;
  const persistTo = mkdtempSync(join(tmpdir(), "portone-v1-"));

  beforeAll(async () => {
    stack = await startStack({ persistTo, forceEmulator: true, vars: { PORTONE_VERSION: "V1" } });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  });

  it("sells a product through IMP.request_pay and shows the verified paid state", async () => {
    const page = await browser.newPage();
    await page.goto(stack.shopUrl);
    const card = page.locator("article.card").first();
    await card.locator("portone-checkout").first().locator("button").first().click();
    const frame = page.frameLocator("iframe").first();
    await frame.locator('[data-action="pay"]').click();
    await expect.poll(() => page.locator("#log").textContent(), { timeout: 30_000 }).toContain("portone-paid");
    await page.close();
    const list = (await (
      await fetch(`${stack.workerUrl}/api/admin/orders?status=PAID`, {
        headers: { authorization: `Bearer ${stack.adminToken}` },
      })
    ).json()) as AdminOrderList;
    expect(list.orders).toHaveLength(1);
  });
});

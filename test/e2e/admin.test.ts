import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedOrder } from "../../contract/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { paymentRequest } from "../../widget/payment-request.ts";

/**
 * The back office as a shop owner uses it, in real Chromium against the local stack (the
 * emulator, `wrangler dev` with D1 and KV): sign in with the token, find an order by the buyer's
 * name, mark it shipped, refund part of it, download the CSV. Plain forms, no page JavaScript.
 */
describe("/admin", () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const persistTo = mkdtempSync(join(tmpdir(), "portone-admin-"));
  const downloads = mkdtempSync(join(tmpdir(), "portone-admin-csv-"));
  let sold: CreatedOrder;

  /** A shopper buys on the demo shop's origin and pays in the emulated window. */
  async function sell(
    customer: { fullName: string; phoneNumber: string },
    productId = "tshirt-black-m",
  ): Promise<CreatedOrder> {
    const created = (await (
      await fetch(`${stack.workerUrl}/api/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: stack.shopUrl },
        body: JSON.stringify({ items: [{ productId, quantity: 1 }], customer }),
      })
    ).json()) as CreatedOrder;
    await fetch(`${stack.emulatorUrl}/_emulator/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...paymentRequest(created, { redirectUrl: stack.shopUrl }), outcome: "PAID" }),
    });
    await fetch(`${stack.workerUrl}/api/payments/complete`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.shopUrl },
      body: JSON.stringify({ paymentId: created.paymentId }),
    });
    return created;
  }

  beforeAll(async () => {
    stack = await startStack({ persistTo, forceEmulator: true });
    await sell({ fullName: "김철수", phoneNumber: "010-1111-2222" });
    sold = await sell({ fullName: "박영희", phoneNumber: "010-3333-4444" });
    browser = await launchChromium();
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 } })).newPage();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(persistTo, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  });

  it("tells the merchant of each sale: npm start's local inbox received one message per paid order", async () => {
    await expect.poll(() => stack.notifications.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const messages = stack.notifications.join("\n");
    expect(messages).toContain("박영희");
    expect(messages).toContain("₩29,000");
    expect(messages).not.toContain("3333-4444");
    expect(stack.notifications.filter((m) => m.includes(sold.paymentId))).toHaveLength(1);
  });

  it("asks for the token first and refuses a wrong one", async () => {
    await page.goto(stack.adminUrl);
    await expect(page.locator("h1").textContent()).resolves.toBe("로그인");
    await page.fill('input[name="token"]', "wrong-token-wrong-token-wrong-token");
    await page.click('button[type="submit"]');
    await expect(page.locator('[role="alert"]').textContent()).resolves.toContain("관리자 토큰이 맞지 않습니다");
  });

  it("signs in and finds an order by the buyer's name", async () => {
    await page.fill('input[name="token"]', stack.adminToken);
    await page.click('button[type="submit"]');
    await page.waitForSelector(".orders");
    await page.fill('input[name="q"]', "박영희");
    await page.click('form.filters button[type="submit"]:not([formaction])');
    await page.waitForURL(/q=/);
    const rows = page.locator(".order-row");
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(sold.paymentId);
  });

  it("marks the order shipped with a carrier and a tracking number", async () => {
    await page.click(".order-row a");
    await page.waitForSelector("h1");
    await page.selectOption('select[name="status"]', "SHIPPED");
    await page.selectOption('select[name="carrier"]', "CJ");
    await page.fill('input[name="trackingNumber"]', "640012345678");
    await page.click('form[action$="/fulfilment"] button[type="submit"]');
    await page.waitForURL(/done=shipping/);
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain("저장했습니다");
    await expect(page.locator('input[name="trackingNumber"]').inputValue()).resolves.toBe("640012345678");
    await expect(page.locator("main").textContent()).resolves.toContain("배송 중");
  });

  it("refunds part of it after a confirmation that shows the refundable balance", async () => {
    await page.fill('form[action$="/refund"] input[name="amount"]', "5000");
    await page.fill('form[action$="/refund"] input[name="reason"]', "부분 환불 테스트");
    await page.click('form[action$="/refund"] button[type="submit"]');
    await page.waitForSelector('form[action$="/refund/confirm"]');
    const confirm = (await page.locator("main").textContent()) ?? "";
    expect(confirm).toContain("₩29,000");
    expect(confirm).toContain("₩5,000");
    await page.click('form[action$="/refund/confirm"] button[type="submit"]');
    await page.waitForURL(/done=refund/);
    const shown = (await page.locator("main").textContent()) ?? "";
    expect(shown).toContain("₩24,000");
    expect(shown).toContain("부분 환불 테스트");
  });

  it("downloads the CSV with Hangul intact", async () => {
    await page.goto(stack.adminUrl);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('button[formaction="/api/admin/orders.csv"]'),
    ]);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain("박영희");
    expect(text).toContain("김철수");
    expect(text).toContain("640012345678");
  });

  it("shows the same page in English", async () => {
    await page.goto(`${stack.adminUrl}?lang=en`);
    await expect(page.locator('form.filters button[type="submit"]:not([formaction])').textContent()).resolves.toBe(
      "Search",
    );
    await page.goto(stack.adminUrl);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
  });
});

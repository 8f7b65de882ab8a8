/**
 * `npm run screenshots`: the README's pictures, taken in headless Chromium from the running
 * demo (emulator mode), never drawn by hand. Writes docs/images/*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./chromium.ts";
import { startStack } from "./stack.ts";
import { ROOT } from "./wrangler-env.ts";

const out = join(ROOT, "docs", "images");
mkdirSync(out, { recursive: true });
const persistTo = mkdtempSync(join(tmpdir(), "portone-shots-"));
const stack = await startStack({ persistTo, forceEmulator: true, log: console.log });
const browser = await launchChromium({ extraArgs: ["--lang=ko-KR"] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1, locale: "ko-KR" });
  await page.goto(stack.shopUrl);
  await page.waitForFunction(() => customElements.get("portone-checkout"));
  await page.screenshot({ path: join(out, "demo-shop.png") });

  const card = page.locator("article.card").first();
  await card.locator("portone-checkout").first().locator("button").first().click();
  const frame = page.frameLocator("iframe").first();
  await frame.locator('[data-action="pay"]').waitFor();
  await page.screenshot({ path: join(out, "payment-window.png") });

  await frame.locator('[data-action="pay"]').click();
  await page.waitForFunction(() => document.getElementById("log")?.textContent?.includes("portone-paid"), null, {
    timeout: 30_000,
  });
  await card.screenshot({ path: join(out, "verified-payment.png") });

  const va = page.locator("article.card").first().locator('portone-checkout[pay-method="VIRTUAL_ACCOUNT"]');
  await va.locator("button").first().click();
  await frame.locator('[data-action="virtual-account"]').click();
  await page.waitForFunction(() => document.getElementById("log")?.textContent?.includes("portone-pending"), null, {
    timeout: 30_000,
  });
  await card.screenshot({ path: join(out, "virtual-account.png") });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

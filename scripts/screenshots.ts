/**
 * `npm run screenshots`: the README's pictures, taken in headless Chromium from the running
 * demo (emulator mode), never drawn by hand. Writes docs/images/*.png, and for review (not
 * committed) the whole shop on a phone (390 px) and a laptop (1280 px) in Korean and English
 * to dist/screenshots/shop-{phone,laptop}-{ko,en}.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./chromium.ts";
import { startStack } from "./stack.ts";
import { ROOT } from "./wrangler-env.ts";

const out = join(ROOT, "docs", "images");
const review = join(ROOT, "dist", "screenshots");
mkdirSync(out, { recursive: true });
mkdirSync(review, { recursive: true });
const persistTo = mkdtempSync(join(tmpdir(), "portone-shots-"));
const stack = await startStack({ persistTo, forceEmulator: true, log: console.log });
const browser = await launchChromium({ extraArgs: ["--lang=ko-KR"] });
/** Waits until every element that shows a price shows it (the catalog arrives in idle time). */
const pricesShown = (page: import("playwright-core").Page) =>
  page.waitForFunction(() =>
    [...document.querySelectorAll("portone-checkout:not([hide-price])")].every((el) =>
      el.shadowRoot?.querySelector("[part=price]"),
    ),
  );
try {
  for (const [device, width, height, scale] of [
    ["phone", 390, 844, 2],
    ["laptop", 1280, 800, 1],
  ] as const) {
    for (const lang of ["ko", "en"] as const) {
      const view = await browser.newPage({
        viewport: { width, height },
        deviceScaleFactor: scale,
        locale: lang === "en" ? "en-US" : "ko-KR",
      });
      await view.goto(`${stack.shopUrl}/?lang=${lang}`);
      await pricesShown(view);
      await view.screenshot({ path: join(review, `shop-${device}-${lang}.png`), fullPage: true });
      await view.close();
    }
  }

  const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1, locale: "ko-KR" });
  await page.goto(stack.shopUrl);
  await pricesShown(page);
  await page.screenshot({ path: join(out, "demo-shop.png"), fullPage: true });

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

import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pickLang, startShop } from "../../scripts/shop-server.ts";
import { buildWidget, type FakeWorker, launchBrowser, startFakeWorker } from "../widget/support.ts";

/**
 * The demo shop's language switch, in Chromium: the shop server (scripts/shop-server.ts) in front
 * of a fake worker that serves the built drop-in and a catalog, so no wrangler is needed.
 */
let worker: FakeWorker;
let shop: { url: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await buildWidget();
  worker = await startFakeWorker();
  [shop, browser] = await Promise.all([
    startShop({ port: 0, workerUrl: worker.url, emulatorUrl: "http://127.0.0.1:9" }),
    launchBrowser(),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await worker?.close();
});
afterEach(() => context?.close());

/** What the page says in the language it is in: its lang, intro, footer and each element's. */
async function shown(page: Page) {
  const tshirt = page.locator(
    'article[data-product="tshirt-black-m"] portone-checkout:not([pay-method=VIRTUAL_ACCOUNT])',
  );
  await expect.poll(() => tshirt.locator("[part=button]").textContent()).toMatch(/\S/);
  return {
    lang: await page.locator("html").getAttribute("lang"),
    current: await page.locator("nav.lang [aria-current]").textContent(),
    intro: await page.locator("header > p").first().textContent(),
    events: await page.locator("footer p").textContent(),
    locales: await page
      .locator("portone-checkout")
      .evaluateAll((els) => els.map((el) => (el as HTMLElement & { locale: string }).locale)),
    button: (await tshirt.locator("[part=button]").textContent())?.trim(),
  };
}

describe("demo shop language switch", () => {
  it("switches the page's text and every element's locale between 한국어 and English and remembers the choice", async () => {
    context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(shop.url);
    // Korean by default, whatever the browser's language.
    const korean = await shown(page);
    expect(korean).toMatchObject({
      lang: "ko",
      current: "한국어",
      events: expect.stringContaining("이 페이지의 이벤트:"),
    });
    expect(korean.intro).toContain("<portone-checkout>");
    expect(new Set(korean.locales)).toEqual(new Set(["ko"]));
    expect(korean.button).toContain("결제하기");

    await page.getByRole("navigation", { name: "언어" }).getByRole("link", { name: "English" }).click();
    await page.waitForURL(`${shop.url}/?lang=en`);
    const english = await shown(page);
    expect(english).toMatchObject({
      lang: "en",
      current: "English",
      events: expect.stringContaining("Events on this page:"),
    });
    expect(english.intro).toContain("A static site on its own origin");
    expect(new Set(english.locales)).toEqual(new Set(["en"]));
    expect(english.button).toContain("Pay");
    expect(await page.getByRole("link", { name: "emulator dashboard" }).count()).toBe(1);

    // Remembered: the shop's plain address opens in English until the shopper picks Korean again.
    await page.goto(shop.url);
    expect((await shown(page)).lang).toBe("en");
    await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "한국어" }).click();
    await page.waitForURL(`${shop.url}/?lang=ko`);
    await page.goto(shop.url);
    expect(await shown(page)).toMatchObject({ lang: "ko", current: "한국어" });
  });

  it("reaches the switch by keyboard, each link marked with its language", async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(shop.url);
    const links = page.locator("nav.lang a");
    expect(
      await links.evaluateAll((els) =>
        els.map((a) => [a.getAttribute("lang"), a.getAttribute("hreflang"), a.getAttribute("href")]),
      ),
    ).toEqual([
      ["ko", "ko", "?lang=ko"],
      ["en", "en", "?lang=en"],
    ]);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("English");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${shop.url}/?lang=en`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
  });
});

describe("pickLang()", () => {
  it.each([
    ["en", undefined, "en"],
    ["ko", "demo-lang=en", "ko"],
    ["fr", "demo-lang=en", "ko"],
    [null, "other=1; demo-lang=en", "en"],
    [null, "xdemo-lang=en", "ko"],
    [null, undefined, "ko"],
  ] as const)("takes ?lang=%s with cookie %s as %s", (query, cookie, lang) => {
    expect(pickLang(query, cookie)).toBe(lang);
  });
});

import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildWidget,
  events,
  fakeCatalog,
  type Harness,
  harness,
  holdScript,
  launchBrowser,
  waitForEvents,
} from "./support.ts";

let browser: Browser;
let h: Harness;

beforeAll(async () => {
  await buildWidget();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
afterEach(() => h?.close());

/** A shipping form with the documented field names, as a merchant would write it. */
const shipForm = (values: Record<string, string> = {}) => {
  const field = (name: string, attrs = "") => `<input name="${name}" ${attrs} value="${values[name] ?? ""}">`;
  return `<form id="ship-to">
    ${field("name", "required")} ${field("email", 'type="email"')} ${field("phone", "required")}
    ${field("postcode", 'required pattern="\\d{5}"')} ${field("address1", "required")}
    ${field("address2")} ${field("note")}
  </form>`;
};

const filled = {
  name: "김포트",
  email: "buyer@example.com",
  phone: "01012345678",
  postcode: "04524",
  address1: "서울 중구 세종대로 110",
  address2: "3층",
};

const shippingOf = (body: unknown) => (body as { shipping?: unknown }).shipping;

describe("<portone-checkout> form", () => {
  it("stops before the order when the form is invalid: no POST /api/orders, no portone-request, focus on the bad field", async () => {
    h = await harness(browser);
    const page = await h.open(
      `${shipForm({ ...filled, postcode: "123" })}<portone-checkout product="mug" form="ship-to"></portone-checkout>`,
    );
    await page.locator("portone-checkout [part=button]").click();
    // The browser's own validation message sits on the first invalid field.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("postcode");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).validity.patternMismatch)).toBe(true);
    expect(h.worker.calls("POST", "/api/orders")).toEqual([]);
    expect(await events(page)).toEqual([]);
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("idle");
  });

  it("sends the form's fields as customer and shipping in POST /api/orders and in portone-request", async () => {
    h = await harness(browser);
    const page = await h.open(
      `${shipForm({ ...filled, note: "문 앞에 놓아 주세요" })}<portone-checkout product="mug" form="ship-to"></portone-checkout>`,
    );
    await page.locator("portone-checkout [part=button]").click();
    const [request] = await waitForEvents(page, "portone-request");
    await waitForEvents(page, "portone-paid");
    const body = h.worker.calls("POST", "/api/orders")[0]?.body;
    expect(body).toEqual({
      items: [{ productId: "mug", quantity: 1 }],
      payMethod: "CARD",
      customer: { fullName: "김포트", email: "buyer@example.com", phoneNumber: "01012345678" },
      shipping: {
        recipient: "김포트",
        phoneNumber: "01012345678",
        postcode: "04524",
        address1: "서울 중구 세종대로 110",
        address2: "3층",
        note: "문 앞에 놓아 주세요",
      },
    });
    expect(request?.detail.shipping).toEqual(shippingOf(body));
  });

  it("lets the shipping property and the customer-* attributes win over the form", async () => {
    h = await harness(browser);
    const page = await h.open(
      `${shipForm(filled)}<portone-checkout product="mug" form="ship-to" customer-name="홍길동"></portone-checkout>`,
    );
    const shipping = {
      recipient: "이수령",
      phoneNumber: "01099998888",
      postcode: "06236",
      address1: "서울 강남구 테헤란로 1",
    };
    await page.evaluate((s) => Object.assign(document.querySelector("portone-checkout")!, { shipping: s }), shipping);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    const body = h.worker.calls("POST", "/api/orders")[0]?.body as Record<string, unknown>;
    expect(body.shipping).toEqual(shipping);
    expect(body.customer).toEqual({ fullName: "홍길동", email: "buyer@example.com", phoneNumber: "01012345678" });
  });

  it("sends the shipping property without any form", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="mug"></portone-checkout>');
    const shipping = {
      recipient: "이수령",
      phoneNumber: "01099998888",
      postcode: "06236",
      address1: "서울 강남구 테헤란로 1",
    };
    await page.evaluate((s) => Object.assign(document.querySelector("portone-checkout")!, { shipping: s }), shipping);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    expect(shippingOf(h.worker.calls("POST", "/api/orders")[0]?.body)).toEqual(shipping);
  });

  it("buys once with the form's fields when clicked twice before the form's reader (portone-checkout-form.js) has arrived", async () => {
    h = await harness(browser);
    const release = await holdScript(h.context, "**/portone-checkout-form.js", "continue");
    const page = await h.open(`${shipForm(filled)}<portone-checkout product="mug" form="ship-to"></portone-checkout>`);
    await page.locator("portone-checkout [part=button]").click();
    await page.locator("portone-checkout [part=button]").click();
    expect(h.worker.calls("POST", "/api/orders")).toEqual([]);
    release();
    await waitForEvents(page, "portone-paid");
    const orders = h.worker.calls("POST", "/api/orders");
    expect(orders).toHaveLength(1);
    expect(shippingOf(orders[0]?.body)).toMatchObject({ recipient: "김포트", postcode: "04524" });
  });

  it("reports NETWORK_ERROR and creates no order when the form's reader cannot be loaded", async () => {
    h = await harness(browser);
    await h.context.route("**/portone-checkout-form.js", (route) => route.abort());
    const page = await h.open(`${shipForm(filled)}<portone-checkout product="mug" form="ship-to"></portone-checkout>`);
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("NETWORK_ERROR");
    expect(h.worker.calls("POST", "/api/orders")).toEqual([]);
  });

  it("reports NETWORK_ERROR once for three clicks made while the form's reader was on its way and failed", async () => {
    h = await harness(browser);
    const release = await holdScript(h.context, "**/portone-checkout-form.js", "abort");
    const page = await h.open(`${shipForm(filled)}<portone-checkout product="mug" form="ship-to"></portone-checkout>`);
    for (let i = 0; i < 3; i++) await page.locator("portone-checkout [part=button]").click();
    release();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("NETWORK_ERROR");
    // Give any further failure time to arrive: there is none.
    await page.waitForTimeout(300);
    expect(await events(page, "portone-failed")).toHaveLength(1);
  });

  it("reports INVALID_CONFIGURATION without calling the worker when form names no <form>", async () => {
    h = await harness(browser);
    const page = await h.open(
      '<div id="ship-to"></div><portone-checkout product="mug" form="ship-to"></portone-checkout>',
    );
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("INVALID_CONFIGURATION");
    expect(h.worker.calls("POST", "/api/orders")).toEqual([]);
  });
});

const product = (id: string, amount: number, currency = "KRW", available = true) => ({
  id,
  name: id,
  amount,
  currency,
  available,
  shipping: false,
});

describe("<portone-checkout> price", () => {
  it("shows the catalog's price of product × quantity and of the sum of items, in won", async () => {
    h = await harness(browser);
    h.worker.catalog = { status: 200, body: { products: [product("mug", 12000), product("tote", 18000)] } };
    const page = await h.open(`<portone-checkout id="two" product="mug" quantity="2"></portone-checkout>
      <portone-checkout id="cart" items='[{"productId":"mug","quantity":1},{"productId":"tote","quantity":2}]'></portone-checkout>`);
    await expect.poll(() => page.locator("#two [part=price]").textContent()).toBe("₩24,000");
    expect(await page.locator("#cart [part=price]").textContent()).toBe("₩48,000");
  });

  it("shows a USD amount of 1999 minor units as $19.99", async () => {
    h = await harness(browser);
    h.worker.catalog = { status: 200, body: { products: [product("ebook", 1999, "USD")] } };
    const page = await h.open('<portone-checkout product="ebook" locale="en"></portone-checkout>');
    await expect.poll(() => page.locator("portone-checkout [part=price]").textContent()).toBe("$19.99");
  });

  it("hides the price with hide-price and still sells", async () => {
    h = await harness(browser);
    const page = await h.open(`<portone-checkout id="shown" product="mug"></portone-checkout>
      <portone-checkout id="hidden" product="mug" hide-price></portone-checkout>`);
    await expect.poll(() => page.locator("#shown [part=price]").textContent()).toBe("₩39,000");
    expect(await page.locator("#hidden [part=price]").count()).toBe(0);
    await page.locator("#hidden [part=button]").click();
    await waitForEvents(page, "portone-paid");
  });

  it.each([
    ["ko", "an unknown product", "no-such-thing", "지금은 구매할 수 없는 상품입니다."],
    ["en", "an unknown product", "no-such-thing", "This product is not available."],
    ["ko", "a product marked unavailable", "sold-out", "지금은 구매할 수 없는 상품입니다."],
  ])("disables the button and says so in %s for %s, before any click", async (locale, _what, id, message) => {
    h = await harness(browser);
    h.worker.catalog = {
      status: 200,
      body: { products: [product("mug", 12000), product("sold-out", 5000, "KRW", false)] },
    };
    const page = await h.open(`<portone-checkout product="${id}" locale="${locale}"></portone-checkout>`);
    const status = page.locator("portone-checkout [part=status]");
    await expect.poll(() => status.textContent()).toBe(message);
    expect(await page.locator("portone-checkout [part=button]").isDisabled()).toBe(true);
    expect(await page.locator("portone-checkout [part=price]").count()).toBe(0);
    await page.locator("portone-checkout [part=button]").click({ force: true });
    expect(h.worker.calls("POST", "/api/orders")).toEqual([]);
    expect(await events(page)).toEqual([]);
  });

  it("asks for the catalog once per page before any click, however many elements, and hides the price when it fails", async () => {
    h = await harness(browser);
    h.worker.catalog = { status: 503, body: { code: "INTERNAL_ERROR", message: "down" } };
    const page = await h.open(
      '<portone-checkout product="mug"></portone-checkout>'.repeat(3) +
        '<portone-checkout product="no-such-thing"></portone-checkout>',
    );
    await expect.poll(() => h.worker.calls("GET", "/api/catalog").length).toBe(1);
    expect(h.worker.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/catalog"]);
    // Nothing is known: no price, nothing disabled, the order is still priced by the worker.
    expect(await page.locator("portone-checkout [part=price]").count()).toBe(0);
    expect(await page.locator("portone-checkout [part=button]").last().isDisabled()).toBe(false);
    await page.locator("portone-checkout [part=button]").first().click();
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("GET", "/api/catalog")).toHaveLength(1);
  });

  it("fetches the catalog once for elements added later and shows their price", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="mug"></portone-checkout>');
    await expect.poll(() => page.locator("portone-checkout [part=price]").count()).toBe(1);
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        "beforeend",
        '<portone-checkout id="late" product="hat-red"></portone-checkout>',
      ),
    );
    await expect.poll(() => page.locator("#late [part=price]").textContent()).toBe("₩39,000");
    expect(h.worker.calls("GET", "/api/catalog")).toHaveLength(1);
    expect(fakeCatalog.products.map((p) => p.id)).toContain("hat-red");
  });
});

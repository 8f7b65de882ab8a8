import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildWidget,
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
  await buildWidget();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
afterEach(() => h?.close());

describe("<portone-checkout>", () => {
  it("creates the order at the worker it was loaded from, pays with exactly what the worker answered, and reports portone-paid", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="tshirt-black-m" quantity="2"></portone-checkout>');
    const button = page.locator("portone-checkout [part=button]");
    await expect.poll(() => button.textContent()).toBe("결제하기");

    await button.click();
    const [paid] = await waitForEvents(page, "portone-paid");

    const orders = h.worker.calls("POST", "/api/orders");
    expect(orders).toHaveLength(1);
    expect(orders[0]?.body).toEqual({ items: [{ productId: "tshirt-black-m", quantity: 2 }], payMethod: "CARD" });
    expect(orders[0]?.origin).toBe(h.pages.url);
    const order = [...h.worker.orders.values()][0];
    expect(await paymentRequests(page)).toEqual([
      {
        storeId: "store-test-0000",
        channelKey: "channel-key-test-card",
        paymentId: order?.paymentId,
        orderName: "Black T-shirt (M)",
        totalAmount: 78000,
        currency: "KRW",
        payMethod: "CARD",
        redirectUrl: `${h.pages.url}/shop`,
      },
    ]);
    expect(h.worker.calls("POST", "/api/payments/complete").map((r) => r.body)).toEqual([
      { paymentId: order?.paymentId },
    ]);
    expect(paid?.detail).toMatchObject({ paymentId: order?.paymentId, status: "PAID", totalAmount: 78000 });
    expect(paid).toMatchObject({ bubbles: true, composed: true, cancelable: false });
    const all = await events(page);
    expect(all.map((e) => e.type)).toEqual(["portone-request", "portone-paid"]);
    expect(all[0]).toMatchObject({
      cancelable: true,
      bubbles: true,
      composed: true,
      detail: { items: [{ productId: "tshirt-black-m", quantity: 2 }], payMethod: "CARD" },
    });
    await expect
      .poll(() => page.locator("portone-checkout [part=status]").textContent())
      .toBe("결제가 완료되었습니다.");
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("paid");
  });

  it("pays by card without downloading the error messages or the redirect reader (portone-checkout-errors.js, -return.js)", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>');
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    expect(h.worker.scriptLoads).toEqual({});
  });

  it("buys without a single CORS preflight: the order and the completion are simple requests", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>');
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
    expect(h.worker.calls("POST", "/api/payments/complete")).toHaveLength(1);
    expect(h.worker.preflights).toEqual([]);
  });

  it("announces each step in a polite live region and marks the button busy while paying", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', {
      respond:
        '(req) => new Promise((resolve) => { window.__finish = () => resolve({ transactionType: "PAYMENT", txId: "tx", paymentId: req.paymentId }); })',
    });
    const status = page.locator("portone-checkout [part=status]");
    const button = page.locator("portone-checkout [part=button]");
    expect(await status.getAttribute("role")).toBe("status");
    expect(await status.getAttribute("aria-live")).toBe("polite");
    expect(await button.evaluate((b) => b.localName)).toBe("button");

    await button.click();
    await expect.poll(() => status.textContent()).toBe("결제창에서 결제를 마쳐 주세요.");
    expect(await button.getAttribute("aria-busy")).toBe("true");
    expect(await button.getAttribute("aria-disabled")).toBe("true");
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("paying");

    await page.evaluate(() => (window as any).__finish());
    await waitForEvents(page, "portone-paid");
    expect(await button.getAttribute("aria-busy")).toBe("false");
    expect(await button.getAttribute("aria-disabled")).toBe("false");
  });

  it("sends the paymentToken of a manually confirmed payment with the completion", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', {
      respond:
        '(req) => ({ transactionType: "PAYMENT", txId: "tx", paymentId: req.paymentId, paymentToken: "token-123" })',
    });
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(h.worker.calls("POST", "/api/payments/complete").map((r) => r.body)).toEqual([
      { paymentId, paymentToken: "token-123" },
    ]);
  });

  it("sends items, pay-method and customer-* to the worker and passes window-type and redirect-url to PortOne", async () => {
    h = await harness(browser);
    const page = await h.open(
      `<portone-checkout items='[{"productId":"tshirt-black-m","quantity":1},{"productId":"mug","quantity":3}]'
        pay-method="EASY_PAY" customer-name="홍길동" customer-email="a@example.com" customer-phone="01012345678"
        window-type='{"pc":"IFRAME","mobile":"REDIRECTION"}' redirect-url="/thanks?from=checkout"></portone-checkout>`,
    );
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    const customer = { fullName: "홍길동", email: "a@example.com", phoneNumber: "01012345678" };
    expect(h.worker.calls("POST", "/api/orders")[0]?.body).toEqual({
      items: [
        { productId: "tshirt-black-m", quantity: 1 },
        { productId: "mug", quantity: 3 },
      ],
      payMethod: "EASY_PAY",
      customer,
    });
    const [request] = await paymentRequests(page);
    expect(request).toMatchObject({
      payMethod: "EASY_PAY",
      totalAmount: 156000,
      customer,
      windowType: { pc: "IFRAME", mobile: "REDIRECTION" },
      redirectUrl: `${h.pages.url}/thanks?from=checkout`,
    });
  });

  it("creates one order only when the button is clicked twice quickly", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', {
      respond:
        '(req) => new Promise((resolve) => { window.__finish = () => resolve({ transactionType: "PAYMENT", txId: "tx", paymentId: req.paymentId }); })',
    });
    const button = page.locator("portone-checkout [part=button]");
    await button.dblclick();
    await page.waitForFunction(() => typeof (window as any).__finish === "function");
    // aria-disabled keeps the busy button focusable and clickable: the element must ignore it.
    await button.click({ force: true });
    await page.keyboard.press("Enter");
    await page.evaluate(() => (window as any).__finish());
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
    expect(await paymentRequests(page)).toHaveLength(1);
    expect((await events(page, "portone-request")).length).toBe(1);
  });

  it.each(["Enter", "Space"])("pays when the focused button is activated with %s", async (key) => {
    h = await harness(browser);
    const page = await h.open('<input id="before"><portone-checkout product="tshirt-black-m"></portone-checkout>');
    await page.locator("#before").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute("part"))).toBe(
      "button",
    );
    await page.keyboard.press(key);
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
  });

  it("creates no order when a portone-request listener calls preventDefault()", async () => {
    h = await harness(browser);
    const page = await h.open(
      `<portone-checkout product="tshirt-black-m"></portone-checkout>
       <script>document.addEventListener('portone-request', (e) => { e.preventDefault(); window.__stopped = true; });</script>`,
    );
    await page.locator("portone-checkout [part=button]").click();
    await page.waitForFunction(() => (window as any).__stopped === true);
    // The cancelled request leaves the element idle and free to be clicked again.
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("idle");
    expect(h.worker.requests.filter((r) => r.path !== "/api/catalog")).toEqual([]);
    expect(await paymentRequests(page)).toEqual([]);
  });

  it('speaks English with locale="en", asks PortOne for an English window and keeps the merchant label in the slot', async () => {
    h = await harness(browser);
    const page = await h.open(
      `<portone-checkout product="tshirt-black-m" locale="en" window-type="POPUP"></portone-checkout>
       <portone-checkout id="labelled" product="tshirt-black-m">지금 구매</portone-checkout>`,
    );
    const [english, labelled] = [page.locator("portone-checkout").first(), page.locator("#labelled")];
    await expect.poll(() => english.locator("[part=button]").textContent()).toBe("Pay");
    expect(await labelled.textContent()).toBe("지금 구매");
    h.worker.complete = () => ({ status: 409, body: { code: "AMOUNT_MISMATCH", message: "amount differs" } });
    await english.locator("[part=button]").click();
    await waitForEvents(page, "portone-failed");
    expect(await english.locator("[part=status]").textContent()).toBe("The payment did not match the order.");
    expect(await english.locator("[part=retry-button]").textContent()).toBe("Try again");
    expect((await paymentRequests(page))[0]).toMatchObject({
      locale: "EN_US",
      windowType: { pc: "POPUP", mobile: "POPUP" },
    });
  });

  it("talks to the worker named by the api attribute instead of the script origin", async () => {
    h = await harness(browser);
    const other = await (await import("./support.ts")).startFakeWorker();
    try {
      const page = await h.open(`<portone-checkout product="tshirt-black-m" api="${other.url}/"></portone-checkout>`);
      await page.locator("portone-checkout [part=button]").click();
      await waitForEvents(page, "portone-paid");
      expect(other.calls("POST", "/api/orders")).toHaveLength(1);
      expect(other.calls("POST", "/api/payments/complete")).toHaveLength(1);
      expect(h.worker.requests.filter((r) => r.path !== "/api/catalog")).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it.each([
    ["no product or items", "<portone-checkout></portone-checkout>"],
    ["items that are not JSON", '<portone-checkout product="tshirt-black-m" items="[oops"></portone-checkout>'],
    [
      "a quantity that is not a whole number",
      '<portone-checkout product="tshirt-black-m" quantity="1.5"></portone-checkout>',
    ],
    [
      "an api that is not http(s)",
      '<portone-checkout product="tshirt-black-m" api="javascript:alert(1)"></portone-checkout>',
    ],
  ])("reports INVALID_CONFIGURATION for %s without calling the worker", async (_name, body) => {
    h = await harness(browser);
    const page = await h.open(body);
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("INVALID_CONFIGURATION");
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe(
      "결제 버튼 설정이 올바르지 않습니다.",
    );
    expect(h.worker.requests.filter((r) => r.path !== "/api/catalog")).toEqual([]);
  });
});

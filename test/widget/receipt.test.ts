import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildWidget,
  events,
  type FakeOrder,
  type Harness,
  harness,
  launchBrowser,
  publicState,
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

const button = '<portone-checkout id="tee" product="tshirt-black-m"></portone-checkout>';
const orderUrl = (paymentId: string) => `https://pay.example/orders/${paymentId}?t=token-${paymentId}`;

/** The worker answers completions as paid, with a link to the shopper's order page. */
function paidWithLink() {
  h.worker.complete = (_body, order) => ({
    status: 200,
    body: publicState(order as FakeOrder, "PAID", {
      paidAt: "2026-01-01T00:00:00.000Z",
      orderUrl: orderUrl((order as FakeOrder).paymentId),
    }),
  });
}

const receipt = () => h.page.locator("portone-checkout [part=receipt]");
const status = () => h.page.locator("portone-checkout [part=status]");

describe("<portone-checkout> receipt", () => {
  it("shows the item, order number, amount and a link to orderUrl in a new tab after a paid payment", async () => {
    h = await harness(browser);
    paidWithLink();
    const page = await h.open(button);
    await page.locator("portone-checkout [part=button]").click();
    const [paid] = await waitForEvents(page, "portone-paid");
    const paymentId = [...h.worker.orders.keys()][0]!;
    expect(paid?.detail.orderUrl).toBe(orderUrl(paymentId));

    // The receipt arrives with its on-demand script, after the payment.
    await receipt().waitFor();
    expect(h.worker.receiptLoads).toBe(1);
    expect(await receipt().locator("dt").allTextContents()).toEqual(["상품", "주문번호", "결제 금액", "결제 일시"]);
    const values = await receipt().locator("dd").allTextContents();
    expect(values.slice(0, 3)).toEqual(["Black T-shirt (M)", paymentId, "₩39,000"]);
    expect(await receipt().locator("time").getAttribute("datetime")).toBe("2026-01-01T00:00:00.000Z");
    const link = receipt().locator("a");
    expect(await link.textContent()).toBe("주문 내역 보기");
    expect(await link.getAttribute("href")).toBe(orderUrl(paymentId));
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener");
    expect(await status().textContent()).toBe("결제가 완료되었습니다.");
  });

  it("shows the receipt without a link when the worker gives no orderUrl, and never a link that is not http(s)", async () => {
    h = await harness(browser);
    const page = await h.open(button);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    await receipt().waitFor();
    expect(await receipt().locator("dd").nth(1).textContent()).toBe([...h.worker.orders.keys()][0]);
    expect(await receipt().locator("a").count()).toBe(0);

    h.worker.complete = (_body, order) => ({
      status: 200,
      body: publicState(order as FakeOrder, "PAID", { orderUrl: "javascript:alert(1)" }),
    });
    await page.locator("portone-checkout [part=button]").click();
    await page.locator("portone-checkout [part=confirm-button]").click();
    await waitForEvents(page, "portone-paid", 2);
    await expect.poll(() => receipt().locator("dd").nth(1).textContent()).toBe([...h.worker.orders.keys()][1]);
    expect(await receipt().locator("a").count()).toBe(0);
  });

  it("keeps the receipt across a reload of the page in the paid state, with no event, no request and no personal data stored", async () => {
    h = await harness(browser);
    paidWithLink();
    const page = await h.open(
      '<portone-checkout id="tee" product="tshirt-black-m" customer-name="홍길동" customer-phone="01012345678" customer-email="hong@example.com"></portone-checkout>',
    );
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    const paymentId = [...h.worker.orders.keys()][0]!;

    await page.reload();
    await receipt().waitFor();
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("paid");
    expect(await status().textContent()).toBe("결제가 완료되었습니다.");
    expect((await receipt().locator("dd").allTextContents()).slice(0, 3)).toEqual([
      "Black T-shirt (M)",
      paymentId,
      "₩39,000",
    ]);
    expect(await receipt().locator("a").getAttribute("href")).toBe(orderUrl(paymentId));
    expect(await events(page)).toEqual([]);
    expect(h.worker.calls("POST", "/api/payments/complete")).toHaveLength(1);
    expect(h.worker.calls("GET", `/api/orders/${paymentId}`)).toHaveLength(0);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    expect(stored).toContain(paymentId);
    for (const personal of ["홍길동", "01012345678", "hong@example.com"]) expect(stored).not.toContain(personal);
  });

  it("shows a stored receipt only to its own element, and none after a day", async () => {
    h = await harness(browser);
    await h.page.clock.install();
    const page = await h.open(`${button}<portone-checkout id="hat" product="hat-red"></portone-checkout>`);
    await page.locator("#tee [part=button]").click();
    await waitForEvents(page, "portone-paid");

    await page.reload();
    await page.locator("#tee [part=receipt]").waitFor();
    expect(await page.locator("#hat").getAttribute("state")).toBe("idle");
    expect(await page.locator("#hat [part=receipt]").count()).toBe(0);

    await page.clock.fastForward(24 * 60 * 60 * 1000);
    await page.reload();
    await page.waitForFunction(() => document.readyState === "complete");
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
    expect(await page.locator("#tee").getAttribute("state")).toBe("idle");
    expect(await page.locator("#tee [part=receipt]").count()).toBe(0);
  });

  it("asks before buying a paid order again: a second click sends no POST /api/orders and no portone-request until confirmed", async () => {
    h = await harness(browser);
    paidWithLink();
    const page = await h.open(button);
    const pay = page.locator("portone-checkout [part=button]");
    await pay.click();
    await waitForEvents(page, "portone-paid");
    await receipt().waitFor();

    await pay.click();
    await expect.poll(() => status().textContent()).toBe("이미 결제한 상품입니다. 한 번 더 구매할까요?");
    expect(await status().getAttribute("role")).toBe("status");
    const confirm = page.locator("portone-checkout [part=confirm-button]");
    expect(await confirm.textContent()).toBe("한 번 더 구매");
    // Clicking the button again only asks again.
    await pay.click();
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
    expect((await events(page)).map((e) => e.type)).toEqual(["portone-request", "portone-paid"]);
    // The first receipt stays while the question is open.
    expect(await receipt().locator("dd").nth(1).textContent()).toBe([...h.worker.orders.keys()][0]);

    await confirm.click();
    await waitForEvents(page, "portone-paid", 2);
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(2);
    expect((await events(page)).map((e) => e.type)).toEqual([
      "portone-request",
      "portone-paid",
      "portone-request",
      "portone-paid",
    ]);
    const second = [...h.worker.orders.keys()][1]!;
    await expect.poll(() => receipt().locator("dd").nth(1).textContent()).toBe(second);
    expect(await status().textContent()).toBe("결제가 완료되었습니다.");
    expect(await confirm.count()).toBe(0);
  });

  it("asks after a reload too, in English with locale=en", async () => {
    h = await harness(browser);
    paidWithLink();
    const page = await h.open('<portone-checkout product="tshirt-black-m" locale="en"></portone-checkout>');
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    await page.reload();
    await receipt().waitFor();
    expect(await receipt().locator("dt").allTextContents()).toEqual(["Item", "Order number", "Amount paid", "Paid on"]);
    expect(await receipt().locator("a").textContent()).toBe("View your order");

    await page.locator("portone-checkout [part=button]").click();
    await expect.poll(() => status().textContent()).toBe("You already bought this. Buy it again?");
    expect(await page.locator("portone-checkout [part=confirm-button]").textContent()).toBe("Buy again");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
  });

  it("links the order page while a deposit is due", async () => {
    h = await harness(browser);
    const account = { bank: "SHINHAN", accountNumber: "56211234567890", expiredAt: "2099-12-31T14:59:59.000Z" };
    h.worker.complete = (_body, order) => ({
      status: 202,
      body: publicState(order as FakeOrder, "AWAITING_DEPOSIT", {
        virtualAccount: account,
        orderUrl: orderUrl((order as FakeOrder).paymentId),
      }),
    });
    h.worker.getOrder = (_id, order) => ({
      status: 200,
      body: publicState(order as FakeOrder, "AWAITING_DEPOSIT", { virtualAccount: account }),
    });
    const page = await h.open(
      '<portone-checkout product="tshirt-black-m" pay-method="VIRTUAL_ACCOUNT"></portone-checkout>',
    );
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");
    await page.locator("portone-checkout [part=account]").waitFor();
    await receipt().waitFor();
    const paymentId = [...h.worker.orders.keys()][0]!;
    expect(await receipt().locator("dl").count()).toBe(0);
    expect(await receipt().locator("a").getAttribute("href")).toBe(orderUrl(paymentId));
  });
});

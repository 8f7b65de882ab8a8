import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildWidget,
  events,
  type Harness,
  harness,
  holdScript,
  launchBrowser,
  publicState,
  seedOrder,
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

/** A PortOne stub that behaves like a mobile browser: it leaves for redirectUrl with the result. */
const redirecting = `(req) => {
  const url = new URL(req.redirectUrl);
  url.searchParams.set('paymentId', req.paymentId);
  url.searchParams.set('txId', 'tx-1');
  url.searchParams.set('transactionType', 'PAYMENT');
  setTimeout(() => location.assign(url.href));
  return undefined;
}`;

const twoButtons = `<portone-checkout id="hat" product="hat-red"></portone-checkout>
<portone-checkout id="tshirt" product="tshirt-black-m"></portone-checkout>`;

describe("<portone-checkout> redirect return", () => {
  it("hands the result to the element that started the payment, completes it, cleans the URL and on reload shows its receipt without asking the worker", async () => {
    h = await harness(browser);
    const page = await h.open(twoButtons, { respond: redirecting, query: "?ref=ad" });
    await page.locator("#tshirt [part=button]").click();

    await page.waitForURL(/paymentId=/);
    const [paid] = await waitForEvents(page, "portone-paid");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(paid).toMatchObject({ target: "tshirt", detail: { paymentId, status: "PAID" } });
    expect(h.worker.calls("POST", "/api/payments/complete").map((r) => r.body)).toEqual([{ paymentId }]);
    await expect.poll(() => page.url()).toBe(`${h.pages.url}/shop?ref=ad`);
    expect(await page.locator("#tshirt [part=status]").textContent()).toBe("결제가 완료되었습니다.");
    // Only a return downloads the reader of PortOne's result.
    expect(h.worker.scriptLoads["/portone-checkout-return.js"]).toBe(1);
    expect(await page.locator("#hat").getAttribute("state")).toBe("idle");

    await page.reload();
    // The element routes redirect and reload work at DOMContentLoaded (or the task after it
    // connects): the paid order's receipt, from sessionStorage, and nothing for the other button.
    await page.locator("#tshirt [part=receipt]").waitFor();
    expect(await page.locator("#tshirt").getAttribute("state")).toBe("paid");
    expect(await page.locator("#hat").getAttribute("state")).toBe("idle");
    expect(await events(page)).toEqual([]);
    expect(h.worker.calls("POST", "/api/payments/complete")).toHaveLength(1);
    expect(h.worker.calls("GET", `/api/orders/${paymentId}`)).toHaveLength(0);
  });

  it("verifies the payment it sent to PortOne's page with the worker when the return's reader cannot load", async () => {
    h = await harness(browser);
    const page = await h.open(twoButtons, { respond: redirecting });
    await page.route("**/portone-checkout-return.js", (route) => route.abort());
    await page.locator("#tshirt [part=button]").click();

    await page.waitForURL(/paymentId=/);
    const [paid] = await waitForEvents(page, "portone-paid");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(paid).toMatchObject({ target: "tshirt", detail: { paymentId, status: "PAID" } });
    expect(h.worker.calls("GET", `/api/orders/${paymentId}`)).toHaveLength(1);
    expect(await page.locator("#hat").getAttribute("state")).toBe("idle");
  });

  it("takes no click while the return's reader is on its way, then shows the payment the shopper came back from", async () => {
    h = await harness(browser);
    const page = await h.open(twoButtons, { respond: redirecting });
    const release = await holdScript(page, "**/portone-checkout-return.js", "continue");
    await page.locator("#tshirt [part=button]").click();
    // The held script delays the page's load event: the return has arrived once the URL has.
    await page.waitForURL(/paymentId=/, { waitUntil: "domcontentloaded" });
    await page.locator("#hat [part=button]").click();
    await page.locator("#tshirt [part=button]").click();
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
    release();
    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.target).toBe("tshirt");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
    expect(await page.locator("#hat").getAttribute("state")).toBe("idle");
  });

  it("lets the first element handle a return that no element on the page started", async () => {
    h = await harness(browser);
    seedOrder(h.worker, "payfromelsewhere");
    const page = await h.open(twoButtons, { query: "?paymentId=payfromelsewhere&txId=tx-9&transactionType=PAYMENT" });
    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.target).toBe("hat");
    expect(await events(page)).toHaveLength(1);
    await expect.poll(() => page.url()).toBe(`${h.pages.url}/shop`);
  });

  it("accepts the legacy payment_id and tx_id spelling", async () => {
    h = await harness(browser);
    seedOrder(h.worker, "paylegacy");
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', {
      query: "?payment_id=paylegacy&tx_id=tx-1&keep=1",
    });
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("POST", "/api/payments/complete").map((r) => r.body)).toEqual([{ paymentId: "paylegacy" }]);
    await expect.poll(() => page.url()).toBe(`${h.pages.url}/shop?keep=1`);
  });

  it("reports a failed redirect payment without completing it and removes code, message and pgCode from the URL", async () => {
    h = await harness(browser);
    seedOrder(h.worker, "payfailed");
    const query = new URLSearchParams({
      paymentId: "payfailed",
      txId: "tx-2",
      transactionType: "PAYMENT",
      code: "FAILURE_TYPE_PG",
      message: "[EXCEED_LIMIT] 카드 한도 초과",
      pgCode: "EXCEED_LIMIT",
      pgMessage: "카드 한도 초과",
    });
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', { query: `?${query}` });
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail).toEqual({
      code: "PAYMENT_FAILED",
      message: "[EXCEED_LIMIT] 카드 한도 초과",
      paymentId: "payfailed",
    });
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe(
      "결제에 실패했습니다. ([EXCEED_LIMIT] 카드 한도 초과)",
    );
    expect(h.worker.calls("POST", "/api/payments/complete")).toEqual([]);
    await expect.poll(() => page.url()).toBe(`${h.pages.url}/shop`);

    await page.reload();
    await page.waitForFunction(() => document.querySelector("portone-checkout")?.getAttribute("state") === "idle");
    expect(await events(page)).toEqual([]);
  });

  it("reports a shopper who cancelled on the PG page as PAYMENT_CANCELLED", async () => {
    h = await harness(browser);
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', {
      query: "?paymentId=paycancel&code=FAILURE_TYPE_PG&pgCode=PAY_PROCESS_CANCELED&message=%EC%B7%A8%EC%86%8C",
    });
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("PAYMENT_CANCELLED");
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe("결제를 취소했습니다.");
  });

  it("renders a message from the query string as text, never as HTML", async () => {
    h = await harness(browser);
    const attack = '<img src=x onerror="window.__xss=1"><b>bold</b>';
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', {
      query: `?paymentId=payxss&code=FAILURE_TYPE_PG&message=${encodeURIComponent(attack)}`,
    });
    await waitForEvents(page, "portone-failed");
    const status = page.locator("portone-checkout [part=status]");
    expect(await status.textContent()).toBe(`결제에 실패했습니다. (${attack})`);
    expect(await status.evaluate((el) => el.children.length)).toBe(0);
    expect(
      await page.evaluate(() => document.querySelector("portone-checkout")?.shadowRoot?.querySelector("img, b")),
    ).toBeNull();
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  it("keeps a completion it could not verify across a reload and finishes it afterwards", async () => {
    h = await harness(browser);
    const order = seedOrder(h.worker, "payslow");
    let reachable = false;
    h.worker.complete = () =>
      reachable
        ? { status: 200, body: publicState(order, "PAID") }
        : { status: 503, body: { code: "PORTONE_UNAVAILABLE", message: "PortOne did not answer" } };
    h.worker.getOrder = () => ({ status: 200, body: publicState(order, "PENDING") });
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>', {
      respond: '(req) => ({ transactionType: "PAYMENT", txId: "tx", paymentId: req.paymentId })',
      query: "?paymentId=payslow&txId=tx-3&transactionType=PAYMENT",
    });
    await page.waitForFunction(
      () => document.querySelector("portone-checkout")?.getAttribute("state") === "checking",
      undefined,
      {
        timeout: 10_000,
      },
    );
    await expect.poll(() => page.url()).toBe(`${h.pages.url}/shop`);
    const stored = await page.evaluate(() => sessionStorage.getItem("portone-checkout:pending"));
    expect(JSON.parse(stored ?? "[]")).toMatchObject([{ paymentId: "payslow", stage: "returned" }]);

    reachable = true;
    await page.reload();
    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.detail).toMatchObject({ paymentId: "payslow", status: "PAID" });
    expect(h.worker.calls("GET", "/api/orders/payslow")).toHaveLength(1);
    // Nothing left to resume: the entry is now the paid order's receipt.
    expect(
      JSON.parse((await page.evaluate(() => sessionStorage.getItem("portone-checkout:pending"))) ?? "[]"),
    ).toMatchObject([{ paymentId: "payslow", stage: "paid", orderName: "Black T-shirt (M)", totalAmount: 39000 }]);
  });
});

import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildWidget,
  events,
  type Harness,
  harness,
  launchBrowser,
  paymentRequests,
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

const button = '<portone-checkout product="tshirt-black-m"></portone-checkout>';
const status = "portone-checkout [part=status]";

describe("<portone-checkout> failures", () => {
  it.each([
    {
      name: "Toss's PAY_PROCESS_CANCELED",
      result: {
        code: "FAILURE_TYPE_PG",
        pgCode: "PAY_PROCESS_CANCELED",
        message: "[PAY_PROCESS_CANCELED] 사용자에 의해 결제가 취소되었습니다",
      },
      code: "PAYMENT_CANCELLED",
      text: "결제를 취소했습니다.",
    },
    {
      name: "a USER_CANCEL code",
      result: { code: "USER_CANCEL", message: "closed" },
      code: "PAYMENT_CANCELLED",
      text: "결제를 취소했습니다.",
    },
    {
      name: "a message saying 취소",
      result: { code: "FAILURE_TYPE_PG", pgCode: "01", message: "사용자가 결제를 취소하셨습니다." },
      code: "PAYMENT_CANCELLED",
      text: "결제를 취소했습니다.",
    },
    {
      name: "a declined card",
      result: { code: "FAILURE_TYPE_PG", pgCode: "EXCEED_LIMIT", message: "카드 한도가 초과되었습니다." },
      code: "PAYMENT_FAILED",
      text: "결제에 실패했습니다. (카드 한도가 초과되었습니다.)",
    },
  ])("reports $code for $name without asking the worker to complete", async ({ result, code, text }) => {
    h = await harness(browser);
    const page = await h.open(button, {
      respond: `(req) => ({ transactionType: 'PAYMENT', txId: 'tx', paymentId: req.paymentId, ...${JSON.stringify(result)} })`,
    });
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(failed?.detail).toEqual({ code, message: result.message, paymentId });
    expect(failed).toMatchObject({ bubbles: true, composed: true, cancelable: false });
    expect(await page.locator(status).textContent()).toBe(text);
    expect(h.worker.calls("POST", "/api/payments/complete")).toEqual([]);
    expect(await events(page, "portone-paid")).toEqual([]);
    // The messages come with the failure, in their own script.
    expect(h.worker.scriptLoads).toEqual({ "/portone-checkout-errors.js": 1 });
  });

  it("reports SDK_ERROR with the message of an error requestPayment throws", async () => {
    h = await harness(browser);
    const page = await h.open(button, {
      respond: '() => { throw new Error("[PortOne] channelKey is invalid"); }',
    });
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail).toMatchObject({ code: "SDK_ERROR", message: "[PortOne] channelKey is invalid" });
    expect(await page.locator(status).textContent()).toBe("결제창을 열지 못했습니다.");
  });

  it("rejects a tampered amount with AMOUNT_MISMATCH from the completion and never shows it as paid", async () => {
    h = await harness(browser);
    // The shopper edited the amount in the payment window; the worker compares with the order.
    h.worker.complete = () => ({
      status: 409,
      body: { code: "AMOUNT_MISMATCH", message: "Paid amount differs from the order" },
    });
    const page = await h.open(button, {
      respond: '(req) => ({ transactionType: "PAYMENT", txId: "tx", paymentId: req.paymentId })',
    });
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(failed?.detail).toEqual({
      code: "AMOUNT_MISMATCH",
      message: "Paid amount differs from the order",
      paymentId,
    });
    expect(await events(page, "portone-paid")).toEqual([]);
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("failed");
    expect(await page.locator(status).textContent()).toBe("결제 정보가 주문과 달라 승인하지 않았습니다.");
    // A refusal is final: the completion is not retried.
    expect(h.worker.calls("POST", "/api/payments/complete")).toHaveLength(1);
  });

  it.each([
    ["createOrder", 400, "PRODUCT_NOT_FOUND", "결제 버튼 설정이 올바르지 않습니다."],
    ["createOrder", 400, "INVALID_REQUEST", "결제 버튼 설정이 올바르지 않습니다."],
    ["createOrder", 500, "INTERNAL_ERROR", "결제 서버 오류입니다."],
    ["complete", 409, "CURRENCY_MISMATCH", "결제 정보가 주문과 달라 승인하지 않았습니다."],
    ["complete", 409, "STORE_MISMATCH", "결제 정보가 주문과 달라 승인하지 않았습니다."],
    ["complete", 409, "TEST_CHANNEL_REFUSED", "결제 버튼 설정이 올바르지 않습니다."],
    ["complete", 402, "PAYMENT_FAILED", "결제에 실패했습니다. (Card declined)"],
    ["complete", 409, "PAYMENT_CANCELLED", "결제를 취소했습니다."],
    ["complete", 404, "PAYMENT_NOT_FOUND", "주문을 찾을 수 없습니다."],
    ["complete", 404, "ORDER_NOT_FOUND", "주문을 찾을 수 없습니다."],
    ["complete", 418, "SOMETHING_NEW", "결제를 처리하지 못했습니다."],
  ] as const)("shows the worker error of %s %i %s as a human message", async (endpoint, statusCode, code, text) => {
    h = await harness(browser);
    const message = code === "PAYMENT_FAILED" ? "Card declined" : `worker says ${code}`;
    h.worker[endpoint] = () => ({ status: statusCode, body: { code, message } });
    const page = await h.open(button);
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail).toMatchObject({ code, message });
    expect(await page.locator(status).textContent()).toBe(text);
    expect(await page.locator("portone-checkout [part=retry-button]").textContent()).toBe("다시 시도");
    if (endpoint === "createOrder") expect(await paymentRequests(page)).toEqual([]);
  });

  it.each([
    ["ko", "이 사이트에서는 결제할 수 없습니다."],
    ["en", "Payment is not available on this site."],
  ])(
    "tells the %s shopper payment is not available here and the merchant which origin to allow on 403 ORIGIN_NOT_ALLOWED",
    async (locale, text) => {
      h = await harness(browser);
      const consoleErrors: string[] = [];
      h.page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      // The worker refuses the page's origin, with CORS headers so the page can read why.
      h.worker.createOrder = () => ({
        status: 403,
        body: { code: "ORIGIN_NOT_ALLOWED", message: "Origin not allowed" },
      });
      const page = await h.open(`<portone-checkout product="tshirt-black-m" locale="${locale}"></portone-checkout>`);
      await page.locator("portone-checkout [part=button]").click();
      const [failed] = await waitForEvents(page, "portone-failed");
      expect(failed?.detail).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
      expect(await page.locator(status).textContent()).toBe(text);
      // Besides Chromium's own "Failed to load resource" line for the 403.
      expect(consoleErrors).toContain(`portone-checkout: add ${h.pages.url} to ALLOWED_ORIGINS`);
      // A refusal is not retried, and no payment window opens.
      expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
      expect(await paymentRequests(page)).toEqual([]);
    },
  );

  it("retries order creation through a network error and a 503, then pays once", async () => {
    h = await harness(browser);
    const answers = ["network-error", { status: 503, body: { code: "PORTONE_UNAVAILABLE", message: "down" } }] as const;
    let attempt = 0;
    h.worker.createOrder = (_body, order) => answers[attempt++] ?? { status: 201, body: order };
    const page = await h.open(button);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(3);
    expect(await paymentRequests(page)).toHaveLength(1);
    expect(await events(page, "portone-failed")).toEqual([]);
  });

  it("gives up on order creation after three network failures with NETWORK_ERROR and opens no window", async () => {
    h = await harness(browser);
    h.worker.createOrder = () => "network-error";
    const page = await h.open(button);
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("NETWORK_ERROR");
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(3);
    expect(await paymentRequests(page)).toEqual([]);
    expect(await page.locator(status).textContent()).toBe("네트워크 연결을 확인해 주세요.");
  });

  it("keeps checking a completion the worker cannot answer, then reports portone-paid once it can", async () => {
    h = await harness(browser);
    let unreachable = true;
    h.worker.complete = (_body, order) =>
      unreachable
        ? { status: 503, body: { code: "PORTONE_UNAVAILABLE", message: "PortOne did not answer" } }
        : { status: 200, body: publicState(order!, "PAID") };
    const page = await h.open(button);
    await page.locator("portone-checkout [part=button]").click();
    await expect
      .poll(() => page.locator(status).textContent(), { timeout: 10_000 })
      .toBe("확인이 늦어져 계속 확인하는 중…");
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("checking");
    expect(h.worker.calls("POST", "/api/payments/complete")).toHaveLength(3);
    expect(await events(page, "portone-failed")).toEqual([]);

    unreachable = false;
    await waitForEvents(page, "portone-paid");
    expect(h.worker.calls("POST", "/api/payments/complete").length).toBeGreaterThanOrEqual(4);
    expect(await page.locator(status).textContent()).toBe("결제가 완료되었습니다.");
  });

  it("reports SDK_LOAD_FAILED when PortOne's CDN is blocked, and pays after a retry once it loads", async () => {
    h = await harness(browser);
    let blocked = true;
    await h.context.route("https://cdn.portone.io/**", (route) =>
      blocked
        ? route.abort()
        : route.fulfill({
            contentType: "text/javascript",
            body: `window.__portone = { requests: [] };
              window.PortOne = { requestPayment: async (req) => {
                window.__portone.requests.push(req);
                return { transactionType: 'PAYMENT', txId: 'tx', paymentId: req.paymentId };
              } };`,
          }),
    );
    const page = await h.open(button, { respond: null });
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("SDK_LOAD_FAILED");
    expect(await page.locator(status).textContent()).toBe(
      "결제 모듈을 불러오지 못했습니다. 광고 차단을 확인해 주세요.",
    );

    blocked = false;
    await page.locator("portone-checkout [part=retry-button]").click();
    await waitForEvents(page, "portone-paid");
    expect(await paymentRequests(page)).toHaveLength(1);
  });
});

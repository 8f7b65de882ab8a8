import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildWidget,
  events,
  type Harness,
  harness,
  impCalls,
  launchBrowser,
  paymentRequests,
  publicState,
  seedOrder,
  v1Answer,
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

/** A V1 harness: the fake worker answers every order as a merchant on PortOne V1 would. */
async function v1Harness(): Promise<Harness> {
  const v1 = await harness(browser);
  v1.worker.createOrder = (_body, order) => ({ status: 201, body: v1Answer(order) });
  return v1;
}

/** A `window.IMP` stub that calls back with `response` (merchant_uid filled in from the params). */
const callsBack = (response: Record<string, unknown>) =>
  `(params) => ({ merchant_uid: params.merchant_uid, ...${JSON.stringify(response)} })`;

/** A `window.IMP` stub that behaves like a mobile browser: it leaves for m_redirect_url. */
const redirecting = `(params) => {
  const url = new URL(params.m_redirect_url);
  url.searchParams.set('imp_uid', 'imp_900');
  url.searchParams.set('merchant_uid', params.merchant_uid);
  url.searchParams.set('imp_success', 'true');
  setTimeout(() => location.assign(url.href));
}`;

describe("<portone-checkout> on PortOne V1", () => {
  it("calls IMP.init with impCode and IMP.request_pay with exactly the worker's request and m_redirect_url, then completes with impUid", async () => {
    h = await v1Harness();
    // `success: false` is deprecated and means nothing: only the worker decides.
    const page = await h.open(button, { imp: callsBack({ imp_uid: "imp_100", error_code: null, success: false }) });
    expect(h.worker.v1Loads).toBe(0);
    await page.locator("portone-checkout [part=button]").click();

    const [paid] = await waitForEvents(page, "portone-paid");
    const order = [...h.worker.orders.values()][0]!;
    const { paymentId } = order;
    expect(paid?.detail).toMatchObject({ paymentId, status: "PAID" });
    expect(await impCalls(page)).toEqual({
      inits: ["imp12345678"],
      requests: [{ ...v1Answer(order).request, m_redirect_url: `${h.pages.url}/shop` }],
    });
    expect(h.worker.calls("POST", "/api/payments/complete").map((r) => r.body)).toEqual([
      { paymentId, impUid: "imp_100" },
    ]);
    expect(await paymentRequests(page)).toEqual([]);
    expect(h.worker.v1Loads).toBe(1);
    expect(await page.locator(status).textContent()).toBe("결제가 완료되었습니다.");
  });

  it.each([
    {
      name: "a declined card, even with success: true",
      response: { imp_uid: "imp_101", error_code: "F1002", error_msg: "카드 한도가 초과되었습니다.", success: true },
      code: "PAYMENT_FAILED",
      text: "결제에 실패했습니다. (카드 한도가 초과되었습니다.)",
    },
    {
      name: "the shopper closing the window",
      response: { imp_uid: null, error_code: "F400", error_msg: "사용자가 결제를 취소하셨습니다" },
      code: "PAYMENT_CANCELLED",
      text: "결제를 취소했습니다.",
    },
  ])("reports $code for $name without asking the worker to complete", async ({ response, code, text }) => {
    h = await v1Harness();
    const page = await h.open(button, { imp: callsBack(response) });
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(failed?.detail).toEqual({ code, message: response.error_msg, paymentId });
    expect(await page.locator(status).textContent()).toBe(text);
    expect(h.worker.calls("POST", "/api/payments/complete")).toEqual([]);
    expect(await events(page, "portone-paid")).toEqual([]);
  });

  it("reports SDK_LOAD_FAILED when iamport.js cannot load", async () => {
    h = await v1Harness();
    const blocked: string[] = [];
    await h.context.route("https://cdn.iamport.kr/**", (route) => {
      blocked.push(route.request().url());
      return route.abort();
    });
    const page = await h.open(button);
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail).toMatchObject({ code: "SDK_LOAD_FAILED", paymentId: [...h.worker.orders.keys()][0] });
    expect(blocked).toEqual(["https://cdn.iamport.kr/v1/iamport.js"]);
    expect(await page.locator(status).textContent()).toBe(
      "결제 모듈을 불러오지 못했습니다. 광고 차단을 확인해 주세요.",
    );
  });

  it("preloads only the V1 window and iamport.js for portone-version=V1, before any click", async () => {
    h = await v1Harness();
    const cdn: string[] = [];
    await h.context.route(/^https:\/\/cdn\.(portone\.io|iamport\.kr)\//, (route) => {
      cdn.push(route.request().url());
      return route.fulfill({ contentType: "text/javascript", body: "window.IMP = { init() {}, request_pay() {} };" });
    });
    await h.open('<portone-checkout product="tshirt-black-m" portone-version="V1"></portone-checkout>', {
      respond: null,
    });
    await expect.poll(() => cdn).toEqual(["https://cdn.iamport.kr/v1/iamport.js"]);
    expect(h.worker.v1Loads).toBe(1);
    expect(h.worker.calls("POST", "/api/orders")).toEqual([]);
  });

  it("completes a redirect return with imp_uid and merchant_uid, cleans the URL, and re-sends impUid after a reload", async () => {
    h = await v1Harness();
    let reachable = false;
    h.worker.complete = (_body, order) =>
      reachable && order
        ? { status: 200, body: publicState(order, "PAID", { paidAt: "2026-01-01T00:00:00.000Z" }) }
        : "network-error";
    h.worker.getOrder = (_id, order) => ({ status: 200, body: publicState(order!, "PENDING") });
    const page = await h.open(button, { imp: redirecting, query: "?ref=ad" });
    await page.locator("portone-checkout [part=button]").click();

    await page.waitForURL(/imp_uid=/);
    await page.locator("portone-checkout[state=checking]").waitFor();
    await expect.poll(() => page.url()).toBe(`${h.pages.url}/shop?ref=ad`);

    reachable = true;
    await page.reload();
    const [paid] = await waitForEvents(page, "portone-paid");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(paid?.detail).toMatchObject({ paymentId, status: "PAID" });
    const bodies = h.worker.calls("POST", "/api/payments/complete").map((r) => r.body);
    expect(bodies.length).toBeGreaterThan(1);
    expect(new Set(bodies.map((b) => JSON.stringify(b)))).toEqual(
      new Set([JSON.stringify({ paymentId, impUid: "imp_900" })]),
    );
  });

  it("reports a redirect return with error_code without completing it and removes V1's parameters from the URL", async () => {
    h = await v1Harness();
    seedOrder(h.worker, "payv1failed");
    const query = new URLSearchParams({
      imp_uid: "imp_300",
      merchant_uid: "payv1failed",
      imp_success: "false",
      error_code: "F1002",
      error_msg: "카드 한도가 초과되었습니다.",
      keep: "1",
    });
    const page = await h.open(button, { query: `?${query}` });
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail).toEqual({
      code: "PAYMENT_FAILED",
      message: "카드 한도가 초과되었습니다.",
      paymentId: "payv1failed",
    });
    expect(h.worker.calls("POST", "/api/payments/complete")).toEqual([]);
    await expect.poll(() => page.url()).toBe(`${h.pages.url}/shop?keep=1`);
  });
});

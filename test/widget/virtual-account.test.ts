import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildWidget,
  events,
  type FakeOrder,
  fetches,
  type Harness,
  harness,
  launchBrowser,
  publicState,
  waitForEvents,
  waitForHandled,
} from "./support.ts";

let browser: Browser;
let h: Harness;

beforeAll(async () => {
  await buildWidget();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
afterEach(() => h?.close());

const account = {
  bank: "SHINHAN_BANK",
  accountNumber: "56211234567890",
  remitteeName: "포트원상점",
  expiredAt: "2099-12-31T14:59:59.000Z",
};

const vaButton = '<portone-checkout product="tshirt-black-m" pay-method="VIRTUAL_ACCOUNT"></portone-checkout>';

/** The worker answers the completion with an issued account; GETs answer `statuses` in turn. */
function depositFlow(statuses: string[], va = account) {
  let gets = 0;
  h.worker.complete = (_body, order) => ({
    status: 202,
    body: publicState(order as FakeOrder, "AWAITING_DEPOSIT", { virtualAccount: va }),
  });
  h.worker.getOrder = (_id, order) => {
    const status = statuses[Math.min(gets++, statuses.length - 1)] ?? "AWAITING_DEPOSIT";
    return {
      status: 200,
      body: publicState(order as FakeOrder, status, {
        virtualAccount: va,
        ...(status === "PAID" ? { paidAt: "2026-01-02T00:00:00.000Z" } : {}),
        ...(status === "CANCELLED" ? { failure: { code: "PAYMENT_CANCELLED", message: "Deposit window closed" } } : {}),
      }),
    };
  };
}

const polls = async (page: Page) => (await fetches(page)).filter((f) => f.startsWith("GET /api/orders/"));

describe("<portone-checkout> virtual account", () => {
  it("shows the account from portone-pending and polls with backoff until the deposit is paid", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT", "PAID"]);
    await h.page.clock.install();
    const page = await h.open(vaButton);
    await page.locator("portone-checkout [part=button]").click();

    const [pending] = await waitForEvents(page, "portone-pending");
    const paymentId = [...h.worker.orders.keys()][0];
    expect(pending?.detail).toMatchObject({ paymentId, status: "AWAITING_DEPOSIT", virtualAccount: account });
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe("아래 계좌로 입금하면 결제가 완료됩니다.");
    const details = page.locator("portone-checkout [part=account]");
    expect(await details.locator("dt").allTextContents()).toEqual(["은행", "계좌번호", "예금주", "입금액", "입금 기한"]);
    expect(await details.locator("dd").first().textContent()).toBe("신한은행");
    expect(await details.locator("[part=account-number]").textContent()).toBe("56211234567890");
    expect(await details.locator("dd").nth(2).textContent()).toBe("포트원상점");
    expect(await details.locator("dd").nth(3).textContent()).toBe("₩39,000");
    expect(await details.locator("time").getAttribute("datetime")).toBe("2099-12-31T14:59:59.000Z");
    // One payment at a time: the button does nothing while a deposit is due.
    expect(await page.locator("portone-checkout [part=button]").getAttribute("aria-disabled")).toBe("true");

    await page.clock.runFor(3000);
    expect(await polls(page)).toEqual([`GET /api/orders/${paymentId}`]);
    await waitForHandled(page, "GET /api/orders/", 1);
    // The next poll waits twice as long (6 s).
    await page.clock.runFor(3000);
    expect(await polls(page)).toHaveLength(1);
    await page.clock.runFor(3000);
    expect(await polls(page)).toHaveLength(2);

    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.detail).toMatchObject({ paymentId, status: "PAID" });
    expect(await page.locator("portone-checkout [part=account]").count()).toBe(0);
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe("결제가 완료되었습니다.");
    expect((await events(page)).map((e) => e.type)).toEqual(["portone-request", "portone-pending", "portone-paid"]);
  });

  it("copies the account number to the clipboard", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT"]);
    await h.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: h.pages.url });
    const page = await h.open(vaButton);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");
    const copy = page.locator("portone-checkout [part=copy-button]");
    expect(await copy.textContent()).toBe("복사");
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe("복사됨");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("56211234567890");
  });

  it("copies with the selection fallback when the Clipboard API is refused", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT"]);
    const page = await h.open(vaButton);
    await page.evaluate(() => {
      Object.defineProperty(navigator, "clipboard", {
        value: { writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) },
      });
      const exec = document.execCommand.bind(document);
      (window as any).__copied = [];
      document.execCommand = (command: string, ...rest: unknown[]) => {
        const root = document.querySelector("portone-checkout")?.shadowRoot;
        const area = root?.querySelector("textarea");
        (window as any).__copied.push([command, area?.value.slice(area.selectionStart, area.selectionEnd)]);
        return exec(command, ...(rest as [boolean, string]));
      };
    });
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");
    await page.locator("portone-checkout [part=copy-button]").click();
    await page.waitForFunction(() => (window as any).__copied.length > 0);
    expect(await page.evaluate(() => (window as any).__copied)).toEqual([["copy", "56211234567890"]]);
    // The temporary text area is gone and focus is back on the copy button.
    expect(await page.evaluate(() => document.querySelector("portone-checkout")?.shadowRoot?.querySelector("textarea"))).toBeNull();
    expect(await page.evaluate(() => document.querySelector("portone-checkout")?.shadowRoot?.activeElement?.getAttribute("part"))).toBe(
      "copy-button",
    );
  });

  it("pauses polling while the tab is hidden and polls as soon as it is shown again", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT", "PAID"]);
    await h.page.clock.install();
    const page = await h.open(vaButton);
    await page.evaluate(() => {
      (window as any).__visibility = "visible";
      Object.defineProperty(document, "visibilityState", { get: () => (window as any).__visibility });
    });
    const setVisibility = (state: string) =>
      page.evaluate((s) => {
        (window as any).__visibility = s;
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");

    await setVisibility("hidden");
    await page.clock.runFor(120_000);
    expect(await polls(page)).toEqual([]);

    await setVisibility("visible");
    await page.clock.runFor(1);
    expect(await polls(page)).toHaveLength(1);
  });

  it("resumes waiting for the deposit after a reload and reports portone-paid", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT", "PAID"]);
    const page = await h.open(vaButton);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");
    const paymentId = [...h.worker.orders.keys()][0];

    await page.reload();
    // After the reload the element re-reads the order (AWAITING_DEPOSIT), shows the account
    // again, then polls until the deposit is paid.
    const [pending] = await waitForEvents(page, "portone-pending");
    expect(pending?.detail.virtualAccount).toEqual(account);
    expect(await page.locator("portone-checkout [part=account-number]").textContent()).toBe("56211234567890");
    const [paid] = await waitForEvents(page, "portone-paid");
    expect(paid?.detail).toMatchObject({ paymentId, status: "PAID" });
    expect(h.worker.calls("POST", "/api/orders")).toHaveLength(1);
  });

  it("reports the failure when the worker cancels the order while a deposit is due", async () => {
    h = await harness(browser);
    depositFlow(["CANCELLED"]);
    await h.page.clock.install();
    const page = await h.open(vaButton);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");
    await page.clock.runFor(3000);
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail).toMatchObject({ code: "PAYMENT_CANCELLED", message: "Deposit window closed" });
    expect(await page.locator("portone-checkout [part=account]").count()).toBe(0);
  });

  it("reports VIRTUAL_ACCOUNT_EXPIRED for an account whose deadline has passed", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT"], { ...account, expiredAt: "2020-01-01T00:00:00.000Z" });
    const page = await h.open(vaButton);
    await page.locator("portone-checkout [part=button]").click();
    const [failed] = await waitForEvents(page, "portone-failed");
    expect(failed?.detail.code).toBe("VIRTUAL_ACCOUNT_EXPIRED");
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe("입금 기한이 지났습니다.");
    expect(await events(page, "portone-paid")).toEqual([]);
  });
});

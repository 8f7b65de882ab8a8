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
  bank: "SHINHAN",
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
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe(
      "아래 계좌로 입금하면 결제가 완료됩니다.",
    );
    const details = page.locator("portone-checkout [part=account]");
    // The panel arrives with its on-demand script (/portone-checkout-va.js).
    await details.waitFor();
    expect(await details.locator("dt").allTextContents()).toEqual([
      "은행",
      "계좌번호",
      "예금주",
      "입금액",
      "입금 기한",
    ]);
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

  it("preloads the panel's script once in idle time for several VIRTUAL_ACCOUNT buttons and shows it from there", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT"]);
    const page = await h.open(`<portone-checkout id="card" product="mug"></portone-checkout>${vaButton}${vaButton}`);
    await page.waitForFunction(() => Symbol.for("portone-checkout.account-panel") in window);
    expect(h.worker.panelLoads).toBe(1);
    await page.locator("portone-checkout[pay-method=VIRTUAL_ACCOUNT] [part=button]").first().click();
    await page.locator("portone-checkout [part=account]").waitFor();
    expect(h.worker.panelLoads).toBe(1);
  });

  it("loads the panel's script when a card-configured order reaches AWAITING_DEPOSIT, and no sooner", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT"]);
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>');
    // Idle time has come and gone (the catalog was asked for) without the panel.
    await expect.poll(() => h.worker.calls("GET", "/api/catalog").length).toBe(1);
    expect(h.worker.panelLoads).toBe(0);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");
    expect(await page.locator("portone-checkout [part=account-number]").textContent()).toBe("56211234567890");
    expect(h.worker.panelLoads).toBe(1);
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
    expect(
      await page.evaluate(() => document.querySelector("portone-checkout")?.shadowRoot?.querySelector("textarea")),
    ).toBeNull();
    expect(
      await page.evaluate(() =>
        document.querySelector("portone-checkout")?.shadowRoot?.activeElement?.getAttribute("part"),
      ),
    ).toBe("copy-button");
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

/** A page with the VA button inside a product card `width` px wide, speaking `locale`. */
const card = (width: number, locale: string) =>
  `<div id="card" style="width:${width}px;font:16px/1.5 sans-serif">
    <portone-checkout product="tshirt-black-m" pay-method="VIRTUAL_ACCOUNT" locale="${locale}"></portone-checkout>
  </div>`;

/** Boxes of the account panel, measured in the page. */
function measurePanel(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector("portone-checkout")!.shadowRoot!;
    const panel = root.querySelector("[part=account]")!;
    const box = panel.getBoundingClientRect();
    const card = document.querySelector("#card")!.getBoundingClientRect();
    const copy = root.querySelector("[part=copy-button]")!;
    const copyBox = copy.getBoundingClientRect();
    const inside = (r: DOMRect) =>
      r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    const spans = [...panel.querySelectorAll("dd span")];
    const text = (el: Element) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return range.getClientRects().length;
    };
    return {
      numberLines: root.querySelector("[part=account-number]")!.getClientRects().length,
      amountLines: spans.at(-1)!.getClientRects().length,
      amount: spans.at(-1)!.textContent,
      copyInside: inside(copyBox),
      copyHorizontal: copyBox.width > copyBox.height && text(copy) === 1,
      cellsInside: [...panel.children].every((cell) => inside(cell.getBoundingClientRect())),
      panelInCard: box.left >= card.left - 0.5 && box.right <= card.right + 0.5,
      panelOverflows: panel.scrollWidth > panel.clientWidth,
    };
  });
}

describe("<portone-checkout> virtual account, as PortOne may send it", () => {
  it("shows and announces the account number of an account without bank, holder and due time, with no page error", async () => {
    h = await harness(browser);
    const errors: string[] = [];
    h.page.on("pageerror", (error) => errors.push(error.message));
    // Only the number is required by PortOne's spec; extra fields are ignored.
    depositFlow(["AWAITING_DEPOSIT"], {
      accountNumber: "T0309260000001",
      accountType: "FIXED",
      issuedAt: "2026-01-01",
    } as never);
    const page = await h.open(vaButton);
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");

    const details = page.locator("portone-checkout [part=account]");
    await details.waitFor();
    expect(await details.locator("dt").allTextContents()).toEqual(["계좌번호", "입금액"]);
    expect(await details.locator("[part=account-number]").textContent()).toBe("T0309260000001");
    const status = page.locator("portone-checkout [part=status]");
    expect(await status.getAttribute("role")).toBe("status");
    expect(await status.textContent()).toBe("아래 계좌로 입금하면 결제가 완료됩니다.");
    expect(errors).toEqual([]);
  });

  it("names the bank from PortOne's real code: SHINHAN is 신한은행 in Korean and Shinhan in English", async () => {
    h = await harness(browser);
    depositFlow(["AWAITING_DEPOSIT"]);
    const page = await h.open(
      `${vaButton}<portone-checkout id="en" locale="en" product="mug" pay-method="VIRTUAL_ACCOUNT"></portone-checkout>`,
    );
    await page.locator("portone-checkout [part=button]").first().click();
    await page.locator("#en [part=button]").click();
    await waitForEvents(page, "portone-pending", 2);
    expect(await page.locator("portone-checkout [part=account] dd").first().textContent()).toBe("신한은행");
    expect(await page.locator("#en [part=account] dd").first().textContent()).toBe("Shinhan");
  });

  it("shows a USD amount of 1999 minor units as $19.99, never $1,999", async () => {
    h = await harness(browser);
    h.worker.createOrder = (_body, order) => {
      Object.assign(order, { currency: "USD", totalAmount: 1999 });
      return { status: 201, body: order };
    };
    depositFlow(["AWAITING_DEPOSIT"]);
    const page = await h.open(vaButton.replace("<portone-checkout", '<portone-checkout locale="en"'));
    await page.locator("portone-checkout [part=button]").click();
    await waitForEvents(page, "portone-pending");
    expect(await page.locator("portone-checkout [part=account] dd span").last().textContent()).toBe("$19.99");
  });

  it("never shows a status it does not know as paid and keeps checking", async () => {
    h = await harness(browser);
    h.worker.complete = (_body, order) => ({
      status: 200,
      body: publicState(order as FakeOrder, "PARTIALLY_SETTLED", { future: true }),
    });
    h.worker.getOrder = (_id, order) => ({ status: 200, body: publicState(order as FakeOrder, "PARTIALLY_SETTLED") });
    const page = await h.open('<portone-checkout product="tshirt-black-m"></portone-checkout>');
    await page.locator("portone-checkout [part=button]").click();
    await waitForHandled(page, "POST /api/payments/complete", 1);
    expect(await page.locator("portone-checkout").getAttribute("state")).toBe("checking");
    expect(await page.locator("portone-checkout [part=status]").textContent()).toBe("확인이 늦어져 계속 확인하는 중…");
    expect(await events(page, "portone-paid")).toEqual([]);
  });

  it.each([
    [200, "en"],
    [200, "ko"],
    [480, "en"],
    [480, "ko"],
  ])(
    "keeps the panel readable in a %i px card in %s: number and amount on one line, copy button inside",
    async (width, locale) => {
      h = await harness(browser);
      depositFlow(["AWAITING_DEPOSIT"], { ...account, accountNumber: "56211234567890", remitteeName: "포트원상점" });
      h.worker.createOrder = (_body, order) => {
        Object.assign(order, { totalAmount: 29000 });
        return { status: 201, body: order };
      };
      const page = await h.open(card(width, locale));
      await page.locator("portone-checkout [part=button]").click();
      await waitForEvents(page, "portone-pending");
      await page.locator("portone-checkout [part=account]").waitFor();
      expect(await measurePanel(page)).toEqual({
        numberLines: 1,
        amountLines: 1,
        amount: "₩29,000",
        copyInside: true,
        copyHorizontal: true,
        cellsInside: true,
        panelInCard: true,
        panelOverflows: false,
      });
    },
  );
});

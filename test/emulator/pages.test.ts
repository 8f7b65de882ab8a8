import { describe, expect, it } from "vitest";
import { EMULATOR_LABEL, formatAmount } from "../../emulator/html.ts";
import { decodeWindowRequest, tamperedAmount } from "../../emulator/window.ts";
import { ORDER, setup } from "./setup.ts";

const encode = (request: unknown) => Buffer.from(JSON.stringify(request)).toString("base64url");

describe("GET /window", () => {
  it("shows the store, order, formatted amount and pay method with the six labelled buttons", async () => {
    const { app } = setup();
    const response = await app.request(`/window?mode=iframe&request=${encode(ORDER)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain("PortOne 에뮬레이터 · TEST");
    expect(html).toContain(ORDER.storeId);
    expect(html).toContain(ORDER.orderName);
    expect(html).toContain('<dd class="amount">₩39,000</dd>');
    const actions = [...html.matchAll(/data-action="([a-z-]+)"/g)].map((match) => match[1]);
    expect(actions).toEqual(["pay", "decline", "virtual-account", "pending", "tamper", "close"]);
    expect(html).toContain('data-amount-paid="38000"');
  });

  it("speaks Korean by default and English for locale EN_US, lang attribute, labels and buttons alike", async () => {
    const { app } = setup();
    const korean = await (await app.request(`/window?request=${encode(ORDER)}`)).text();
    expect(korean).toContain('<html lang="ko">');
    expect(korean).toContain("<dt>주문명</dt>");
    expect(korean).toContain(">결제하기</button>");
    expect(korean).toContain("실제 결제가 아닙니다");

    const english = await (await app.request(`/window?request=${encode({ ...ORDER, locale: "EN_US" })}`)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<h1 id="window-title">Checkout</h1>');
    expect(english).toContain("<dt>Order</dt>");
    expect(english).toContain('data-action="pay" data-outcome="PAID">Pay</button>');
    expect(english).toContain('data-action="close" data-outcome="CANCELLED_BY_USER">Close</button>');
    expect(english).toContain("Tampered amount (₩38,000 charged)");
    expect(english).toContain("not a real payment");
    expect(english.replaceAll(EMULATOR_LABEL, "")).not.toMatch(/[가-힣]/);
    expect(english).toContain('"lang":"en"');
  });

  it.each(["KO_KR", "JA_JP", undefined])("answers locale %s in Korean", async (locale) => {
    const { app } = setup();
    const html = await (await app.request(`/window?request=${encode({ ...ORDER, locale })}`)).text();
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('<h1 id="window-title">결제하기</h1>');
  });

  it("offers a virtual-account order a bank, issuing the account, the tamper and closing, never a card outcome", async () => {
    const { app } = setup();
    const request = { ...ORDER, payMethod: "VIRTUAL_ACCOUNT" };
    const html = await (await app.request(`/window?request=${encode(request)}`)).text();
    const actions = [...html.matchAll(/data-action="([a-z-]+)" data-outcome="([A-Z_]+)"/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    expect(actions).toEqual([
      "virtual-account:VIRTUAL_ACCOUNT_ISSUED",
      "tamper:VIRTUAL_ACCOUNT_ISSUED",
      "close:CANCELLED_BY_USER",
    ]);
    expect(html).not.toContain("카드");
    expect(html).toContain('<h1 id="window-title">가상계좌 발급</h1>');
    expect(html).toContain('<label for="va-bank">입금할 은행</label>');
    const banks = [...html.matchAll(/<option value="([A-Z]+)"( selected)?>/g)].map((m) => `${m[1]}${m[2] ?? ""}`);
    // order0001's default bank (bankFor) is preselected, so picking nothing keeps today's account.
    expect(banks).toEqual(["SHINHAN", "KOOKMIN", "NONGHYUP selected", "WOORI", "HANA", "IBK"]);
    expect(html).toContain("금액 조작 (₩38,000 계좌)");

    const english = await (await app.request(`/window?request=${encode({ ...request, locale: "EN_US" })}`)).text();
    expect(english).toContain('<h1 id="window-title">Bank transfer</h1>');
    expect(english).toContain(">Get an account number</button>");
    expect(english).toContain('<option value="KOOKMIN">KB Kookmin Bank</option>');
    expect(english).toContain("Tampered amount (account for ₩38,000)");
    expect(english.replaceAll(EMULATOR_LABEL, "")).not.toMatch(/[가-힣]/);
  });

  it("escapes everything taken from the request", async () => {
    const { app } = setup();
    const hostile = { ...ORDER, orderName: '</script><img src=x onerror="alert(1)">', storeId: "<b>s</b>" };
    const html = await (await app.request(`/window?request=${encode(hostile)}`)).text();
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>s</b>");
    expect(html).toContain("&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it("shows a hostile orderName and customer name as text and keeps them intact in the request JSON", async () => {
    const { app } = setup();
    const orderName = '"><script>alert(1)</script>';
    const fullName = "<img src=x onerror=alert(2)>";
    const html = await (
      await app.request(`/window?request=${encode({ ...ORDER, orderName, customer: { fullName } })}`)
    ).text();
    expect(html).toContain("<dd>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</dd>");
    expect(html).toContain("<dt>구매자</dt><dd>&lt;img src=x onerror=alert(2)&gt;</dd>");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
    const json = html.match(/<script type="application\/json" id="portone-request">(.*?)<\/script>/)?.[1] ?? "";
    expect(JSON.parse(json)).toMatchObject({ orderName, customer: { fullName } });
  });

  it("answers 400 for a request parameter that is not base64url JSON", async () => {
    const { app } = setup();
    expect((await app.request("/window?request=%%%")).status).toBe(400);
    expect((await app.request("/window")).status).toBe(400);
  });

  it("round-trips a UTF-8 request through base64url", () => {
    expect(decodeWindowRequest(encode({ orderName: "검정 티셔츠 ✓" }))).toEqual({ orderName: "검정 티셔츠 ✓" });
    expect(decodeWindowRequest(encode([1]))).toBeUndefined();
  });
});

describe("tamperedAmount", () => {
  it.each([
    [39000, 38000],
    [1500, 500],
    [1000, 100],
    [100, 1100],
  ])("charges %i as %i", (total, charged) => {
    expect(tamperedAmount(total)).toBe(charged);
  });
});

describe("formatAmount", () => {
  it.each([
    [39000, "KRW", "₩39,000"],
    [1050, "USD", "US$10.50"],
  ])("shows %i %s as %s", (amount, currency, shown) => {
    expect(formatAmount(amount, currency)).toBe(shown);
  });
});

describe("GET /sdk/browser-sdk.js", () => {
  it("serves the SDK stand-in as JavaScript to any origin", async () => {
    const { app } = setup();
    const response = await app.request("/sdk/browser-sdk.js", { headers: { Origin: "https://shop.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).toContain("if (window.PortOne) return;");
  });
});

describe("GET /", () => {
  it("lists payments with their next actions and the webhook outbox, escaped", async () => {
    const { app, act } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { orderName: "<i>가상계좌</i>" });
    await act("PAID", { paymentId: "order0002" });
    const html = await (await app.request("/")).text();
    expect(html).toContain("PortOne 에뮬레이터 · TEST");
    expect(html).toContain('data-post="/_emulator/payments/order0001/deposit"');
    expect(html).toContain('data-post="/_emulator/payments/order0002/cancel"');
    expect(html).not.toContain("<i>가상계좌</i>");
    expect(html).toContain("Transaction.VirtualAccountIssued");
    expect(html).toContain("Transaction.Paid");
  });

  it("shows a hostile orderName and customer name as text, never as markup", async () => {
    const { app, act } = setup();
    await act("PAID", {
      orderName: '<script>alert("order")</script>',
      customer: { fullName: "<img src=x onerror=alert(1)>" },
    });
    const html = await (await app.request("/")).text();
    expect(html).toContain("&lt;script&gt;alert(&quot;order&quot;)&lt;/script&gt;");
    expect(html).toContain("<br>&lt;img src=x onerror=alert(1)&gt;</td>");
    expect(html).not.toContain('<script>alert("order")');
    expect(html).not.toContain("<img src=x");
  });

  it("escapes a hostile paymentId in the row id and keeps it percent-encoded in the action URL", async () => {
    const { app, act } = setup();
    await act("PAID", { paymentId: 'x"><b>y' });
    const html = await (await app.request("/")).text();
    expect(html).toContain('<tr id="payment-x&quot;&gt;&lt;b&gt;y">');
    expect(html).toContain('data-post="/_emulator/payments/x%22%3E%3Cb%3Ey/cancel"');
    expect(html).not.toContain("<b>y");
  });
});

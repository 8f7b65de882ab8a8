import { describe, expect, it } from "vitest";
import { formatAmount } from "../../emulator/html.ts";
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

import { describe, expect, it } from "vitest";
import { EMULATOR_LABEL } from "../../emulator/html.ts";
import { receiptUrlFor } from "../../emulator/receipt.ts";
import { ORDER, setup } from "./setup.ts";

// app.request() calls come from http://localhost, so that is the emulator's own origin here.
const RECEIPT_URL = "http://localhost/receipts/order0001";

describe("receiptUrl", () => {
  it("points a PAID, PARTIAL_CANCELLED and CANCELLED card payment at /receipts/:paymentId on the emulator", async () => {
    const { act, rest, getPayment } = setup();
    await act("PAID");
    expect((await getPayment()).body).toMatchObject({ status: "PAID", receiptUrl: RECEIPT_URL });
    await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount: 1000 });
    expect((await getPayment()).body).toMatchObject({ status: "PARTIAL_CANCELLED", receiptUrl: RECEIPT_URL });
    await rest("POST", "/payments/order0001/cancel", { reason: "나머지" });
    expect((await getPayment()).body).toMatchObject({ status: "CANCELLED", receiptUrl: RECEIPT_URL });
  });

  it("is absent from a failed card payment and from a paid virtual account", async () => {
    const { act, control, getPayment } = setup();
    await act("FAILED");
    expect((await getPayment()).body).not.toHaveProperty("receiptUrl");
    await act("VIRTUAL_ACCOUNT_ISSUED", { paymentId: "order0002", payMethod: "VIRTUAL_ACCOUNT" });
    await control("POST", "/payments/order0002/deposit");
    const account = (await getPayment("order0002")).body;
    expect(account.status).toBe("PAID");
    expect(account).not.toHaveProperty("receiptUrl");
  });

  it("percent-encodes the paymentId", () => {
    expect(receiptUrlFor("http://127.0.0.1:8790", "a/b c")).toBe("http://127.0.0.1:8790/receipts/a%2Fb%20c");
  });
});

describe("GET /receipts/:paymentId", () => {
  it("shows the emulator's label, the order, the card, the amount paid, each cancellation and what is left", async () => {
    const { act, rest, app } = setup();
    await act("PAID");
    await rest("POST", "/payments/order0001/cancel", { reason: "사이즈 교환", amount: 9000 });
    const response = await app.request("/receipts/order0001");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain(EMULATOR_LABEL);
    expect(page).toContain(ORDER.orderName);
    expect(page).toContain("53694000****123*");
    expect(page).toContain("₩39,000");
    expect(page).toContain("₩9,000 취소 · 사이즈 교환");
    expect(page).toContain("₩30,000");
    expect(page).toContain("PARTIAL_CANCELLED");
  });

  it("shows a hostile orderName and cancel reason as text, never as markup", async () => {
    const { act, rest, app } = setup();
    await act("PAID", { orderName: '<script>alert("order")</script>' });
    await rest("POST", "/payments/order0001/cancel", { reason: "<img src=x onerror=alert(1)>" });
    const page = await (await app.request("/receipts/order0001")).text();
    expect(page).toContain("&lt;script&gt;alert(&quot;order&quot;)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).not.toContain('<script>alert("order")');
    expect(page).not.toContain("<img src=x");
  });

  it("answers 404 with a labelled page for an unknown, a failed and a virtual-account payment", async () => {
    const { act, control, app } = setup();
    await act("FAILED");
    await act("VIRTUAL_ACCOUNT_ISSUED", { paymentId: "order0002", payMethod: "VIRTUAL_ACCOUNT" });
    await control("POST", "/payments/order0002/deposit");
    for (const paymentId of ["nope", "order0001", "order0002"]) {
      const response = await app.request(`/receipts/${paymentId}`);
      expect(response.status, paymentId).toBe(404);
      expect(await response.text()).toContain(EMULATOR_LABEL);
    }
  });

  it("is linked from the dashboard for a paid card payment", async () => {
    const { act, app } = setup();
    await act("PAID");
    expect(await (await app.request("/")).text()).toContain('<a href="/receipts/order0001">영수증</a>');
  });
});

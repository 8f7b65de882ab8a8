import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { maskName, orderToken, trackingUrl } from "../../worker/shopper/order-link.ts";
import { call, complete, createOrder, pay, seedCatalog } from "./support.ts";

const SECRET = "test-order-link-secret-0123456789abcdef";
const BEARER = { authorization: "Bearer test-admin-token-0123456789abcdef0123" };

beforeEach(async () => {
  await seedCatalog();
});

async function paidPoster() {
  const response = await call("/api/orders", {
    method: "POST",
    json: {
      items: [{ productId: "poster", quantity: 2 }],
      customer: { fullName: "홍길동", email: "hong@example.com", phoneNumber: "010-1234-5678" },
      shipping: {
        recipient: "김수령",
        phoneNumber: "010-9876-5432",
        postcode: "06236",
        address1: "서울 강남구 테헤란로 1",
      },
    },
  });
  const created = (await response.json()) as Parameters<typeof pay>[0];
  await pay(created);
  return { created, completed: await complete(created.paymentId) };
}

describe("GET /orders/:paymentId (the shopper's order page)", () => {
  it("links the order page from the paid answer, and the page shows status, lines and amount without personal data", async () => {
    const { created, completed } = await paidPoster();
    const url = String(completed.body.orderUrl);
    expect(url).toBe(
      `https://checkout.example/orders/${created.paymentId}?t=${await orderToken(SECRET, created.paymentId)}`,
    );
    const response = await call(new URL(url).pathname + new URL(url).search);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await response.text();
    expect(page).toContain("결제 완료");
    expect(page).toContain("Poster × 2");
    expect(page).toContain("₩24,000");
    expect(page).toContain("김*령");
    expect(page).not.toMatch(/홍길동|hong@example|1234-5678|9876-5432|테헤란로|06236/);
  });

  it.each([
    ["no token", ""],
    ["a wrong token", "?t=AAAAAAAAAAAAAAAAAAAAAA"],
    ["another order's token", "other"],
  ])("answers %s exactly like an unknown order: 404 with the same page", async (_name, query) => {
    const { created } = await paidPoster();
    const other = await createOrder();
    const suffix = query === "other" ? `?t=${await orderToken(SECRET, other.paymentId)}` : query;
    const refused = await call(`/orders/${created.paymentId}${suffix}`);
    const unknown = await call(`/orders/payDoesNotExist0000?t=${await orderToken(SECRET, "payDoesNotExist0000")}`);
    expect(refused.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await refused.text()).toBe(await unknown.text());
  });

  it("issues no link and opens no page without ORDER_LINK_SECRET", async () => {
    const order = await createOrder();
    await pay(order);
    const response = await call(
      "/api/payments/complete",
      { method: "POST", json: { paymentId: order.paymentId } },
      { ORDER_LINK_SECRET: "" },
    );
    expect(await response.json()).not.toHaveProperty("orderUrl");
    const page = await call(
      `/orders/${order.paymentId}?t=${await orderToken(SECRET, order.paymentId)}`,
      {},
      { ORDER_LINK_SECRET: "" },
    );
    expect(page.status).toBe(404);
  });

  it("shows the carrier's tracking link once the merchant marks the order shipped", async () => {
    const { created, completed } = await paidPoster();
    await call(`/api/admin/orders/${created.paymentId}/fulfilment`, {
      method: "POST",
      headers: BEARER,
      json: { status: "SHIPPED", carrier: "CJ", trackingNumber: "640012345678" },
    });
    const page = await (
      await call(new URL(String(completed.body.orderUrl)).pathname + new URL(String(completed.body.orderUrl)).search)
    ).text();
    expect(page).toContain("배송 중");
    expect(page).toContain("https://trace.cjlogistics.com/next/tracking.html?wblNo=640012345678");
  });

  it("shows the virtual account while the deposit is awaited", async () => {
    const order = await createOrder([{ productId: "tshirt-black-m", quantity: 1 }], "VIRTUAL_ACCOUNT");
    await pay(order, "VIRTUAL_ACCOUNT_ISSUED");
    const completed = await complete(order.paymentId);
    const url = new URL(String(completed.body.orderUrl));
    const page = await (await call(`${url.pathname}${url.search}&lang=en`)).text();
    expect(page).toContain("Awaiting deposit");
    const account = (completed.body.virtualAccount as { accountNumber: string }).accountNumber;
    expect(page).toContain(account);
  });

  it("renders what a buyer typed as text, never as markup", async () => {
    await env.CHECKOUT_KV.put(
      "catalog",
      JSON.stringify({
        version: 1,
        products: {
          evil: { id: "evil", name: "<img src=x onerror=alert(1)>", amount: 1000, currency: "KRW", active: true },
        },
      }),
    );
    const order = await createOrder([{ productId: "evil", quantity: 1 }]);
    await pay(order);
    const completed = await complete(order.paymentId);
    const url = new URL(String(completed.body.orderUrl));
    const page = await (await call(`${url.pathname}${url.search}`)).text();
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;img src=x");
  });
});

describe("order-link helpers", () => {
  it.each([
    ["홍길동", "홍*동"],
    ["김수", "김*"],
    ["남궁민수", "남**수"],
    ["Jane Doe", "J*** D**"],
    ["A", "A"],
  ])("masks %s as %s", (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it("builds tracking links only for known carriers and plain tracking numbers", () => {
    expect(trackingUrl("POST", "1234567890123")).toContain("epost.go.kr");
    expect(trackingUrl("ETC", "123")).toBeUndefined();
    expect(trackingUrl("CJ", '123"><script>')).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import type { CreatedOrder } from "../../../contract/api.ts";
import { paymentRequest } from "../../../widget/payment-request.ts";

/** A worker's `POST /api/orders` answer, with `overrides`. */
const created = (overrides: Partial<CreatedOrder> = {}): CreatedOrder => ({
  paymentId: "pay0001test",
  orderName: "Black T-shirt (M)",
  totalAmount: 39000,
  currency: "KRW",
  storeId: "store-test-0000",
  channelKey: "channel-key-test-card",
  payMethod: "CARD",
  ...overrides,
});

describe("paymentRequest()", () => {
  it("passes the worker's amount, store, channel and ids verbatim and adds only the return URL", () => {
    expect(paymentRequest(created(), { redirectUrl: "https://shop.example/cart" })).toEqual({
      storeId: "store-test-0000",
      channelKey: "channel-key-test-card",
      paymentId: "pay0001test",
      orderName: "Black T-shirt (M)",
      totalAmount: 39000,
      currency: "KRW",
      payMethod: "CARD",
      redirectUrl: "https://shop.example/cart",
    });
  });

  it("forwards the customer, the window type and asks for EN_US when the element speaks English", () => {
    const customer = { fullName: "홍길동", email: "a@example.com" };
    const request = paymentRequest(created({ customer }), {
      redirectUrl: "https://shop.example/",
      windowType: { pc: "IFRAME", mobile: "REDIRECTION" },
      locale: "en",
    });
    expect(request).toMatchObject({ customer, windowType: { pc: "IFRAME", mobile: "REDIRECTION" }, locale: "EN_US" });
  });

  it("leaves locale out for Korean, PortOne's default, and drops fields of the order it does not know", () => {
    const order = { ...created(), items: [{ productId: "x", quantity: 1 }], secret: "x" } as CreatedOrder;
    const request = paymentRequest(order, { redirectUrl: "https://shop.example/", locale: "ko" });
    expect(request).not.toHaveProperty("locale");
    expect(request).not.toHaveProperty("items");
    expect(request).not.toHaveProperty("secret");
    expect(request).not.toHaveProperty("customer");
    expect(request).not.toHaveProperty("windowType");
  });
});

import { describe, expect, it } from "vitest";
import { createdOrderV1 } from "../../../worker/routes/created-order-v1.ts";
import { pendingOrder } from "./fakes.ts";

describe("createdOrderV1", () => {
  it("answers IMP.request_pay's parameters from the stored order: merchant_uid, major units, V1's pay_method", () => {
    const order = pendingOrder({ totalAmount: 1420, currency: "USD", payMethod: "VIRTUAL_ACCOUNT", orderName: "Cap" });
    expect(createdOrderV1(order, "imp12345678", {})).toEqual({
      version: "V1",
      paymentId: "pay1",
      orderName: "Cap",
      totalAmount: 1420,
      currency: "USD",
      payMethod: "VIRTUAL_ACCOUNT",
      impCode: "imp12345678",
      request: {
        channelKey: "channel-key-card",
        pay_method: "vbank",
        merchant_uid: "pay1",
        name: "Cap",
        amount: 14.2,
        currency: "USD",
      },
    });
  });

  it.each([
    ["CARD", "card"],
    ["TRANSFER", "trans"],
    ["MOBILE", "phone"],
    ["EASY_PAY", "card"],
    ["GIFT_CERTIFICATE", "cultureland"],
  ])("maps payMethod %s to pay_method %s", (payMethod, payV1) => {
    expect(createdOrderV1(pendingOrder({ payMethod }), "imp1", {}).request.pay_method).toBe(payV1);
  });

  it("cuts name to V1's 40 characters and fills the buyer from the customer and the shipping address", () => {
    const created = createdOrderV1(pendingOrder({ orderName: "가".repeat(45) }), "imp1", {
      customer: { fullName: "홍길동", email: "hong@example.com" },
      shipping: {
        recipient: "홍길동",
        phoneNumber: "010-1234-5678",
        postcode: "06236",
        address1: "테헤란로 1",
        address2: "2층",
      },
    });
    expect(created.request).toMatchObject({
      name: "가".repeat(40),
      buyer_name: "홍길동",
      buyer_email: "hong@example.com",
      buyer_tel: "010-1234-5678",
      buyer_addr: "테헤란로 1 2층",
      buyer_postcode: "06236",
    });
  });
});

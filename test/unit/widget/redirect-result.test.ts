import { describe, expect, it } from "vitest";
import { mayBeRedirectReturn, readRedirectResult, withoutRedirectParams } from "../../../widget/redirect-result.ts";

describe("readRedirectResult()", () => {
  it("reads PortOne's result from the return URL", () => {
    const href = "https://shop.example/cart?ref=ad&paymentId=pay1&txId=tx&transactionType=PAYMENT&paymentToken=tok";
    expect(readRedirectResult(href)).toEqual({ paymentId: "pay1", paymentToken: "tok" });
  });

  it("reads a failure's code, message, pgCode and pgMessage", () => {
    const query = new URLSearchParams({
      paymentId: "pay1",
      code: "FAILURE_TYPE_PG",
      message: "한도 초과",
      pgCode: "E1",
      pgMessage: "PG",
    });
    expect(readRedirectResult(`https://shop.example/?${query}`)).toEqual({
      paymentId: "pay1",
      code: "FAILURE_TYPE_PG",
      message: "한도 초과",
      pgCode: "E1",
      pgMessage: "PG",
    });
  });

  it("accepts the legacy payment_id spelling", () => {
    expect(readRedirectResult("https://shop.example/?payment_id=legacy&tx_id=tx")).toEqual({ paymentId: "legacy" });
  });

  it.each([
    {
      name: "a V1 success, imp_success ignored",
      query: "imp_uid=imp_1&merchant_uid=pay1&imp_success=true",
      result: { paymentId: "pay1", impUid: "imp_1" },
    },
    {
      name: "a V1 success reported with imp_success=false (deprecated, not read)",
      query: "imp_uid=imp_1&merchant_uid=pay1&imp_success=false",
      result: { paymentId: "pay1", impUid: "imp_1" },
    },
    {
      name: "a V1 failure's error_code and error_msg",
      query: "imp_uid=imp_1&merchant_uid=pay1&imp_success=false&error_code=F1002&error_msg=%ED%95%9C%EB%8F%84",
      result: { paymentId: "pay1", impUid: "imp_1", code: "F1002", message: "한도" },
    },
  ])("reads $name from an m_redirect_url return", ({ query, result }) => {
    expect(readRedirectResult(`https://shop.example/cart?ref=ad&${query}`)).toEqual(result);
  });

  it("returns null for a V1 return without merchant_uid", () => {
    expect(readRedirectResult("https://shop.example/?imp_uid=imp_1&imp_success=true")).toBeNull();
  });

  it("returns null for a page without a paymentId, even with a code parameter of its own", () => {
    expect(readRedirectResult("https://shop.example/?code=SUMMER")).toBeNull();
    expect(readRedirectResult("https://shop.example/?paymentId=")).toBeNull();
  });
});

describe("withoutRedirectParams()", () => {
  it("removes every parameter PortOne added and keeps the page's own", () => {
    const href =
      "https://shop.example/cart?ref=ad&paymentId=p&payment_id=p&paymentToken=t&code=c&message=m&pgCode=g&pgMessage=n&txId=x&tx_id=x&transactionType=PAYMENT#top";
    expect(withoutRedirectParams(href)).toBe("https://shop.example/cart?ref=ad#top");
  });

  it("removes V1's parameters, imp_success included, and keeps the page's own", () => {
    const href =
      "https://shop.example/cart?ref=ad&imp_uid=i&merchant_uid=p&imp_success=false&error_code=F&error_msg=m#top";
    expect(withoutRedirectParams(href)).toBe("https://shop.example/cart?ref=ad#top");
  });

  it("leaves a URL that is not a PortOne return alone, its code parameter included", () => {
    expect(withoutRedirectParams("https://shop.example/?code=SUMMER&message=hi")).toBe(
      "https://shop.example/?code=SUMMER&message=hi",
    );
  });
});

describe("mayBeRedirectReturn()", () => {
  it.each([
    "https://shop.example/cart?ref=ad&paymentId=pay1&txId=tx",
    "https://shop.example/?payment_id=legacy&tx_id=tx",
    "https://shop.example/?imp_uid=imp_1&merchant_uid=pay1",
    "https://shop.example/?imp_uid=imp_1&imp_success=true",
    "https://shop.example/?code=SUMMER",
    "https://shop.example/?paymentId=",
    "https://shop.example/?mypaymentId=x",
    "https://shop.example/",
  ])("agrees with readRedirectResult() on whether %s holds a result that needs the reader", (href) => {
    expect(mayBeRedirectReturn(new URL(href).search)).toBe(readRedirectResult(href) !== null);
  });
});

import { describe, expect, it } from "vitest";
import { classifyOutcome, isShopperCancel } from "../../../widget/payment-result.ts";

describe("classifyOutcome()", () => {
  it.each([
    [
      "Toss's PAY_PROCESS_CANCELED",
      { code: "FAILURE_TYPE_PG", pgCode: "PAY_PROCESS_CANCELED", message: "[PAY_PROCESS_CANCELED] 취소" },
    ],
    ["a USER_CANCEL code", { code: "USER_CANCEL", message: "closed" }],
    ["a message saying 취소", { code: "FAILURE_TYPE_PG", pgCode: "01", message: "사용자가 결제를 취소하셨습니다." }],
    ["a pgMessage saying 취소", { code: "FAILURE_TYPE_PG", pgMessage: "결제 취소" }],
  ])("classifies %s as PAYMENT_CANCELLED", (_name, outcome) => {
    expect(classifyOutcome({ paymentId: "pay1", ...outcome })).toMatchObject({
      kind: "failed",
      code: "PAYMENT_CANCELLED",
      paymentId: "pay1",
    });
  });

  it("classifies a declined card as PAYMENT_FAILED with PortOne's message", () => {
    expect(
      classifyOutcome({
        paymentId: "pay1",
        code: "FAILURE_TYPE_PG",
        pgCode: "EXCEED_LIMIT",
        message: "카드 한도 초과",
      }),
    ).toEqual({
      kind: "failed",
      code: "PAYMENT_FAILED",
      message: "카드 한도 초과",
      paymentId: "pay1",
    });
  });

  it("falls back to pgMessage, then to the code, for a failure without a message", () => {
    expect(classifyOutcome({ code: "X", pgMessage: "PG says no" })).toMatchObject({ message: "PG says no" });
    expect(classifyOutcome({ code: "FAILURE_TYPE_PG" })).toMatchObject({ message: "FAILURE_TYPE_PG" });
  });

  it("returns succeeded with the id the element asked for, not the one the window reported, and keeps the paymentToken", () => {
    expect(classifyOutcome({ paymentId: "other", paymentToken: "tok" }, "mine")).toEqual({
      kind: "succeeded",
      paymentId: "mine",
      paymentToken: "tok",
    });
  });

  it("treats an empty code as success to verify, and a result without any paymentId as PAYMENT_FAILED", () => {
    expect(classifyOutcome({ paymentId: "pay1", code: "" })).toMatchObject({ kind: "succeeded", paymentId: "pay1" });
    expect(classifyOutcome({})).toEqual({ kind: "failed", code: "PAYMENT_FAILED", message: "No paymentId" });
  });
});

describe("isShopperCancel()", () => {
  it("is false for a failure that does not mention cancelling", () => {
    expect(isShopperCancel({ code: "FAILURE_TYPE_PG", pgCode: "EXCEED_LIMIT", message: "한도 초과" })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { classifyImp, fromImp } from "../../../widget/payment-result-v1.ts";

describe("classifyImp()", () => {
  it.each([
    {
      name: "a callback without error_code, success: false notwithstanding",
      response: { imp_uid: "imp_1", merchant_uid: "pay1", error_code: null, error_msg: null, success: false },
      outcome: { kind: "succeeded", paymentId: "pay1", impUid: "imp_1" },
    },
    {
      name: "a callback with only imp_uid and merchant_uid",
      response: { imp_uid: "imp_1", merchant_uid: "pay1" },
      outcome: { kind: "succeeded", paymentId: "pay1", impUid: "imp_1" },
    },
    {
      name: "an error_code, imp_success: true notwithstanding",
      response: {
        imp_uid: "imp_1",
        merchant_uid: "pay1",
        error_code: "F1002",
        error_msg: "한도 초과",
        imp_success: true,
      },
      outcome: { kind: "failed", code: "PAYMENT_FAILED", message: "한도 초과", paymentId: "pay1" },
    },
    {
      name: "the shopper's cancel (취소), without imp_uid",
      response: {
        imp_uid: null,
        merchant_uid: "pay1",
        error_code: "F400",
        error_msg: "사용자가 결제를 취소하셨습니다",
      },
      outcome: {
        kind: "failed",
        code: "PAYMENT_CANCELLED",
        message: "사용자가 결제를 취소하셨습니다",
        paymentId: "pay1",
      },
    },
    {
      name: "an empty error_code (not null: a failure)",
      response: { imp_uid: "imp_1", merchant_uid: "pay1", error_code: "" },
      outcome: { kind: "failed", code: "PAYMENT_FAILED", message: "IMP_ERROR", paymentId: "pay1" },
    },
  ])("classifies $name", ({ response, outcome }) => {
    expect(classifyImp(response, "pay1")).toEqual(outcome);
  });

  it("keeps the merchant_uid the element opened, whatever the callback says", () => {
    expect(classifyImp({ imp_uid: "imp_1", merchant_uid: "other" }, "pay1")).toMatchObject({ paymentId: "pay1" });
  });
});

describe("fromImp()", () => {
  it("maps merchant_uid, imp_uid, error_code and error_msg onto V2's fields and nothing else", () => {
    expect(
      fromImp({ imp_uid: "imp_1", merchant_uid: "pay1", error_code: "F1", error_msg: "no", paid_amount: 1 } as never),
    ).toEqual({ paymentId: "pay1", impUid: "imp_1", code: "F1", message: "no" });
  });
});

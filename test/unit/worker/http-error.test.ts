import { describe, expect, it } from "vitest";
import { toApiError } from "../../../worker/routes/http-error.ts";
import type { ServiceError } from "../../../worker/services/errors.ts";

describe("toApiError", () => {
  it.each<[ServiceError, string, number]>([
    [{ code: "PRODUCT_NOT_FOUND", productId: "nope" }, "PRODUCT_NOT_FOUND", 422],
    [{ code: "MIXED_CURRENCIES", currencies: ["KRW", "USD"] }, "MIXED_CURRENCIES", 422],
    [{ code: "CATALOG_EMPTY" }, "CATALOG_EMPTY", 503],
    [{ code: "NOT_CONFIGURED", missing: ["PORTONE_API_SECRET"] }, "NOT_CONFIGURED", 503],
    [{ code: "ORDER_NOT_FOUND" }, "ORDER_NOT_FOUND", 404],
    [{ code: "PAYMENT_NOT_FOUND" }, "PAYMENT_NOT_FOUND", 404],
    [{ code: "PAYMENT_NOT_YET_VISIBLE" }, "PORTONE_UNAVAILABLE", 503],
    [{ code: "PAYMENT_STATUS_UNRECOGNIZED", rawStatus: "NEW" }, "PAYMENT_STATUS_UNRECOGNIZED", 409],
    [{ code: "PAYMENT_FAILED", message: undefined }, "PAYMENT_FAILED", 402],
    [{ code: "PAYMENT_CANCELLED", message: "고객 요청" }, "PAYMENT_CANCELLED", 409],
    [{ code: "PAYMENT_REJECTED", rejection: "CURRENCY_MISMATCH" }, "CURRENCY_MISMATCH", 409],
    [{ code: "PORTONE", failure: { kind: "UNAUTHORIZED", detail: "" } }, "PORTONE_AUTH_FAILED", 502],
    [{ code: "PORTONE", failure: { kind: "REFUSED", type: "X", detail: "" } }, "PORTONE_REJECTED", 502],
  ])("maps %o to %s (%i)", (error, code, status) => {
    const mapped = toApiError(error);
    expect({ code: mapped.code, status: mapped.status }).toEqual({ code, status });
    expect(mapped.message).not.toBe("");
  });

  it("answers a REJECTED order that lost its reason as 402 PAYMENT_FAILED, never a made-up AMOUNT_MISMATCH", () => {
    const mapped = toApiError({ code: "PAYMENT_REJECTED", rejection: null });
    expect(mapped).toMatchObject({ code: "PAYMENT_FAILED", status: 402 });
    expect(mapped.message).toMatch(/refused/);
  });

  it("names the missing settings in NOT_CONFIGURED", () => {
    expect(toApiError({ code: "NOT_CONFIGURED", missing: ["PORTONE_API_SECRET", "PORTONE_STORE_ID"] }).message).toBe(
      "The checkout is not configured: set PORTONE_API_SECRET, PORTONE_STORE_ID.",
    );
  });
});

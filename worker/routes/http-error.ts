import { type ApiErrorBody, ERROR_STATUS, type ErrorCode, type ErrorStatus } from "../../contract/index.ts";
import { REJECTION_MESSAGES } from "../domain/settlement.ts";
import type { ServiceError } from "../services/errors.ts";

/**
 * An error answer on its way out: thrown by routes and middleware, turned into
 * `{ code, message }` with its status (and headers, such as `Allow`) in one place, `app.onError`.
 *
 * @example throw new ApiError("METHOD_NOT_ALLOWED", "Use POST.", { Allow: "POST" });
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.headers = headers;
  }

  /** The wire body: the code and the shopper-safe message, nothing else. */
  get body(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/**
 * The one mapping from a service's refusal to the wire. No `default`: a `ServiceError` added
 * later does not compile until it is given a public code here. Details (PortOne's own error)
 * go to the log, not to the shopper.
 *
 * @example throw toApiError({ code: "ORDER_NOT_FOUND" }); // 404 ORDER_NOT_FOUND
 */
export function toApiError(error: ServiceError): ApiError {
  switch (error.code) {
    case "PRODUCT_NOT_FOUND":
      return new ApiError("PRODUCT_NOT_FOUND", `No product "${error.productId}" in the catalog.`);
    case "PRODUCT_UNAVAILABLE":
      return new ApiError("PRODUCT_UNAVAILABLE", `"${error.productId}" is not on sale.`);
    case "MIXED_CURRENCIES":
      return new ApiError("MIXED_CURRENCIES", `One order cannot mix ${error.currencies.join(" and ")}.`);
    case "AMOUNT_TOO_LARGE":
      return new ApiError("AMOUNT_TOO_LARGE", "The order total is above the checkout's limit.");
    case "CATALOG_EMPTY":
      return new ApiError("CATALOG_EMPTY", "The catalog is empty: run `npm run catalog -- push`.");
    case "NOT_CONFIGURED":
      return new ApiError("NOT_CONFIGURED", `The checkout is not configured: set ${error.missing.join(", ")}.`);
    case "ORDER_NOT_FOUND":
      return new ApiError("ORDER_NOT_FOUND", "No order has this paymentId.");
    case "PAYMENT_NOT_FOUND":
      return new ApiError("PAYMENT_NOT_FOUND", "PortOne has no payment for this order yet. The order is still open.");
    case "PAYMENT_NOT_YET_VISIBLE":
      // Not 2xx, so PortOne delivers the webhook again (up to 5 times over about 6 hours).
      return new ApiError("PORTONE_UNAVAILABLE", "PortOne does not show this payment yet; deliver again later.");
    case "PAYMENT_STATUS_UNRECOGNIZED":
      return new ApiError(
        "PAYMENT_STATUS_UNRECOGNIZED",
        "PortOne reported a status this checkout does not know; the order is not paid.",
      );
    case "PAYMENT_FAILED":
      return new ApiError("PAYMENT_FAILED", error.message ?? "The payment failed.");
    case "PAYMENT_CANCELLED":
      return new ApiError("PAYMENT_CANCELLED", error.message ?? "The payment was cancelled.");
    case "PAYMENT_REJECTED":
      // Without the reason, say what is known (refused, not paid) rather than guess a mismatch.
      return error.rejection
        ? new ApiError(error.rejection, REJECTION_MESSAGES[error.rejection])
        : new ApiError("PAYMENT_FAILED", "The checkout refused this payment; it has been cancelled.");
    case "PORTONE":
      return portOneError(error);
    case "SHIPPING_REQUIRED":
      return new ApiError(
        "SHIPPING_REQUIRED",
        `"${error.productId}" ships: send shipping with a recipient, phone, postcode and address.`,
      );
    case "OUT_OF_STOCK":
      return new ApiError("OUT_OF_STOCK", `"${error.productId}" is sold out.`);
    case "STORAGE_UNAVAILABLE":
      return new ApiError(
        "STORAGE_UNAVAILABLE",
        "The order could not be saved. Nothing was charged: try again in a moment.",
      );
    case "ORDER_NOT_REFUNDABLE":
      return new ApiError("ORDER_NOT_REFUNDABLE", `Only a paid order can be refunded (this one is ${error.status}).`);
    case "ORDER_NOT_SHIPPABLE":
      return new ApiError("ORDER_NOT_SHIPPABLE", "Only a paid order can be shipped.");
    case "REFUND_EXCEEDS_BALANCE":
      return new ApiError(
        "REFUND_EXCEEDS_BALANCE",
        `At most ${error.balance} (${error.currency} minor units) is left to refund.`,
      );
    case "REFUND_ACCOUNT_REQUIRED":
      return new ApiError(
        "REFUND_ACCOUNT_REQUIRED",
        "A virtual-account payment is refunded to a bank account: send refundAccount.",
      );
    case "REFUND_PENDING":
      return new ApiError(
        "PORTONE_UNAVAILABLE",
        "PortOne did not confirm the refund in time; it may have gone through. Send the same request with the same Idempotency-Key to finish it: it never refunds twice.",
      );
    case "PAYMENT_CHANGED":
      return new ApiError(
        "PAYMENT_CHANGED",
        `The payment changed in PortOne meanwhile (${error.detail}); reload and try again.`,
      );
    case "DELIVERY_NOT_FOUND":
      // No code of its own: to the merchant it is the same as asking about an order that is not there.
      return new ApiError("ORDER_NOT_FOUND", "This order has no notification delivery with that id.");
  }
}

function portOneError({ failure, paymentId }: Extract<ServiceError, { code: "PORTONE" }>): ApiError {
  console.error(JSON.stringify({ event: "portone_call_failed", paymentId, ...failure }));
  switch (failure.kind) {
    case "UNAVAILABLE":
      return new ApiError("PORTONE_UNAVAILABLE", "PortOne did not answer. Nothing was lost: try again in a moment.");
    case "UNAUTHORIZED":
      return new ApiError(
        "PORTONE_AUTH_FAILED",
        "PortOne refused the checkout's credentials (check PORTONE_API_SECRET).",
      );
    case "NOT_FOUND":
      return new ApiError("PAYMENT_NOT_FOUND", "PortOne has no payment with this paymentId.");
    case "REFUSED":
      return new ApiError("PORTONE_REJECTED", `PortOne refused the request (${failure.type}).`);
  }
}

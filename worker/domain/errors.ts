import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every error code the API can answer with. Stable: merchants and the widget match on them.
 * The HTTP status of each is in {@link ERROR_STATUS}, which the compiler checks is complete.
 */
export type ErrorCode =
  | "INVALID_REQUEST"
  | "MALFORMED_JSON"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "ORIGIN_NOT_ALLOWED"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "PRODUCT_NOT_FOUND"
  | "PRODUCT_UNAVAILABLE"
  | "MIXED_CURRENCIES"
  | "AMOUNT_TOO_LARGE"
  | "CATALOG_EMPTY"
  | "ORDER_NOT_FOUND"
  | "PAYMENT_NOT_FOUND"
  | "PAYMENT_FAILED"
  | "PAYMENT_CANCELLED"
  | "PAYMENT_STATUS_UNRECOGNIZED"
  | "AMOUNT_MISMATCH"
  | "CURRENCY_MISMATCH"
  | "STORE_MISMATCH"
  | "TEST_CHANNEL_REFUSED"
  | "WEBHOOK_SIGNATURE_INVALID"
  | "PORTONE_UNAVAILABLE"
  | "PORTONE_AUTH_FAILED"
  | "PORTONE_REJECTED"
  | "NOT_CONFIGURED"
  | "INTERNAL_ERROR";

/** The HTTP status for each code: a `Record` over the union, so a new code must be given one. */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PRODUCT_NOT_FOUND: 422,
  PRODUCT_UNAVAILABLE: 422,
  MIXED_CURRENCIES: 422,
  AMOUNT_TOO_LARGE: 422,
  CATALOG_EMPTY: 503,
  ORDER_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  PAYMENT_FAILED: 402,
  PAYMENT_CANCELLED: 409,
  PAYMENT_STATUS_UNRECOGNIZED: 409,
  AMOUNT_MISMATCH: 409,
  CURRENCY_MISMATCH: 409,
  STORE_MISMATCH: 409,
  TEST_CHANNEL_REFUSED: 409,
  WEBHOOK_SIGNATURE_INVALID: 401,
  PORTONE_UNAVAILABLE: 503,
  PORTONE_AUTH_FAILED: 502,
  PORTONE_REJECTED: 502,
  NOT_CONFIGURED: 503,
  INTERNAL_ERROR: 500,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

/**
 * An expected refusal, thrown by routes and turned into `{ code, message }` in one place
 * (`app.onError`). Services return results instead of throwing.
 *
 * @example
 * throw new ApiError("ORDER_NOT_FOUND", "No order has this paymentId.");
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

/**
 * Every error code the worker answers with, and its HTTP status: the closed set merchants and the
 * element match on. A body is always `{ code, message }` ({@link ApiErrorBody}).
 *
 * The table is a value so the worker can send the status and the README can list it; the element
 * imports only the types (`import type`), so it adds no bytes to the drop-in.
 *
 * @example
 * const body: ApiErrorBody = { code: "AMOUNT_MISMATCH", message: "..." };
 * ERROR_STATUS[body.code]; // 409
 */
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
  SHIPPING_REQUIRED: 422,
  OUT_OF_STOCK: 409,
  STORAGE_UNAVAILABLE: 503,
  ADMIN_AUTH_REQUIRED: 401,
  TOO_MANY_ATTEMPTS: 429,
  TOO_MANY_REQUESTS: 429,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  ORDER_NOT_REFUNDABLE: 409,
  ORDER_NOT_SHIPPABLE: 409,
  REFUND_EXCEEDS_BALANCE: 409,
  REFUND_ACCOUNT_REQUIRED: 422,
  PAYMENT_CHANGED: 409,
  INTERNAL_ERROR: 500,
} as const;

/** A stable, SCREAMING_SNAKE error code of the worker's API. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The HTTP statuses the worker answers errors with. */
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** Every error answer of the worker's API. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
}

/** Why the worker refused a payment PortOne reported: the amount, currency, store or channel. */
export type RejectionCode = "AMOUNT_MISMATCH" | "CURRENCY_MISMATCH" | "STORE_MISMATCH" | "TEST_CHANNEL_REFUSED";

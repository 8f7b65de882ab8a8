import type { Context } from "hono";

/**
 * PortOne's error types with their HTTP status (`x-portone-status-code` in the OpenAPI spec).
 * A type missing here cannot be thrown, so a new one needs its status first.
 */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  INVALID_PAYMENT_TOKEN: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYMENT_NOT_FOUND: 404,
  NOT_FOUND: 404,
  ALREADY_PAID: 409,
  PAYMENT_NOT_PAID: 409,
  PAYMENT_ALREADY_CANCELLED: 409,
  PAYMENT_NOT_WAITING_FOR_DEPOSIT: 409,
  CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: 409,
  CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT: 409,
  CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT: 409,
  SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT: 409,
  MAX_CANCEL_COUNT_REACHED: 409,
  INFORMATION_MISMATCH: 409,
  IDEMPOTENCY_OUTSTANDING_REQUEST: 409,
  INVALID_STATE: 409,
} as const;

/** One of PortOne's error `type`s the emulator answers with. */
export type ApiErrorType = keyof typeof ERROR_STATUS;

/**
 * An error answered as PortOne does: `{ type, message }` with the type's status.
 *
 * @example
 * ```ts
 * throw new ApiError("PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
 * ```
 */
export class ApiError extends Error {
  readonly type: ApiErrorType;
  readonly status: (typeof ERROR_STATUS)[ApiErrorType];

  constructor(type: ApiErrorType, message: string) {
    super(message);
    this.name = "ApiError";
    this.type = type;
    this.status = ERROR_STATUS[type];
  }
}

/**
 * The `app.onError` handler: an {@link ApiError} becomes its JSON body, anything else a 500
 * (logged, since it is a bug in the emulator).
 */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    return c.json({ type: error.type, message: error.message }, error.status);
  }
  console.error("[portone-emulator]", error);
  return c.json({ type: "INTERNAL_SERVER_ERROR", message: "에뮬레이터 내부 오류입니다." }, 500);
}

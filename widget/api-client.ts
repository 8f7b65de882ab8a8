/**
 * The widget's client for the worker's HTTP API (`docs/api.md`).
 *
 * Every call answers a tagged result instead of throwing. Network failures (fetch throws, a
 * timeout, or 502/503/504) are retried with backoff before giving up: creating an order charges
 * nothing and completing a payment is idempotent, so repeating either is safe.
 *
 * @example
 * ```ts
 * const api = createApiClient('https://pay.example.com');
 * const order = await api.createOrder({ items: [{ productId: 'tshirt-black-m', quantity: 1 }] });
 * if (order.ok) console.log(order.value.paymentId);
 * ```
 */

import type { CompletePaymentRequest, CreatedOrderAnswer, CreateOrderRequest, PublicOrder } from "../contract/api.js";
import type { ErrorCode } from "../contract/errors.js";

/**
 * An order as the element reads it: the contract's {@link PublicOrder}, with a status that may
 * be one the element does not know yet (a newer worker). Such a status is never shown as paid.
 */
export type OrderState = Omit<PublicOrder, "status"> & { status: PublicOrder["status"] | (string & {}) };

/** A failed call: the worker's `{ code, message }`, or `NETWORK_ERROR` when it never answered. */
export interface ApiError {
  code: ErrorCode | "NETWORK_ERROR" | (string & {});
  message: string;
  /** True when retrying later may succeed (network failure, 5xx `PORTONE_UNAVAILABLE`). */
  retryable: boolean;
}

/** The outcome of one API call. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Attempts in all for one call; the wait before retry `n` (0-based) is 500 ms × 2ⁿ. */
const attempts = 3;
/** PortOne asks for generous read timeouts; the worker may be waiting on it. */
const timeoutMs = 30_000;

/** The three calls the widget makes. */
export interface ApiClient {
  createOrder(body: CreateOrderRequest): Promise<ApiResult<CreatedOrderAnswer>>;
  /** `paymentToken` and `impUid` only when set (JSON drops `undefined`). */
  completePayment(body: CompletePaymentRequest): Promise<ApiResult<OrderState>>;
  getOrder(paymentId: string): Promise<ApiResult<OrderState>>;
}

/** 502, 503, 504: a proxy or a cold start, worth another try. */
const retryableStatus = (status: number) => status > 501 && status < 505;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A client for the worker at `base` (an origin, optionally with a path prefix).
 *
 * @example
 * ```ts
 * const state = await createApiClient(base).completePayment({ paymentId });
 * ```
 */
export function createApiClient(base: string): ApiClient {
  const root = base.replace(/\/+$/, "");

  async function call<T>(path: string, init: RequestInit, valid: (body: unknown) => body is T): Promise<ApiResult<T>> {
    // Set by every attempt: the last one's error is the answer.
    let error!: ApiError;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(500 * 2 ** (attempt - 1));
      let response: Response;
      try {
        response = await fetch(root + path, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      } catch (cause) {
        error = { code: "NETWORK_ERROR", message: String(cause), retryable: true };
        continue;
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok && valid(body)) return { ok: true, value: body };
      error = toError(response.status, body);
      if (!error.retryable) return { ok: false, error };
    }
    return { ok: false, error };
  }

  // JSON in a string body: the browser labels it text/plain, a CORS "simple" request, so a
  // purchase pays no preflight; the worker reads it as JSON after checking the origin.
  const json = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

  return {
    createOrder: (body) => call("/api/orders", json(body), isAboutPayment),
    completePayment: (body) => call("/api/payments/complete", json(body), isAboutPayment),
    getOrder: (paymentId) => call(`/api/orders/${encodeURIComponent(paymentId)}`, {}, isAboutPayment),
  };
}

function toError(status: number, body: unknown): ApiError {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  const known = typeof code === "string";
  // Worth retrying: PORTONE_UNAVAILABLE, or 502-504 without the worker's JSON (a proxy, a cold
  // start). Not PORTONE_AUTH_FAILED or CATALOG_EMPTY, which retrying cannot fix; and a 2xx
  // body the widget does not understand is never guessed at.
  const retryable = code === "PORTONE_UNAVAILABLE" || (!known && retryableStatus(status));
  return {
    code: known ? code : retryable ? "NETWORK_ERROR" : "INTERNAL_ERROR",
    message: typeof message === "string" ? message : `HTTP ${status}`,
    retryable,
  };
}

/** An answer about a payment: anything without a `paymentId` is not one (the worker is trusted for the rest). */
const isAboutPayment = (body: unknown): body is CreatedOrderAnswer & OrderState =>
  typeof (body as { paymentId?: unknown } | null)?.paymentId === "string";

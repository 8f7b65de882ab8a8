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

/** One order line, as the page asks for it (the worker prices it from its catalog). */
export interface CheckoutItem {
  productId: string;
  quantity: number;
}

/** The shopper's details, only forwarded to PortOne. */
export interface CheckoutCustomer {
  fullName?: string;
  email?: string;
  phoneNumber?: string;
}

/** The body of `POST /api/orders`. */
export interface OrderRequest {
  items: CheckoutItem[];
  payMethod: string;
  customer?: CheckoutCustomer;
}

/** `POST /api/orders` 201: everything `requestPayment` needs, computed by the worker. */
export interface CreatedOrder {
  paymentId: string;
  orderName: string;
  totalAmount: number;
  currency: string;
  storeId: string;
  channelKey: string;
  payMethod: string;
  customer?: CheckoutCustomer;
}

/** An order's status as the worker reports it; unknown future values stay strings. */
export type OrderStatus = "PENDING" | "AWAITING_DEPOSIT" | "PAID" | "FAILED" | "CANCELLED" | "REJECTED" | (string & {});

/** The virtual account a shopper pays into. */
export interface VirtualAccount {
  bank: string;
  accountNumber: string;
  remitteeName?: string;
  expiredAt?: string;
}

/** The order's public state (`GET /api/orders/:paymentId`, `POST /api/payments/complete`). */
export interface OrderState {
  paymentId: string;
  status: OrderStatus;
  orderName: string;
  totalAmount: number;
  currency: string;
  items?: { productId: string; name?: string; quantity: number; unitAmount?: number }[];
  virtualAccount?: VirtualAccount;
  failure?: { code: string; message: string };
  paidAt?: string;
  updatedAt?: string;
}

/** A failed call: the worker's `{ code, message }`, or `NETWORK_ERROR` when it never answered. */
export interface ApiError {
  code: string;
  message: string;
  /** True when retrying later may succeed (network failure, 5xx `PORTONE_UNAVAILABLE`). */
  retryable: boolean;
}

/** The outcome of one API call. */
export type ApiResult<T> = { ok: true; status: number; value: T } | { ok: false; error: ApiError };

/** Attempts in all for one call; the wait before retry `n` (0-based) is 500 ms × 2ⁿ. */
const attempts = 3;
/** PortOne asks for generous read timeouts; the worker may be waiting on it. */
const timeoutMs = 30_000;

/** The three calls the widget makes. */
export interface ApiClient {
  createOrder(body: OrderRequest): Promise<ApiResult<CreatedOrder>>;
  completePayment(paymentId: string, paymentToken?: string): Promise<ApiResult<OrderState>>;
  getOrder(paymentId: string): Promise<ApiResult<OrderState>>;
}

const retryableStatus = (status: number) => status === 502 || status === 503 || status === 504;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A client for the worker at `base` (an origin, optionally with a path prefix).
 *
 * @example
 * ```ts
 * const state = await createApiClient(base).completePayment(paymentId);
 * ```
 */
export function createApiClient(base: string): ApiClient {
  const root = base.replace(/\/+$/, "");

  async function call<T>(path: string, init: RequestInit, valid: (body: unknown) => body is T): Promise<ApiResult<T>> {
    let error: ApiError = { code: "NETWORK_ERROR", message: "No answer", retryable: true };
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
      if (response.ok && valid(body)) return { ok: true, status: response.status, value: body };
      error = toError(response.status, body);
      if (!error.retryable) return { ok: false, error };
    }
    return { ok: false, error };
  }

  const json = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

  return {
    createOrder: (body) => call("/api/orders", json(body), isAboutPayment),
    completePayment: (paymentId, paymentToken) =>
      call("/api/payments/complete", json(paymentToken ? { paymentId, paymentToken } : { paymentId }), isAboutPayment),
    getOrder: (paymentId) => call(`/api/orders/${encodeURIComponent(paymentId)}`, { method: "GET" }, isAboutPayment),
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
const isAboutPayment = (body: unknown): body is CreatedOrder & OrderState =>
  typeof (body as { paymentId?: unknown } | null)?.paymentId === "string";

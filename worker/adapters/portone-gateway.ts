import { PaymentClient } from "@portone/server-sdk";
import type { Payment } from "@portone/server-sdk/payment";
import type { VirtualAccount } from "../../contract/index.ts";
import type { PaymentRecord } from "../domain/settlement.ts";
import type { GatewayFailure, GatewayResult, PaymentGateway } from "../services/ports.ts";

/**
 * `PaymentGateway` over PortOne's REST API through `@portone/server-sdk`.
 *
 * Limits this adapter lives with: the SDK always uses the global `fetch` and throws typed
 * errors carrying `data.type` but not the HTTP status, so 5xx, network errors, non-JSON bodies
 * and time-outs all read as `UNAVAILABLE`. A time-out stops the wait, not the request: the call
 * may still land, which is safe because pre-registering, confirming and refunding (sent with an
 * `Idempotency-Key`) are idempotent. Callers pass only paymentIds of our shape, so a path is
 * never longer than PortOne accepts.
 */

/** How to reach PortOne: the API secret, its base URL, the store, and how long to wait. */
interface GatewayOptions {
  secret: string;
  baseUrl: string;
  storeId: string;
  /** Give up waiting after this long and report `UNAVAILABLE` (the call may still land: retries are idempotent). */
  timeoutMs: number;
}

/**
 * The PortOne calls, each bounded by `timeoutMs`.
 *
 * @example
 * const gateway = portOneGateway({ secret, baseUrl: env.PORTONE_API_BASE, storeId, timeoutMs: 15000 });
 * const payment = await gateway.getPayment(paymentId);
 */
export function portOneGateway(options: GatewayOptions): PaymentGateway {
  const client = PaymentClient({ secret: options.secret, baseUrl: options.baseUrl, storeId: options.storeId });
  const call = <T>(work: () => Promise<T>) => guard(work, options.timeoutMs);
  return {
    preRegister: ({ paymentId, totalAmount, currency }) =>
      call(async () => {
        await client.preRegisterPayment({ paymentId, storeId: options.storeId, totalAmount, currency });
      }),
    getPayment: (paymentId) => call(async () => toRecord(await client.getPayment({ paymentId }))),
    confirm: ({ paymentId, paymentToken, totalAmount, currency }) =>
      call(async () => {
        await client.confirmPayment({ paymentId, paymentToken, totalAmount, currency, storeId: options.storeId });
      }),
    refund: ({ paymentId, how, reason }) =>
      call(async () => {
        if (how === "CLOSE_VIRTUAL_ACCOUNT") {
          await client.closeVirtualAccount({ paymentId, storeId: options.storeId });
          return;
        }
        // The SDK cannot send an Idempotency-Key, and a refund must never run twice.
        await cancelByHand(options, paymentId, { reason, requester: "ADMIN" }, `refund-${paymentId}`);
      }),
    cancel: ({ paymentId, amount, reason, currentCancellableAmount, idempotencyKey, refundAccount }) =>
      call(async () => {
        const answer = (await cancelByHand(
          options,
          paymentId,
          { amount, reason, currentCancellableAmount, requester: "ADMIN", ...(refundAccount ? { refundAccount } : {}) },
          idempotencyKey,
        )) as { cancellation?: { id?: unknown; status?: unknown } };
        const { id, status } = answer.cancellation ?? {};
        if (typeof id !== "string") throw new Error("PortOne's cancellation has no id");
        // A FAILED cancellation is PortOne (or the PG) refusing: nothing was given back.
        if (status === "FAILED")
          throw { data: { type: "CANCELLATION_FAILED", message: "The PG refused the cancellation." } };
        return { cancellationId: id, status: status === "REQUESTED" ? ("REQUESTED" as const) : ("SUCCEEDED" as const) };
      }),
    listPayments: ({ from, until, page, size }) =>
      call(async () => {
        const answer = await client.getPayments({
          page: { number: page, size },
          filter: {
            storeId: options.storeId,
            timestampType: "STATUS_CHANGED_AT",
            from,
            until,
            sortBy: "STATUS_CHANGED_AT",
            sortOrder: "ASC",
          },
        });
        return {
          items: answer.items.map((payment) => ({
            paymentId: String((payment as { id?: unknown }).id),
            statusChangedAt: String((payment as { statusChangedAt?: unknown }).statusChangedAt),
            record: toRecord(payment),
          })),
          totalCount: answer.page.totalCount,
        };
      }),
  };
}

/**
 * `POST /payments/{paymentId}/cancel` by hand (the SDK cannot send an `Idempotency-Key`): same
 * auth, the body PortOne documents, the key quoted as Standard Idempotency asks.
 */
async function cancelByHand(
  options: GatewayOptions,
  paymentId: string,
  body: Record<string, unknown>,
  key: string,
): Promise<unknown> {
  const response = await fetch(new URL(`/payments/${encodeURIComponent(paymentId)}/cancel`, options.baseUrl), {
    method: "POST",
    headers: {
      Authorization: `PortOne ${options.secret}`,
      "Content-Type": "application/json",
      "Idempotency-Key": `"${key}"`,
    },
    body: JSON.stringify({ ...body, storeId: options.storeId }),
  });
  const answer: unknown = await response.json();
  if (!response.ok) throw { data: answer };
  return answer;
}

/** `work`'s value, or why it failed; a time-out is `UNAVAILABLE`. One timer, no race of promises. */
function guard<T>(work: () => Promise<T>, timeoutMs: number): Promise<GatewayResult<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, failure: classify(new Error(`PortOne did not answer within ${timeoutMs} ms`)) }),
      timeoutMs,
    );
    const fail = (error: unknown) => {
      clearTimeout(timer);
      resolve({ ok: false, failure: classify(error) });
    };
    try {
      work().then((value) => {
        clearTimeout(timer);
        resolve({ ok: true, value });
      }, fail);
    } catch (error) {
      fail(error);
    }
  });
}

function classify(error: unknown): GatewayFailure {
  const data = (error as { data?: { type?: unknown; message?: unknown } } | null)?.data;
  const type = typeof data?.type === "string" ? data.type : undefined;
  const detail = typeof data?.message === "string" ? data.message : String((error as Error)?.message ?? error);
  switch (type) {
    case undefined:
      return { kind: "UNAVAILABLE", detail };
    case "PAYMENT_NOT_FOUND":
      return { kind: "NOT_FOUND" };
    case "UNAUTHORIZED":
    case "FORBIDDEN":
      return { kind: "UNAUTHORIZED", detail };
    default:
      // PortOne's own 5xx errors carry a type too; anything we do not know is not a refusal we can act on.
      return /INTERNAL|UNAVAILABLE|TIMEOUT|OUTSTANDING/.test(type)
        ? { kind: "UNAVAILABLE", detail: `${type}: ${detail}` }
        : { kind: "REFUSED", type, detail };
  }
}

/** A cancellation as PortOne lists it (`SUCCEEDED`, `REQUESTED` or `FAILED`). */
interface RawCancellation {
  id?: unknown;
  status?: unknown;
  totalAmount?: unknown;
  reason?: unknown;
  cancelledAt?: unknown;
  requestedAt?: unknown;
}

const KNOWN = new Set([
  "READY",
  "PAY_PENDING",
  "VIRTUAL_ACCOUNT_ISSUED",
  "PAID",
  "FAILED",
  "PARTIAL_CANCELLED",
  "CANCELLED",
]);

/**
 * Narrows the SDK's payment union to the facts settlement needs; unknown statuses stay unknown,
 * and a field PortOne left out stays absent (never `null`).
 *
 * @example toRecord(await client.getPayment({ paymentId })) // → { status: "PAID", amountTotal: 1000, ... }
 */
export function toRecord(payment: Payment): PaymentRecord {
  const p = payment as Partial<Extract<Payment, { status: "PAID" }>> & Record<string, unknown>;
  const rawStatus = String(payment.status);
  const record: PaymentRecord = {
    status: KNOWN.has(rawStatus) ? (rawStatus as PaymentRecord["status"]) : "UNRECOGNIZED",
    rawStatus,
    storeId: typeof p.storeId === "string" ? p.storeId : null,
    currency: typeof p.currency === "string" ? p.currency : null,
    amountTotal: typeof p.amount?.total === "number" ? p.amount.total : null,
    channelType: typeof p.channel?.type === "string" ? p.channel.type : null,
  };
  if (typeof p.paidAt === "string") record.paidAt = p.paidAt;
  const method = p.method as
    | { type?: string; bank?: string; accountNumber?: string; remitteeName?: string; expiredAt?: string }
    | undefined;
  if (method?.type === "PaymentMethodVirtualAccount" && method.accountNumber) {
    // PortOne's spec makes everything but the number optional: a PG may leave any of them out.
    const account: VirtualAccount = { accountNumber: method.accountNumber };
    if (typeof method.bank === "string") account.bank = method.bank;
    if (typeof method.remitteeName === "string") account.remitteeName = method.remitteeName;
    if (typeof method.expiredAt === "string") account.expiredAt = method.expiredAt;
    record.virtualAccount = account;
  }
  if (method?.type === "PaymentMethodVirtualAccount") record.isVirtualAccount = true;
  const failure = (payment as { failure?: PaymentRecord["failure"] }).failure;
  if (failure) record.failure = failure;
  const amount = p.amount as { cancelled?: unknown } | undefined;
  if (typeof amount?.cancelled === "number") record.amountCancelled = amount.cancelled;
  if (typeof p.receiptUrl === "string") record.receiptUrl = p.receiptUrl;
  const cancellations = (payment as { cancellations?: RawCancellation[] }).cancellations;
  if (Array.isArray(cancellations)) {
    record.cancellations = cancellations
      .filter((c) => typeof c?.id === "string" && typeof c.totalAmount === "number")
      .map((c) => ({
        id: c.id as string,
        amount: c.totalAmount as number,
        reason: typeof c.reason === "string" ? c.reason : "",
        at: typeof c.cancelledAt === "string" ? c.cancelledAt : typeof c.requestedAt === "string" ? c.requestedAt : "",
        status: c.status === "REQUESTED" || c.status === "FAILED" ? c.status : "SUCCEEDED",
      }));
  }
  const cancelReason = cancellations?.at(-1)?.reason;
  if (typeof cancelReason === "string" && cancelReason) record.cancelReason = cancelReason;
  return record;
}

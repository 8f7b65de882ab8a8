import type { Order } from "../domain/order.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { applyVerdict, judge, type PaymentRecord, type Verdict, withPaymentFacts } from "../domain/settlement.ts";
import type { ServiceError } from "./errors.ts";
import { publish } from "./lifecycle.ts";
import type { OrderTransition, ServiceDeps, TransitionCause } from "./ports.ts";

/** Why settlement could not reach a verdict. */
type SettleError = Extract<
  ServiceError,
  { code: "ORDER_NOT_FOUND" | "PAYMENT_NOT_FOUND" | "PAYMENT_STATUS_UNRECOGNIZED" | "PORTONE" | "STORAGE_UNAVAILABLE" }
>;

/** Who asks for the settlement, and the manual-confirm token when the browser has one. */
interface SettleInput {
  paymentId: string;
  cause: TransitionCause;
  paymentToken?: string;
  /** V1 only: the browser's `imp_uid`, which attempt to read (the gateway checks it is this order's). */
  impUid?: string;
  /**
   * Refuse with `STORAGE_UNAVAILABLE` when the ledger could not be written, instead of answering
   * the unsaved truth: a webhook must not be acknowledged then, so PortOne delivers it again.
   */
  mustSave?: boolean;
}

/**
 * Settles an order from PortOne's own record: the one service behind both
 * `POST /api/payments/complete` and the webhook (PortOne's sample calls it `syncPayment`).
 * Idempotent: it re-reads the payment every time, state only moves forward, and the order is
 * written only when something changed. A status change is announced to the lifecycle
 * listeners with the caller's `cause`.
 *
 * @example
 * const settled = await settlePayment(deps, { paymentId, cause: "WEBHOOK" });
 * if (settled.ok && settled.value.status === "PAID") ship(settled.value);
 */
export async function settlePayment(deps: ServiceDeps, input: SettleInput): Promise<Result<Order, SettleError>> {
  const { paymentId, cause } = input;
  const order = await deps.store.getOrder(paymentId);
  if (!order) return err({ code: "ORDER_NOT_FOUND" });
  // A rejected order never becomes paid; only its refund may still need finishing.
  if (order.status === "REJECTED") return ok(await finishRefund(deps, order));

  if (input.paymentToken && order.status === "PENDING") {
    // Manual-confirm channels charge nothing until we confirm, with *our* amount and currency.
    const confirmed = await deps.gateway.confirm({
      paymentId,
      paymentToken: input.paymentToken,
      totalAmount: order.totalAmount,
      currency: order.currency,
    });
    if (!confirmed.ok) {
      const { failure } = confirmed;
      if (failure.kind === "REFUSED" && failure.type === "INFORMATION_MISMATCH") {
        return saved(
          input,
          await record(deps, cause, order, {
            kind: "reject",
            code: "AMOUNT_MISMATCH",
            refund: "NONE",
            expected: String(order.totalAmount),
            actual: "confirm refused",
          }),
        );
      }
      if (failure.kind === "UNAVAILABLE" || failure.kind === "UNAUTHORIZED")
        return err({ code: "PORTONE", failure, paymentId });
      // Anything else (already confirmed, token spent): PortOne's record below is the truth.
    }
  }

  const read = await deps.gateway.getPayment(paymentId, input.impUid ? { impUid: input.impUid } : undefined);
  if (!read.ok && read.failure.kind === "REFUSED" && read.failure.type === "MERCHANT_UID_MISMATCH") {
    // Another order's payment (a cheaper one, say) offered for this order: refused, and never
    // refunded, since the money belongs to that other order.
    return saved(
      input,
      await record(deps, cause, order, {
        kind: "reject",
        code: "STORE_MISMATCH",
        refund: "NONE",
        expected: `merchant_uid ${paymentId}`,
        actual: read.failure.detail,
      }),
    );
  }
  if (!read.ok) {
    // PortOne has never seen this payment: the window was never paid. The order stays PENDING.
    if (read.failure.kind === "NOT_FOUND") return err({ code: "PAYMENT_NOT_FOUND" });
    return err({ code: "PORTONE", failure: read.failure, paymentId });
  }
  const { storeId, allowTestPayments } = deps.settings;
  const verdict = judge(order, read.value, { storeId, allowTestPayments });
  if (verdict.kind === "unrecognized") {
    // PortOne may add statuses at any time; an unknown one is never treated as paid.
    console.warn(JSON.stringify({ event: "payment_status_unrecognized", paymentId, status: verdict.rawStatus }));
    return err({ code: "PAYMENT_STATUS_UNRECOGNIZED", rawStatus: verdict.rawStatus });
  }
  return saved(input, await record(deps, cause, order, verdict, read.value));
}

function saved(input: SettleInput, recorded: { order: Order; saved: boolean }): Result<Order, SettleError> {
  return !recorded.saved && input.mustSave ? err({ code: "STORAGE_UNAVAILABLE" }) : ok(recorded.order);
}

/** How often a settlement re-reads the order after another writer changed it first. */
const MAX_ATTEMPTS = 3;

/**
 * Applies the verdict (and PortOne's refund and receipt facts), refunds a rejected payment,
 * writes the order only if it changed, and announces a status change. The write is a
 * compare-and-set: when another writer (a webhook racing the browser) changed the order first,
 * the same verdict is applied again to what it wrote, so exactly one of them reports the move.
 */
async function record(
  deps: ServiceDeps,
  cause: TransitionCause,
  read: Order,
  verdict: Verdict,
  payment?: PaymentRecord,
): Promise<{ order: Order; saved: boolean }> {
  let order = read;
  for (let attempt = 1; ; attempt++) {
    const at = deps.now().toISOString();
    let next = applyVerdict(order, verdict, at);
    if (payment) {
      next = withPaymentFacts(next, payment, at);
      if (next !== order) {
        next.lastSeen = {
          status: payment.rawStatus,
          amountTotal: payment.amountTotal,
          currency: payment.currency,
          channelType: payment.channelType,
        };
      }
    }
    if (next === order) return { order, saved: true };
    const moved = next.status !== order.status;
    if (moved && verdict.kind === "reject") {
      // Details for the merchant's logs; the shopper only sees the code.
      console.warn(
        JSON.stringify({
          event: "payment_rejected",
          paymentId: order.paymentId,
          code: verdict.code,
          expected: verdict.expected,
          actual: verdict.actual,
        }),
      );
      next = await finishRefund(deps, next, false);
    }
    const event = moved
      ? {
          paymentId: order.paymentId,
          from: order.status,
          to: next.status,
          at,
          cause,
          ...(verdict.kind === "reject" ? { detail: verdict.code } : {}),
        }
      : undefined;
    const won = await save(deps, order, next, event);
    if (won === "WON") {
      if (event) await publish(deps, event);
      return { order: next, saved: true };
    }
    // The store failed: the answer is still the truth, and the next settlement writes it.
    if (won === "FAILED") return { order: next, saved: false };
    const fresh = await deps.store.getOrder(order.paymentId);
    if (!fresh || attempt >= MAX_ATTEMPTS) return { order: fresh ?? next, saved: Boolean(fresh) };
    order = fresh;
  }
}

/** Gives the money of a rejected payment back, once (PortOne Idempotency-Key), retried until done. */
async function finishRefund(deps: ServiceDeps, order: Order, persist = true): Promise<Order> {
  if (order.refund?.state !== "REQUESTED") return order;
  const result = await deps.gateway.refund({
    paymentId: order.paymentId,
    how: order.refund.method,
    reason: `Refused by the checkout: ${order.failure?.code ?? "REJECTED"}`,
  });
  let refund = order.refund;
  if (result.ok) refund = { ...refund, state: "DONE" };
  else if (result.failure.kind === "REFUSED") {
    const done = ["PAYMENT_ALREADY_CANCELLED", "PAYMENT_NOT_PAID", "PAYMENT_NOT_WAITING_FOR_DEPOSIT"].includes(
      result.failure.type,
    );
    refund = done
      ? { ...refund, state: "DONE", detail: result.failure.type }
      : { ...refund, state: "FAILED", detail: result.failure.type };
    if (!done)
      console.error(
        JSON.stringify({
          event: "refund_failed",
          paymentId: order.paymentId,
          type: result.failure.type,
          detail: result.failure.detail,
        }),
      );
  } else {
    // PortOne did not answer: stay REQUESTED so the next call or webhook tries again.
    console.warn(JSON.stringify({ event: "refund_deferred", paymentId: order.paymentId, reason: result.failure.kind }));
    return order;
  }
  const next = { ...order, refund, updatedAt: deps.now().toISOString() };
  if (!persist) return next;
  return (await save(deps, order, next)) === "LOST" ? ((await deps.store.getOrder(order.paymentId)) ?? next) : next;
}

/** Writes `next` over `prev`: `WON`, `LOST` to another writer, or `FAILED` (storage down). */
async function save(
  deps: ServiceDeps,
  prev: Order,
  next: Order,
  event?: OrderTransition,
): Promise<"WON" | "LOST" | "FAILED"> {
  try {
    return (await deps.store.replaceOrder(prev, next, event)) ? "WON" : "LOST";
  } catch (error) {
    // A lost write is repaired by the next settlement, which reaches the same state from
    // PortOne's record (a webhook redelivery, the browser's retry, or reconciliation).
    console.error(JSON.stringify({ event: "order_write_failed", paymentId: next.paymentId, error: String(error) }));
    return "FAILED";
  }
}

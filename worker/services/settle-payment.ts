import type { Order } from "../domain/order.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { applyVerdict, judge, type Verdict } from "../domain/settlement.ts";
import type { ServiceError } from "./errors.ts";
import { publish } from "./lifecycle.ts";
import type { ServiceDeps, TransitionCause } from "./ports.ts";

/** Why settlement could not reach a verdict. */
type SettleError = Extract<ServiceError, { code: "ORDER_NOT_FOUND" | "PAYMENT_NOT_FOUND" | "PAYMENT_STATUS_UNRECOGNIZED" | "PORTONE" }>;

/** Who asks for the settlement, and the manual-confirm token when the browser has one. */
interface SettleInput {
  paymentId: string;
  cause: TransitionCause;
  paymentToken?: string;
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
        return ok(
          await record(deps, cause, order, {
            kind: "reject",
            code: "AMOUNT_MISMATCH",
            refund: "NONE",
            expected: String(order.totalAmount),
            actual: "confirm refused",
          }),
        );
      }
      if (failure.kind === "UNAVAILABLE" || failure.kind === "UNAUTHORIZED") return err({ code: "PORTONE", failure, paymentId });
      // Anything else (already confirmed, token spent): PortOne's record below is the truth.
    }
  }

  const read = await deps.gateway.getPayment(paymentId);
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
  const p = read.value;
  return ok(
    await record(deps, cause, order, verdict, {
      status: p.rawStatus,
      amountTotal: p.amountTotal,
      currency: p.currency,
      channelType: p.channelType,
    }),
  );
}

/**
 * Applies the verdict, refunds a rejected payment, writes the order only if it moved, and
 * announces the move.
 */
async function record(deps: ServiceDeps, cause: TransitionCause, order: Order, verdict: Verdict, seen?: Order["lastSeen"]): Promise<Order> {
  const at = deps.now().toISOString();
  let next = applyVerdict(order, verdict, at);
  if (next === order) return order;
  if (seen) next = { ...next, lastSeen: seen };
  if (verdict.kind === "reject") {
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
  await save(deps, next);
  // applyVerdict only returns a new object when canMove allowed a status change.
  await publish(deps, { paymentId: order.paymentId, from: order.status, to: next.status, at, cause });
  return next;
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
    const done = ["PAYMENT_ALREADY_CANCELLED", "PAYMENT_NOT_PAID", "PAYMENT_NOT_WAITING_FOR_DEPOSIT"].includes(result.failure.type);
    refund = done ? { ...refund, state: "DONE", detail: result.failure.type } : { ...refund, state: "FAILED", detail: result.failure.type };
    if (!done)
      console.error(
        JSON.stringify({ event: "refund_failed", paymentId: order.paymentId, type: result.failure.type, detail: result.failure.detail }),
      );
  } else {
    // PortOne did not answer: stay REQUESTED so the next call or webhook tries again.
    console.warn(JSON.stringify({ event: "refund_deferred", paymentId: order.paymentId, reason: result.failure.kind }));
    return order;
  }
  const next = { ...order, refund, updatedAt: deps.now().toISOString() };
  return persist ? save(deps, next) : next;
}

async function save(deps: ServiceDeps, order: Order): Promise<Order> {
  try {
    await deps.store.putOrder(order);
  } catch (error) {
    // KV allows ~1 write/s per key; a lost write is repaired by the next settlement, which
    // reaches the same state from PortOne's record. The answer is still the truth.
    console.error(JSON.stringify({ event: "order_write_failed", paymentId: order.paymentId, error: String(error) }));
  }
  return order;
}

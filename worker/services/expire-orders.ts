import type { Order } from "../domain/order.ts";
import type { PaymentRecord } from "../domain/settlement.ts";
import { publish } from "./lifecycle.ts";
import type { OrderTransition, ServiceDeps } from "./ports.ts";
import { settlePayment } from "./settle-payment.ts";

/**
 * The orders whose time may be up, read from the ledger; the D1 adapter is
 * `../adapters/d1-expiry-candidates.ts`.
 *
 * @example await candidates.expiring({ pendingCreatedBefore, depositDueBefore: now, limit: 100 });
 */
export interface ExpiryCandidates {
  /**
   * The paymentIds of `PENDING` orders created before `pendingCreatedBefore` and of
   * `AWAITING_DEPOSIT` orders whose account's `expiredAt` is not after `depositDueBefore`, oldest
   * first, at most `limit`.
   */
  expiring(input: { pendingCreatedBefore: string; depositDueBefore: string; limit: number }): Promise<string[]>;
}

/** How long a `PENDING` order may wait for its payment: two days, as the old KV TTL kept it. */
export const PENDING_FOR_MS = 2 * 24 * 60 * 60 * 1000;
/** Orders looked at per run; the rest wait for the next run. */
export const EXPIRE_BATCH = 100;

/** What a run did with the candidates it found. */
export interface ExpireReport {
  candidates: number;
  expired: number;
  settled: number;
  /** PortOne or the ledger did not answer: looked at again next run. */
  deferred: number;
}

/** What happened to one candidate. */
type Outcome = "EXPIRED" | "SETTLED" | "DEFERRED" | "UNCHANGED";

/**
 * Ends the orders whose time is up: `PENDING` ones older than {@link PENDING_FOR_MS}, and
 * `AWAITING_DEPOSIT` ones past their account's `expiredAt`. Each is read from PortOne first: one
 * paid after all (its webhook lost) is settled as paid instead. Only when PortOne still shows it
 * unpaid (`READY`, no payment at all, or an account past its due time) does the order become
 * `FAILED` with `ORDER_EXPIRED`, by the store's compare-and-set with cause `SCHEDULE`, so a
 * settlement racing it wins or loses cleanly. `FAILED` may still become `PAID` if PortOne later
 * says so. Safe to run twice: an expired order is no longer a candidate.
 *
 * @example await expireOrders({ ...deps, candidates }, new Date());
 */
export async function expireOrders(
  deps: ServiceDeps & { candidates: ExpiryCandidates },
  now: Date,
): Promise<ExpireReport> {
  const ids = await deps.candidates.expiring({
    pendingCreatedBefore: new Date(now.getTime() - PENDING_FOR_MS).toISOString(),
    depositDueBefore: now.toISOString(),
    limit: EXPIRE_BATCH,
  });
  const report: ExpireReport = { candidates: ids.length, expired: 0, settled: 0, deferred: 0 };
  for (const paymentId of ids) {
    let outcome: Outcome;
    try {
      outcome = await expireOne(deps, paymentId, now);
    } catch (error) {
      console.error(JSON.stringify({ event: "expire_failed", paymentId, error: String(error) }));
      outcome = "DEFERRED";
    }
    if (outcome === "EXPIRED") report.expired++;
    if (outcome === "SETTLED") report.settled++;
    if (outcome === "DEFERRED") report.deferred++;
  }
  if (ids.length > 0) console.log(JSON.stringify({ event: "orders_expired", ...report }));
  return report;
}

async function expireOne(deps: ServiceDeps, paymentId: string, now: Date): Promise<Outcome> {
  const order = await deps.store.getOrder(paymentId);
  if (!order || (order.status !== "PENDING" && order.status !== "AWAITING_DEPOSIT")) return "UNCHANGED";
  const read = await deps.gateway.getPayment(paymentId);
  if (!read.ok && read.failure.kind !== "NOT_FOUND") return "DEFERRED";
  if (read.ok && !stillUnpaid(read.value, order, now)) {
    // Paid after all (or failed, cancelled, waiting for approval): settlement records what PortOne says.
    const settled = await settlePayment(deps, { paymentId, cause: "SCHEDULE", mustSave: true });
    if (!settled.ok)
      return settled.error.code === "PORTONE" || settled.error.code === "STORAGE_UNAVAILABLE"
        ? "DEFERRED"
        : "UNCHANGED";
    return settled.value.status === order.status ? "UNCHANGED" : "SETTLED";
  }
  const at = now.toISOString();
  const next: Order = {
    ...order,
    status: "FAILED",
    failure: { code: "ORDER_EXPIRED", message: EXPIRED_MESSAGE },
    updatedAt: at,
  };
  const event: OrderTransition = {
    paymentId,
    from: order.status,
    to: "FAILED",
    at,
    cause: "SCHEDULE",
    detail: "ORDER_EXPIRED",
  };
  // Lost to another writer (the shopper's browser, a webhook): that writer's state stands.
  if (!(await deps.store.replaceOrder(order, next, event))) return "UNCHANGED";
  await publish(deps, event);
  return "EXPIRED";
}

/** What the shopper reads for an expired order. */
const EXPIRED_MESSAGE = "The order expired before it was paid.";

/** PortOne shows nothing paid or coming: the window was never paid, or the account is past due. */
function stillUnpaid(payment: PaymentRecord, order: Order, now: Date): boolean {
  if (payment.status === "READY") return true;
  if (payment.status !== "VIRTUAL_ACCOUNT_ISSUED") return false;
  const due = Date.parse(payment.virtualAccount?.expiredAt ?? order.virtualAccount?.expiredAt ?? "");
  return !Number.isNaN(due) && due <= now.getTime();
}

import type { Order } from "../domain/order.ts";
import { PAYMENT_ID_PATTERN } from "../domain/payment-id.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { applyVerdict, judge, type PaymentRecord, withPaymentFacts } from "../domain/settlement.ts";
import type { GatewayFailure, ListedPayment, ServiceDeps } from "./ports.ts";
import { settlePayment } from "./settle-payment.ts";

/**
 * Where a scheduled job got to, kept in the ledger (`checkpoints` in D1); the D1 adapter is
 * `../adapters/d1-checkpoints.ts`.
 *
 * @example await checkpoints.set("reconcile", "2026-03-01T09:00:00.000Z");
 */
export interface Checkpoints {
  /** The instant stored under `name`, or `null` before the first run. */
  get(name: string): Promise<string | null>;
  set(name: string, at: string): Promise<void>;
}

/** The checkpoint reconciliation keeps: every status change up to it has been looked at. */
export const RECONCILE_CHECKPOINT = "reconcile";
/**
 * Where a run that stopped at {@link MAX_PAGES} left off: the next run starts exactly there,
 * without the overlap (which would give it the same first pages again, forever, whenever more
 * than a run's worth of payments changed within the overlap). `-` when the last run was complete.
 */
export const RECONCILE_RESUME = "reconcile-resume";
/**
 * Each window starts this long before the checkpoint: our clock and PortOne's disagree a little,
 * and PortOne's listing is eventually consistent, so a change stamped just before the last
 * `until` may show up only after it. Looking at a payment twice costs a read; missing one loses a sale.
 */
export const OVERLAP_MS = 5 * 60 * 1000;
/** Without a checkpoint (the first run), look this far back. */
export const FIRST_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
/** Payments per page (`(page + 1) * size` may not pass PortOne's 60,000). */
export const PAGE_SIZE = 100;
/** Pages read per run; the rest waits for the next run (the checkpoint stops where this one did). */
export const MAX_PAGES = 10;

/** What a run did: payments listed, settled, still to retry, and where the checkpoint is now. */
export interface ReconcileReport {
  from: string;
  until: string;
  listed: number;
  settled: number;
  retry: number;
  /** The checkpoint after this run (unchanged when nothing could safely be skipped next time). */
  checkpoint: string | null;
}

/** Why a run looked at nothing: PortOne's listing (some page of it) did not answer. */
export interface ReconcileError {
  code: "PORTONE";
  failure: GatewayFailure;
}

/**
 * Settles every order whose payment PortOne changed since the last run, so a sale whose browser
 * report and webhooks were all lost is settled within one cron interval. Lists the store's
 * payments by `STATUS_CHANGED_AT` (a deposit into an account issued days ago has a fresh status
 * change but an old creation time), from the checkpoint minus {@link OVERLAP_MS} to `now`,
 * oldest change first, and runs the same settlement as the browser and the webhook
 * (`cause: "SCHEDULE"`) for each payment of ours whose order says something else.
 *
 * Safe to run twice or to crash half-way: settlement is idempotent and the checkpoint moves only
 * after the work before it is done. A failed page leaves the checkpoint where it was; a payment
 * that could not be settled holds it at that payment's change.
 *
 * @example
 * const report = await reconcile({ ...deps, checkpoints }, new Date());
 * if (!report.ok) console.warn(report.error.failure);
 */
export async function reconcile(
  deps: ServiceDeps & { checkpoints: Checkpoints },
  now: Date,
): Promise<Result<ReconcileReport, ReconcileError>> {
  const until = now.toISOString();
  const [last, resume] = await Promise.all([
    deps.checkpoints.get(RECONCILE_CHECKPOINT),
    deps.checkpoints.get(RECONCILE_RESUME),
  ]);
  const lastMs = last === null ? Number.NaN : Date.parse(last);
  // After a run cut short by the page limit, carry on from its last item; otherwise overlap.
  const resuming = resume !== null && resume === last && !Number.isNaN(lastMs);
  const start = Number.isNaN(lastMs) ? now.getTime() - FIRST_LOOKBACK_MS : resuming ? lastMs : lastMs - OVERLAP_MS;
  // A checkpoint ahead of our clock (clocks disagree) must still give PortOne a valid window; a
  // resumed run keeps its exact start, or a burst of recent changes would be read again forever.
  const from = new Date(Math.min(start, now.getTime() - (resuming ? 1000 : OVERLAP_MS))).toISOString();

  const listing = await listChanges(deps, from, until);
  if (!listing.ok) {
    console.warn(JSON.stringify({ event: "reconcile_listing_failed", from, until, failure: listing.error }));
    return err({ code: "PORTONE", failure: listing.error });
  }
  const { items, complete, disturbed } = listing.value;
  // Oldest change first: stopping after MAX_PAGES has looked at everything up to the last item.
  let advanceTo: number | null = complete ? now.getTime() : changedAt(items.at(-1));
  // The listing shifted under the pages (a payment changed again and left the window): one may have
  // been skipped, so the next run looks at this window again.
  if (disturbed) advanceTo = null;
  let settled = 0;
  let retry = 0;
  for (const item of items) {
    const outcome = await reconcileOne(deps, item);
    if (outcome === "SETTLED") settled++;
    if (outcome === "RETRY") {
      retry++;
      const at = changedAt(item);
      advanceTo = advanceTo === null || at === null ? null : Math.min(advanceTo, at);
    }
  }
  let checkpoint = last;
  if (advanceTo !== null && new Date(advanceTo).toISOString() !== last) {
    checkpoint = new Date(advanceTo).toISOString();
    await deps.checkpoints.set(RECONCILE_CHECKPOINT, checkpoint);
  }
  // Only a run that read its whole window may let the next one overlap again.
  const cutShort = !complete && checkpoint !== null && advanceTo !== null;
  const nextResume = cutShort ? (checkpoint as string) : "-";
  if ((resume ?? "-") !== nextResume) await deps.checkpoints.set(RECONCILE_RESUME, nextResume);
  const report = { from, until, listed: items.length, settled, retry, checkpoint };
  console.log(JSON.stringify({ event: "reconciled", ...report }));
  return ok(report);
}

/**
 * Reads every page of the window, or as many as one run may. `complete`: all of it was read;
 * `disturbed`: the count changed between pages, so offsets moved and a payment may be missing.
 */
async function listChanges(
  deps: Pick<ServiceDeps, "gateway">,
  from: string,
  until: string,
): Promise<Result<{ items: ListedPayment[]; complete: boolean; disturbed: boolean }, GatewayFailure>> {
  const items: ListedPayment[] = [];
  let firstCount: number | null = null;
  let disturbed = false;
  for (let page = 0; page < MAX_PAGES; page++) {
    const read = await deps.gateway.listPayments({ from, until, page, size: PAGE_SIZE });
    if (!read.ok) return err(read.failure);
    const { totalCount } = read.value;
    firstCount ??= totalCount;
    // A count above one page's size can only be every match (the spec's title reads as "returned
    // objects"), so a change in it means the listing moved.
    if (firstCount > PAGE_SIZE && totalCount !== firstCount) disturbed = true;
    items.push(...read.value.items);
    // A short page ends the listing; so does having every match of a count that spans pages. A
    // full page whose count is one page's size may be either reading, so one more page is asked.
    const short = read.value.items.length < PAGE_SIZE;
    if (short || (totalCount > PAGE_SIZE && items.length >= totalCount)) {
      return ok({ items, complete: true, disturbed });
    }
  }
  return ok({ items, complete: false, disturbed });
}

/** What reconciling one listed payment came to. */
type Outcome = "NOT_OURS" | "IN_STEP" | "SETTLED" | "SKIPPED" | "RETRY";

async function reconcileOne(deps: ServiceDeps, item: ListedPayment): Promise<Outcome> {
  // Only paymentIds of our shape can be our orders; anything else never reaches a storage key.
  if (!PAYMENT_ID_PATTERN.test(item.paymentId)) return "NOT_OURS";
  try {
    const order = await deps.store.getOrder(item.paymentId);
    if (!order) return "NOT_OURS";
    if (!differs(order, item.record, deps)) return "IN_STEP";
    const settled = await settlePayment(deps, { paymentId: item.paymentId, cause: "SCHEDULE", mustSave: true });
    if (settled.ok) return "SETTLED";
    switch (settled.error.code) {
      case "PORTONE":
      case "STORAGE_UNAVAILABLE":
        return "RETRY";
      case "ORDER_NOT_FOUND":
      case "PAYMENT_NOT_FOUND":
      case "PAYMENT_STATUS_UNRECOGNIZED":
        return "SKIPPED";
    }
  } catch (error) {
    console.error(JSON.stringify({ event: "reconcile_failed", paymentId: item.paymentId, error: String(error) }));
    return "RETRY";
  }
}

/**
 * Whether PortOne's listed record means something other than what the order says: a status to
 * move to, refunds or a receipt to copy, or a rejected payment's refund still to finish. Pure,
 * the same rules settlement applies, so an order already in step costs no call to PortOne.
 *
 * @example differs(pendingOrder, { status: "PAID", ... }, deps) // → true
 */
export function differs(
  order: Order,
  record: PaymentRecord,
  rules: { settings: { storeId: string; allowTestPayments: boolean } },
): boolean {
  if (order.refund?.state === "REQUESTED") return true;
  const verdict = judge(order, record, rules.settings);
  if (verdict.kind === "unrecognized") return false;
  // An order expired with its account past due stays FAILED: the listing still shows that account
  // as issued for a while (its status last changed when it was issued), which is not a new one.
  if (order.failure?.code === "ORDER_EXPIRED" && verdict.kind === "settle" && verdict.status === "AWAITING_DEPOSIT") {
    const due = Date.parse(verdict.virtualAccount?.expiredAt ?? "");
    if (!Number.isNaN(due) && due <= Date.parse(order.updatedAt)) return false;
  }
  // Any fixed instant works: only whether the order changes matters, not when.
  const at = order.updatedAt;
  return withPaymentFacts(applyVerdict(order, verdict, at), record, at) !== order;
}

function changedAt(item: ListedPayment | undefined): number | null {
  const at = item ? Date.parse(item.statusChangedAt) : Number.NaN;
  return Number.isNaN(at) ? null : at;
}

import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceError } from "./errors.ts";
import { eventsOf, mayOversell, type NotifyChannel, type NotifyEvent } from "./notify-events.ts";
import { buildMessage, type NotifyLocale, type NotifyMessage, type OrderFacts } from "./notify-message.ts";
import type { Clock, LifecycleListener } from "./ports.ts";

/** One row of the outbox as the sender reads it. */
export interface Delivery {
  id: number;
  paymentId: string;
  event: NotifyEvent;
  channel: NotifyChannel;
  detail: string | null;
  status: "PENDING" | "SENT" | "FAILED";
  attempts: number;
  nextAttemptAt: string;
  giveUpAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * The outbox (`notification_deliveries`). Rows are created by the order store in the
 * transition's batch; this port only reads, claims and settles them.
 */
export interface NotificationOutbox {
  /** PENDING rows due at `now`, oldest first; only the order's when `paymentId` is given. */
  due(now: string, limit: number, paymentId?: string): Promise<Delivery[]>;
  /**
   * Takes a row for one attempt: counts the attempt and moves `next_attempt_at` to `leaseUntil`,
   * only if nobody else did since it was read. `false`: another sender has it.
   */
  claim(delivery: Delivery, now: string, leaseUntil: string): Promise<boolean>;
  settle(
    id: number,
    outcome:
      | { status: "SENT"; at: string }
      | { status: "PENDING"; nextAttemptAt: string; error: string }
      | { status: "FAILED"; error: string },
  ): Promise<void>;
  /** The order's facts a message may show, or null when the order is unknown. */
  facts(paymentId: string): Promise<OrderFacts | null>;
  /** Every delivery of an order, oldest first. */
  listFor(paymentId: string): Promise<Delivery[]>;
  /** Makes a row of this order due now again, giving it a new retry window; null when unknown. */
  requeue(paymentId: string, id: number, now: string, giveUpAt: string): Promise<Delivery | null>;
}

/** What a channel answered: sent, or why not and whether trying again may help. */
export type SendOutcome =
  | { ok: true }
  | { ok: false; retry: boolean; error: string /** From `Retry-After`. */; retryAfterMs?: number };

/** Sends one message on one channel; never throws (a failure is an outcome). */
export type ChannelSender = (message: NotifyMessage) => Promise<SendOutcome>;

/** What the delivery service needs. */
export interface NotifyDeps {
  outbox: NotificationOutbox;
  /** The configured channels only. */
  senders: Partial<Record<NotifyChannel, ChannelSender>>;
  locale: NotifyLocale;
  /** The worker's public origin, for the admin link; empty: no link. */
  publicUrl: string;
  now: Clock;
}

/** How long a claimed row is left to its sender before another may take it (a crash mid-send). */
export const LEASE_MS = 2 * 60_000;
/** How long a delivery is retried before it is marked FAILED. */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;

/**
 * The wait before attempt `attempts + 1`: a minute, doubling, at most an hour; or the channel's
 * `Retry-After` when it gave one.
 *
 * @example backoffMs(3) // 240000
 */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return retryAfterMs;
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

/** What one attempt did. */
export type AttemptResult = "SENT" | "RETRY" | "FAILED" | "SKIPPED";

/**
 * Sends every due delivery (of one order, right after its transition, or of all, from the cron),
 * each claimed first so two runs never send the same row. Safe to run twice, concurrently.
 *
 * @example await deliverDue(deps, { limit: 50 }); // the cron
 */
export async function deliverDue(
  deps: NotifyDeps,
  options: { paymentId?: string; limit?: number } = {},
): Promise<Record<AttemptResult, number>> {
  const counts: Record<AttemptResult, number> = { SENT: 0, RETRY: 0, FAILED: 0, SKIPPED: 0 };
  const rows = await deps.outbox.due(deps.now().toISOString(), options.limit ?? 50, options.paymentId);
  // Side by side: four slow channels must not add up past what waitUntil allows after an answer.
  for (const result of await Promise.all(rows.map((row) => attempt(deps, row)))) counts[result]++;
  return counts;
}

/** One attempt of one row: claim, build, send, settle. */
export async function attempt(deps: NotifyDeps, row: Delivery): Promise<AttemptResult> {
  const now = deps.now();
  const claimed = await deps.outbox.claim(row, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString());
  if (!claimed) return "SKIPPED";
  const attempts = row.attempts + 1;
  const send = deps.senders[row.channel];
  if (!send) {
    await deps.outbox.settle(row.id, { status: "FAILED", error: "channel not configured" });
    return "FAILED";
  }
  const facts = await deps.outbox.facts(row.paymentId);
  if (!facts) {
    await deps.outbox.settle(row.id, { status: "FAILED", error: "order not found" });
    return "FAILED";
  }
  const outcome = await send(buildMessage(row.event, facts, row.detail, deps.locale, deps.publicUrl)).catch(
    (error: unknown): SendOutcome => ({ ok: false, retry: true, error: String(error) }),
  );
  if (outcome.ok) {
    await deps.outbox.settle(row.id, { status: "SENT", at: deps.now().toISOString() });
    return "SENT";
  }
  const next = now.getTime() + backoffMs(attempts, outcome.retryAfterMs);
  if (!outcome.retry || next > Date.parse(row.giveUpAt)) {
    await deps.outbox.settle(row.id, { status: "FAILED", error: outcome.error });
    return "FAILED";
  }
  await deps.outbox.settle(row.id, {
    status: "PENDING",
    nextAttemptAt: new Date(next).toISOString(),
    error: outcome.error,
  });
  return "RETRY";
}

/**
 * The merchant's retry of one delivery (admin): due again now with a new 24-hour window, and
 * one attempt at once (a delivery already sent is answered as it is, `SKIPPED`).
 */
export async function retryDelivery(
  deps: NotifyDeps,
  paymentId: string,
  id: number,
): Promise<Result<{ delivery: Delivery; result: AttemptResult }, ServiceError>> {
  const now = deps.now();
  const row = await deps.outbox.requeue(
    paymentId,
    id,
    now.toISOString(),
    new Date(now.getTime() + RETRY_WINDOW_MS).toISOString(),
  );
  if (!row) return err({ code: "DELIVERY_NOT_FOUND" });
  const result = await attempt(deps, row);
  const after = (await deps.outbox.listFor(paymentId)).find((d) => d.id === id) ?? row;
  return ok({ delivery: after, result });
}

/** One channel's answer to a test message. */
export interface ChannelTestResult {
  channel: NotifyChannel;
  ok: boolean;
  error?: string;
}

/**
 * "Send a test message" (admin): one sample message to every configured channel, now, without
 * the outbox; each channel's result.
 */
export async function sendTestMessage(
  deps: Pick<NotifyDeps, "senders" | "locale" | "publicUrl">,
): Promise<ChannelTestResult[]> {
  const sample: OrderFacts = {
    paymentId: "paytest",
    orderName: deps.locale === "en" ? "Sample order" : "샘플 주문",
    totalAmount: 29_000,
    currency: "KRW",
    payMethod: "CARD",
    channelType: "TEST",
    buyerName: deps.locale === "en" ? "Test buyer" : "테스트 구매자",
    shipAddress1: "서울특별시 강남구 테헤란로 1",
  };
  const message = buildMessage("TEST", sample, null, deps.locale, deps.publicUrl);
  const entries = Object.entries(deps.senders) as [NotifyChannel, ChannelSender][];
  return Promise.all(
    entries.map(async ([channel, send]) => {
      const outcome = await send(message).catch(
        (error: unknown): SendOutcome => ({ ok: false, retry: true, error: String(error) }),
      );
      return outcome.ok ? { channel, ok: true } : { channel, ok: false, error: outcome.error };
    }),
  );
}

/**
 * The lifecycle subscriber that makes the first attempt at once: after a transition that may have
 * written outbox rows, the order's due deliveries are sent through `defer` (the runtime's
 * `waitUntil`), never awaited by the payment. The cron retries whatever this leaves.
 *
 * @example createServices(env, [logTransitions, notifyListener(deps, defer)]);
 */
export function notifyListener(deps: NotifyDeps, defer: (work: Promise<unknown>) => void): LifecycleListener {
  return {
    async onTransition(event) {
      if (Object.keys(deps.senders).length === 0) return;
      if (eventsOf(event).length === 0 && !mayOversell(event)) return;
      defer(deliverDue(deps, { paymentId: event.paymentId }));
    },
  };
}

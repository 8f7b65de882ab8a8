import { DeliveryLog } from "./delivery-log.ts";
import { buildWebhook, type SignedWebhook, type WebhookData, type WebhookType } from "./webhooks.ts";

/** One attempt to deliver a webhook: the HTTP status, or `null` and the error when none came. */
export type WebhookDelivery = { status: number | null; at: string; error?: string };

/** A webhook the emulator built, kept so tests can inspect or replay it. */
export type OutboxEntry = SignedWebhook & {
  type: WebhookType;
  paymentId: string;
  /** Where it was (or is being) delivered; absent when no webhook URL was configured. */
  url?: string;
  /** Kept but never delivered, because `dropWebhooks` was on when it was built. */
  dropped?: true;
  deliveries: WebhookDelivery[];
};

/** What the outbox needs from the emulator. */
export type OutboxOptions = {
  secret: string;
  now: () => Date;
  newId: () => string;
  /** Pauses before each retry; the number of retries is its length. */
  retryDelaysMs: readonly number[];
};

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Every webhook built, in order, and their deliveries. Delivery is fire and forget: a failed
 * attempt (network error or non-2xx) is retried after each of `retryDelaysMs`, and
 * {@link WebhookOutbox.flush} waits for all of it.
 */
export class WebhookOutbox extends DeliveryLog<OutboxEntry> {
  readonly #options: OutboxOptions;

  constructor(options: OutboxOptions) {
    super();
    this.#options = options;
  }

  /**
   * Builds, signs, records and (when `url` is given and `drop` is not set) starts delivering a
   * webhook. A dropped one is marked `dropped` and only {@link WebhookOutbox.redeliver} sends it.
   */
  async enqueue(
    type: WebhookType,
    data: WebhookData,
    url: string | undefined,
    options: { drop?: boolean } = {},
  ): Promise<OutboxEntry> {
    const signed = await buildWebhook({
      secret: this.#options.secret,
      id: `msg_${this.#options.newId()}`,
      now: this.#options.now(),
      type,
      data,
    });
    const entry: OutboxEntry = { ...signed, type, paymentId: data.paymentId, deliveries: [] };
    if (url) entry.url = url;
    if (options.drop) entry.dropped = true;
    this.entries.push(entry);
    if (url && !options.drop) this.track(this.#deliver(entry, url, this.#options.retryDelaysMs));
    return entry;
  }

  /**
   * Sends an entry again, unchanged (same id, timestamp and signature) as a PortOne retry does,
   * once, and resolves when that attempt is recorded.
   */
  async redeliver(id: string, url: string): Promise<OutboxEntry | undefined> {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (!entry) return undefined;
    const attempt = this.#deliver(entry, url, []);
    this.track(attempt);
    await attempt;
    return entry;
  }

  /** The entries, oldest first, optionally only those of one payment. */
  list(paymentId?: string): OutboxEntry[] {
    return paymentId === undefined ? [...this.entries] : this.entries.filter((e) => e.paymentId === paymentId);
  }

  async #deliver(entry: OutboxEntry, url: string, delays: readonly number[]): Promise<void> {
    const stopped = this.stopped.signal;
    for (let attempt = 0; attempt <= delays.length && !stopped.aborted; attempt++) {
      if (attempt > 0) await pause(delays[attempt - 1] ?? 0, stopped);
      if (stopped.aborted) return;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: entry.headers,
          body: entry.body,
          signal: AbortSignal.any([stopped, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
        });
        await response.body?.cancel();
        entry.deliveries.push({ status: response.status, at: this.#options.now().toISOString() });
        if (response.ok) return;
      } catch (error) {
        // Node's fetch says only "fetch failed"; the cause names the refused connection.
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        const message = cause instanceof Error ? cause.message : String(cause);
        entry.deliveries.push({ status: null, at: this.#options.now().toISOString(), error: message });
      }
    }
  }
}

/** Waits `ms`, or less when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

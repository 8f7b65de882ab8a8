/**
 * V1's "notice URL" webhooks: unsigned `{ imp_uid, merchant_uid, status }` (+ `cancellation_id`),
 * as JSON or form-encoded (the merchant's choice), sent once with no retry (PortOne's default).
 */

import { DeliveryLog } from "../delivery-log.ts";

/** The body of a V1 notice. */
export type V1Notice = { imp_uid: string; merchant_uid: string; status: string; cancellation_id?: string };

/** A notice the emulator built, kept so tests can inspect it. */
export type V1NoticeEntry = {
  id: string;
  imp_uid: string;
  notice: V1Notice;
  contentType: "application/json" | "application/x-www-form-urlencoded";
  body: string;
  url?: string;
  /** Kept but not delivered because `dropWebhooks` was on. */
  dropped?: true;
  deliveries: { status: number | null; at: string; error?: string }[];
};

const DELIVERY_TIMEOUT_MS = 10_000;

/** Builds, keeps and delivers V1 notices. */
export class V1NoticeOutbox extends DeliveryLog<V1NoticeEntry> {
  readonly #now: () => Date;

  constructor(now: () => Date) {
    super();
    this.#now = now;
  }

  /** Records a notice and, with a URL and not dropped, sends it once. */
  enqueue(
    id: string,
    notice: V1Notice,
    input: { url: string | null; format: "json" | "form"; drop: boolean },
  ): V1NoticeEntry {
    const form = input.format === "form";
    const body = form
      ? new URLSearchParams(
          Object.entries(notice).filter((pair): pair is [string, string] => pair[1] !== undefined),
        ).toString()
      : JSON.stringify(notice);
    const entry: V1NoticeEntry = {
      id,
      imp_uid: notice.imp_uid,
      notice,
      contentType: form ? "application/x-www-form-urlencoded" : "application/json",
      body,
      deliveries: [],
    };
    if (input.url) entry.url = input.url;
    if (input.drop) entry.dropped = true;
    this.entries.push(entry);
    if (input.url && !input.drop) {
      this.track(this.#deliver(entry, input.url));
    }
    return entry;
  }

  /** The notices, oldest first, optionally of one `imp_uid`. */
  list(impUid?: string): V1NoticeEntry[] {
    return impUid === undefined ? [...this.entries] : this.entries.filter((entry) => entry.imp_uid === impUid);
  }

  async #deliver(entry: V1NoticeEntry, url: string): Promise<void> {
    if (this.stopped.signal.aborted) return;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": entry.contentType },
        body: entry.body,
        signal: AbortSignal.any([this.stopped.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await response.body?.cancel();
      entry.deliveries.push({ status: response.status, at: this.#now().toISOString() });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const message = cause instanceof Error ? cause.message : String(cause);
      entry.deliveries.push({ status: null, at: this.#now().toISOString(), error: message });
    }
  }
}

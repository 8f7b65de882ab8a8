/**
 * What the V2 webhook outbox and V1's notices share: the entries kept for the control API, the
 * deliveries in flight (so tests can wait for them), and a stop that aborts them on shutdown.
 *
 * @example class Outbox extends DeliveryLog<Entry> { ... this.track(this.#deliver(entry)); }
 */
export class DeliveryLog<E> {
  protected entries: E[] = [];
  readonly #pending = new Set<Promise<void>>();
  /** Aborted by {@link stop}: deliveries in flight end and no new one starts. */
  protected readonly stopped = new AbortController();

  /** Keeps a delivery in flight until it settles. */
  protected track(delivery: Promise<void>): void {
    this.#pending.add(delivery);
    void delivery.finally(() => this.#pending.delete(delivery)).catch(() => {});
  }

  /** Resolves once no delivery (retries included) is in flight. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Stops every delivery in flight and refuses new ones (for shutting down). */
  async stop(): Promise<void> {
    this.stopped.abort();
    await this.flush();
  }

  /** Replaces the entries with ones kept from an earlier run (`state-file.ts`); none is delivered. */
  restore(entries: readonly E[]): void {
    this.entries = [...entries];
  }

  /** Forgets every entry (deliveries in flight finish unrecorded). */
  clear(): void {
    this.entries = [];
  }
}

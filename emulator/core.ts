import type { FaultRule } from "./faults.ts";
import type { IdempotencyEntry } from "./idempotency.ts";
import { WebhookOutbox } from "./outbox.ts";
import type { PaymentRecord, PaymentStatus } from "./payments.ts";
import type { WebhookType } from "./webhooks.ts";

/** What the merchant's server registered before the window opened (`pre-register`). */
export type PreRegistration = {
  storeId?: string;
  totalAmount?: number;
  taxFreeAmount?: number;
  currency?: string;
};

/** How the core is set up (the public options, defaults applied). */
export type CoreOptions = {
  apiSecret: string;
  webhookSecret: string;
  webhookUrl: string | null;
  liveChannelKeys: readonly string[];
  manualConfirmChannelKeys: readonly string[];
  webhookRetryDelaysMs: readonly number[];
  dropWebhooks: boolean;
  maxCancelCount: number;
  now: () => Date;
  random: () => string;
};

/** What `PUT /_emulator/config` changes at run time (`reset()` restores the options' values). */
export type EmulatorConfig = {
  /** Where webhooks go; `null`: nowhere, they are only kept in the outbox. */
  webhookUrl: string | null;
  /** Build and keep webhooks but never deliver them (to prove reconciliation alone settles). */
  dropWebhooks: boolean;
  /** How many cancellations a payment takes before 409 MAX_CANCEL_COUNT_REACHED. */
  maxCancelCount: number;
};

/**
 * The emulator's in-memory state and the few operations every route shares: the clock, id
 * generation and status changes (each of which enqueues its webhook).
 */
export type EmulatorCore = {
  readonly options: CoreOptions;
  readonly payments: Map<string, PaymentRecord>;
  readonly preRegistrations: Map<string, PreRegistration>;
  readonly idempotency: Map<string, IdempotencyEntry>;
  readonly faults: FaultRule[];
  readonly outbox: WebhookOutbox;
  config: EmulatorConfig;
  /** The current time as an ISO string. */
  nowIso(): string;
  /** A fresh id from `random`, with an optional prefix. */
  newId(prefix?: string): string;
  /**
   * Moves a payment to `status` (timestamps included) and enqueues the matching webhook unless
   * `skipWebhook` (PortOne's cancel option) is set.
   */
  transition(
    record: PaymentRecord,
    status: PaymentStatus,
    extra?: { cancellationId?: string; skipWebhook?: boolean },
  ): Promise<void>;
  /** Forgets everything but the options. */
  reset(): void;
};

/** Creates the core of one emulator. */
export function createCore(options: CoreOptions): EmulatorCore {
  const core: EmulatorCore = {
    options,
    payments: new Map(),
    preRegistrations: new Map(),
    idempotency: new Map(),
    faults: [],
    outbox: new WebhookOutbox({
      secret: options.webhookSecret,
      now: options.now,
      newId: options.random,
      retryDelaysMs: options.webhookRetryDelaysMs,
    }),
    config: initialConfig(options),
    nowIso: () => options.now().toISOString(),
    newId: (prefix = "") => `${prefix}${options.random()}`,
    async transition(record, status, extra = {}) {
      const at = core.nowIso();
      if (record.status !== status) record.statusChangedAt = at;
      record.status = status;
      record.updatedAt = at;
      if (extra.skipWebhook) return;
      const data = {
        paymentId: record.id,
        storeId: record.storeId,
        transactionId: record.transactionId,
        ...(extra.cancellationId ? { cancellationId: extra.cancellationId } : {}),
      };
      await core.outbox.enqueue(webhookTypeOf(status), data, core.config.webhookUrl ?? undefined, {
        drop: core.config.dropWebhooks,
      });
    },
    reset() {
      core.payments.clear();
      core.preRegistrations.clear();
      core.idempotency.clear();
      core.faults.length = 0;
      core.outbox.clear();
      core.config = initialConfig(options);
    },
  };
  return core;
}

function initialConfig(options: CoreOptions): EmulatorConfig {
  return {
    webhookUrl: options.webhookUrl,
    dropWebhooks: options.dropWebhooks,
    maxCancelCount: options.maxCancelCount,
  };
}

function webhookTypeOf(status: PaymentStatus): WebhookType {
  switch (status) {
    case "READY":
      return "Transaction.Ready";
    case "PAY_PENDING":
      return "Transaction.PayPending";
    case "VIRTUAL_ACCOUNT_ISSUED":
      return "Transaction.VirtualAccountIssued";
    case "PAID":
      return "Transaction.Paid";
    case "FAILED":
      return "Transaction.Failed";
    case "PARTIAL_CANCELLED":
      return "Transaction.PartialCancelled";
    case "CANCELLED":
      return "Transaction.Cancelled";
  }
}

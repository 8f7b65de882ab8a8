import { Hono } from "hono";
import { assetRoutes } from "./assets.ts";
import { MAX_CANCEL_COUNT } from "./cancel.ts";
import { controlRoutes } from "./control.ts";
import { createCore } from "./core.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { ApiError, handleError } from "./errors.ts";
import type { OutboxEntry } from "./outbox.ts";
import type { PaymentRecord } from "./payments.ts";
import { receiptRoutes } from "./receipt.ts";
import { restRoutes } from "./rest.ts";
import { windowRoutes } from "./window.ts";

/** How to set up an emulator. */
export type EmulatorOptions = {
  /** The V2 API secret REST calls must send as `Authorization: PortOne <apiSecret>`. */
  apiSecret: string;
  /** The webhook secret, `whsec_<base64>`, webhooks are signed with. */
  webhookSecret: string;
  /** Where to deliver webhooks; without it they are only kept in the outbox. */
  webhookUrl?: string;
  /** Channel keys whose payments report `channel.type: "LIVE"` (all others are `"TEST"`). */
  liveChannelKeys?: string[];
  /** Channel keys set to manual approval: a paid window leaves READY + `paymentToken`. */
  manualConfirmChannelKeys?: string[];
  /** Pauses before each webhook retry (default `[200, 1000, 5000]`: 3 retries). */
  webhookRetryDelaysMs?: number[];
  /** Keep webhooks in the outbox without delivering them (default `false`; `PUT /_emulator/config`). */
  dropWebhooks?: boolean;
  /** Cancellations a payment takes before 409 MAX_CANCEL_COUNT_REACHED (default {@link MAX_CANCEL_COUNT}). */
  maxCancelCount?: number;
  /** The clock (default: the system clock). */
  now?: () => Date;
  /** Source of every generated id (default `crypto.randomUUID`). */
  random?: () => string;
};

/** A running emulator: the Hono app and what tests need besides HTTP. */
export type Emulator = {
  /** Serve it (`startEmulator`) or call it in process with `app.request(...)`. */
  app: Hono;
  /** Resolves once every webhook delivery in flight (retries included) has finished. */
  flushWebhooks(): Promise<void>;
  /** Cuts webhook deliveries in flight short and delivers no more (for shutting down). */
  stopWebhooks(): Promise<void>;
  /** The webhooks built so far, oldest first (optionally of one payment). */
  webhooks(paymentId?: string): OutboxEntry[];
  /** The raw record of a payment. */
  payment(paymentId: string): PaymentRecord | undefined;
  /** Changes (or with `null` removes) the webhook URL for webhooks built from now on. */
  setWebhookUrl(url: string | null): void;
  /** Turns dropping webhooks on or off for webhooks built from now on (see `dropWebhooks`). */
  setDropWebhooks(drop: boolean): void;
  /** Forgets every payment, pre-registration, idempotency key, fault and webhook, and the config. */
  reset(): void;
};

/**
 * Creates an in-memory PortOne V2 emulator: the REST API (`/payments/...`), the control API
 * (`/_emulator/...`), the browser SDK stand-in (`/sdk/browser-sdk.js`), the payment window
 * (`/window`), card receipts (`/receipts/:paymentId`) and a dashboard (`/`).
 *
 * @example
 * ```ts
 * const emulator = createEmulator({ apiSecret: DEV_API_SECRET, webhookSecret: DEV_WEBHOOK_SECRET });
 * const response = await emulator.app.request("/payments/order1", {
 *   headers: { Authorization: `PortOne ${DEV_API_SECRET}` },
 * });
 * ```
 */
export function createEmulator(options: EmulatorOptions): Emulator {
  if (!options.apiSecret) throw new Error("apiSecret is required");
  if (!options.webhookSecret) throw new Error("webhookSecret is required");
  const core = createCore({
    apiSecret: options.apiSecret,
    webhookSecret: options.webhookSecret,
    webhookUrl: options.webhookUrl ?? null,
    liveChannelKeys: options.liveChannelKeys ?? [],
    manualConfirmChannelKeys: options.manualConfirmChannelKeys ?? [],
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [200, 1000, 5000],
    dropWebhooks: options.dropWebhooks ?? false,
    maxCancelCount: options.maxCancelCount ?? MAX_CANCEL_COUNT,
    now: options.now ?? (() => new Date()),
    random: options.random ?? (() => crypto.randomUUID()),
  });
  const app = new Hono();
  app.onError(handleError);
  app.notFound(() => {
    throw new ApiError("NOT_FOUND", "존재하지 않는 경로입니다.");
  });
  app.route("/", restRoutes(core));
  app.route("/", controlRoutes(core));
  app.route("/", assetRoutes());
  app.route("/", windowRoutes());
  app.route("/", receiptRoutes(core));
  app.route("/", dashboardRoutes(core));
  return {
    app,
    flushWebhooks: () => core.outbox.flush(),
    stopWebhooks: () => core.outbox.stop(),
    webhooks: (paymentId) => core.outbox.list(paymentId),
    payment: (paymentId) => core.payments.get(paymentId),
    setWebhookUrl: (url) => {
      core.config.webhookUrl = url;
    },
    setDropWebhooks: (drop) => {
      core.config.dropWebhooks = drop;
    },
    reset: () => core.reset(),
  };
}

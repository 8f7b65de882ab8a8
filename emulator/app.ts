import { Hono } from "hono";
import { assetRoutes } from "./assets.ts";
import { MAX_CANCEL_COUNT } from "./cancel.ts";
import { controlRoutes } from "./control.ts";
import { createCore } from "./core.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { DEV_V1_API_KEY, DEV_V1_API_SECRET } from "./dev-secrets.ts";
import { ApiError, handleError } from "./errors.ts";
import type { OutboxEntry } from "./outbox.ts";
import type { PaymentRecord } from "./payments.ts";
import { receiptRoutes } from "./receipt.ts";
import { restRoutes } from "./rest.ts";
import { loadState, saveState } from "./state-file.ts";
import { createV1 } from "./v1/index.ts";
import type { V1NoticeEntry } from "./v1/notices.ts";
import type { V1Payment } from "./v1/state.ts";
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
  /** V1 `imp_key` for `POST /users/getToken` (default `DEV_V1_API_KEY`). */
  v1ApiKey?: string;
  /** V1 `imp_secret` (default `DEV_V1_API_SECRET`). */
  v1ApiSecret?: string;
  /** Where V1 notices go (a payment's `notice_url` overrides it); without it they are only kept. */
  v1WebhookUrl?: string;
  /** The V1 notice's content type, as the merchant picks it in the console (default `"json"`). */
  v1WebhookContentType?: "json" | "form";
  /** V1 channel keys whose window payments are `sandbox: true` (default none: live). */
  v1SandboxChannelKeys?: string[];
  /**
   * A JSON file that keeps payments and webhooks across restarts (`state-file.ts`): loaded at
   * creation, rewritten after each change and at shutdown. Without it (the default, and what
   * tests want) the emulator starts empty and forgets everything when it stops.
   */
  stateFile?: string;
  /** Where to say what happened to the state file at start (default `console.warn`). */
  log?: (line: string) => void;
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
  /** The raw record of a V1 payment. */
  v1Payment(impUid: string): V1Payment | undefined;
  /** The V1 notices built so far, oldest first (optionally of one `imp_uid`). */
  v1Webhooks(impUid?: string): V1NoticeEntry[];
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
 * (`/window`), card receipts (`/receipts/:paymentId`) and a dashboard (`/`); and V1 beside it
 * (`/users/getToken`, `/payments/{imp_uid}`..., `/_emulator/v1/...`, `/sdk/v1/iamport.js`).
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
  const v1 = createV1(core, {
    apiKey: options.v1ApiKey ?? DEV_V1_API_KEY,
    apiSecret: options.v1ApiSecret ?? DEV_V1_API_SECRET,
    sandboxChannelKeys: options.v1SandboxChannelKeys ?? [],
    webhookUrl: options.v1WebhookUrl ?? null,
    webhookContentType: options.v1WebhookContentType ?? "json",
  });
  const { stateFile } = options;
  const state = { core, v1: v1.state };
  const save = () => {
    if (!stateFile) return;
    try {
      saveState(stateFile, state);
    } catch (error) {
      (options.log ?? console.warn)(`PortOne emulator: could not write ${stateFile}: ${String(error)}`);
    }
  };
  if (stateFile) {
    const loaded = loadState(stateFile, state);
    if (loaded.result === "broken") {
      (options.log ?? console.warn)(
        `PortOne emulator: ${stateFile} could not be read (${loaded.reason}); moved to ${stateFile}.broken, starting empty`,
      );
    }
  }
  const reset = () => {
    core.reset();
    v1.state.reset();
    save();
  };
  const app = new Hono();
  app.onError(handleError);
  // Every request but a read may change the state: write it once the answer is ready.
  app.use("*", async (c, next) => {
    await next();
    if (stateFile && !["GET", "HEAD", "OPTIONS"].includes(c.req.method)) save();
  });
  // V1 and V2 share `/payments/...`: V1's requests go to the V1 app before V2's auth sees them.
  app.use("*", async (c, next) => {
    if (v1.claims(c)) return v1.rest.fetch(c.req.raw);
    if (c.req.method === "POST" && c.req.path === "/_emulator/reset") v1.state.reset();
    await next();
  });
  app.notFound(() => {
    throw new ApiError("NOT_FOUND", "존재하지 않는 경로입니다.");
  });
  for (const routes of v1.routes) app.route("/", routes);
  app.route("/", restRoutes(core));
  app.route("/", controlRoutes(core));
  app.route("/", assetRoutes());
  app.route("/", windowRoutes());
  app.route("/", receiptRoutes(core));
  app.route("/", dashboardRoutes(core, { stateFile }));
  return {
    app,
    flushWebhooks: async () => {
      await Promise.all([core.outbox.flush(), v1.state.notices.flush()]);
    },
    stopWebhooks: async () => {
      await Promise.all([core.outbox.stop(), v1.state.notices.stop()]);
      // Deliveries recorded since the last change are kept too.
      save();
    },
    webhooks: (paymentId) => core.outbox.list(paymentId),
    payment: (paymentId) => core.payments.get(paymentId),
    v1Payment: (impUid) => v1.state.payments.get(impUid),
    v1Webhooks: (impUid) => v1.state.notices.list(impUid),
    setWebhookUrl: (url) => {
      core.config.webhookUrl = url;
    },
    setDropWebhooks: (drop) => {
      core.config.dropWebhooks = drop;
    },
    reset,
  };
}

import type { FulfilmentRequest } from "../contract/index.ts";
import { d1BackOffice } from "./adapters/d1-back-office.ts";
import { d1Checkpoints } from "./adapters/d1-checkpoints.ts";
import { d1ExpiryCandidates } from "./adapters/d1-expiry-candidates.ts";
import { d1Outbox } from "./adapters/d1-outbox.ts";
import { ledgerOrderStore } from "./adapters/ledger-order-store.ts";
import { logTransitions } from "./adapters/log-lifecycle.ts";
import { discordSender, slackSender, telegramSender } from "./adapters/notify-channels.ts";
import { defer } from "./adapters/notify-defer.ts";
import { emailSender } from "./adapters/notify-email.ts";
import { portOneGateway } from "./adapters/portone-gateway.ts";
import { portOneV1Gateway } from "./adapters/portone-v1-gateway.ts";
import { missingForPayments, readConfig } from "./config.ts";
import { mintPaymentId } from "./domain/payment-id.ts";
import { err, ok, type Result } from "./domain/result.ts";
import {
  adjustStock,
  exportOrders,
  listOrders,
  orderDetail,
  shipOrder,
  stockLevels,
} from "./services/back-office/orders.ts";
import type { OrderFilter } from "./services/back-office/ports.ts";
import { refundOrder } from "./services/back-office/refund-order.ts";
import { completePayment } from "./services/complete-payment.ts";
import { createOrder } from "./services/create-order.ts";
import type { ServiceError } from "./services/errors.ts";
import { expireOrders } from "./services/expire-orders.ts";
import { getCatalog } from "./services/get-catalog.ts";
import { getOrder } from "./services/get-order.ts";
import { handleWebhook } from "./services/handle-webhook.ts";
import { handleWebhookV1 } from "./services/handle-webhook-v1.ts";
import {
  type ChannelSender,
  deliverDue,
  type NotifyDeps,
  notifyListener,
  retryDelivery,
  sendTestMessage,
} from "./services/notify.ts";
import { type NotifyChannel, type NotifyPlan, parseEvents } from "./services/notify-events.ts";
import { orderForShopper } from "./services/order-page.ts";
import type { LifecycleListener, ServiceDeps } from "./services/ports.ts";
import { reconcile } from "./services/reconcile.ts";
import { settlePayment } from "./services/settle-payment.ts";

/**
 * The subscribers every order transition goes to: the log, and the first attempt of the
 * merchant's notifications (their outbox rows are written by the store, in the transition).
 */
const listenersFor = (env: Env): readonly LifecycleListener[] => [
  logTransitions,
  notifyListener(
    notifyDeps(env, () => new Date()),
    defer,
  ),
];

/** The services bound to one environment: what the routes call. */
export interface Services {
  createOrder(input: Parameters<typeof createOrder>[1]): ReturnType<typeof createOrder>;
  completePayment(input: Parameters<typeof completePayment>[1]): ReturnType<typeof completePayment>;
  getOrder(paymentId: string): ReturnType<typeof getOrder>;
  getCatalog(): ReturnType<typeof getCatalog>;
  handleWebhook(event: Parameters<typeof handleWebhook>[1]): ReturnType<typeof handleWebhook>;
  handleWebhookV1(notice: Parameters<typeof handleWebhookV1>[1]): ReturnType<typeof handleWebhookV1>;
  refundOrder(...args: Tail<Parameters<typeof refundOrder>>): ReturnType<typeof refundOrder>;
}

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;

/** The back office's services: the ledger only, so the merchant sees orders even while PortOne is not configured. */
export interface BackOfficeServices {
  listOrders(filter: OrderFilter): ReturnType<typeof listOrders>;
  orderDetail(paymentId: string): ReturnType<typeof orderDetail>;
  shipOrder(paymentId: string, request: FulfilmentRequest): ReturnType<typeof shipOrder>;
  exportOrders(filter: Omit<OrderFilter, "limit" | "cursor">): ReturnType<typeof exportOrders>;
  stockLevels(): ReturnType<typeof stockLevels>;
  adjustStock(productId: string, onHand: number | null): ReturnType<typeof adjustStock>;
  /** The order behind a shopper's link (`/orders/:paymentId?t=`). */
  orderForShopper(paymentId: string, token: string | undefined): ReturnType<typeof orderForShopper>;
}

/**
 * The back office's services bound to this environment's D1 and the real clock.
 *
 * @example const page = await createBackOffice(c.env).listOrders({ limit: 50 });
 */
export function createBackOffice(env: Env): BackOfficeServices {
  const deps = { office: d1BackOffice(env.CHECKOUT_DB), now: () => new Date() };
  return {
    listOrders: (filter) => listOrders(deps, filter),
    orderDetail: (paymentId) => orderDetail(deps, paymentId),
    shipOrder: (paymentId, request) => shipOrder(deps, paymentId, request),
    exportOrders: (filter) => exportOrders(deps, filter),
    stockLevels: () => stockLevels(deps),
    adjustStock: (productId, onHand) => adjustStock(deps, productId, onHand),
    orderForShopper: (paymentId, token) =>
      orderForShopper({ office: deps.office, linkSecret: orderLinkSecret(env) }, paymentId, token),
  };
}

/**
 * The composition root: the services bound to KV and D1, PortOne's SDK, the configuration, the real
 * clock and the lifecycle subscribers. Fails closed: without the secret and ids PortOne needs
 * it refuses with `NOT_CONFIGURED` instead of building a half-configured checkout.
 *
 * @example
 * const built = createServices(c.env);
 * if (built.ok) await built.value.getOrder("pay1");
 */
export function createServices(
  env: Env,
  listeners: readonly LifecycleListener[] = listenersFor(env),
): Result<Services, ServiceError> {
  const built = serviceDeps(env, listeners, () => new Date());
  if (!built.ok) return built;
  const deps = built.value;
  return ok({
    createOrder: (input) => createOrder(deps, input),
    completePayment: (input) => completePayment(deps, input),
    getOrder: (paymentId) => getOrder(deps, paymentId),
    getCatalog: () => getCatalog(deps),
    handleWebhook: (event) => handleWebhook(deps, event),
    handleWebhookV1: (notice) => handleWebhookV1(deps, notice),
    refundOrder: (...args) =>
      refundOrder(
        {
          ...deps,
          office: d1BackOffice(env.CHECKOUT_DB),
          resettle: (paymentId) => settlePayment(deps, { paymentId, cause: "MERCHANT" }),
        },
        ...args,
      ),
  });
}

const built = new WeakMap<Env, Result<Services, ServiceError>>();

/**
 * {@link createServices} with the default listeners, built once per `env` object and reused by
 * every request that brings the same one. Workers hands an isolate's requests one `env` (its
 * bindings and vars, fixed for the isolate's life), so the PortOne client, the configuration and
 * the adapters are made once, not on every request; an `env` made for one call (tests' overrides)
 * gets its own services. Nothing here holds a request's I/O: bindings and plain functions only.
 *
 * @example const services = servicesFor(c.env);
 */
export function servicesFor(env: Env): Result<Services, ServiceError> {
  let services = built.get(env);
  if (!services) {
    services = createServices(env);
    built.set(env, services);
  }
  return services;
}

/** The scheduled work that needs PortOne: reconciliation and expiry (run by `worker/scheduled.ts`). */
export interface ScheduledServices {
  reconcile(): ReturnType<typeof reconcile>;
  expireOrders(): ReturnType<typeof expireOrders>;
}

/**
 * The scheduled services bound to this environment, with the cron's own time as the clock (every
 * event they write is stamped with it). Fails closed like {@link createServices}.
 *
 * @example
 * const work = createScheduledServices(env, new Date(controller.scheduledTime));
 * if (work.ok) await work.value.reconcile();
 */
export function createScheduledServices(
  env: Env,
  now: Date,
  listeners: readonly LifecycleListener[] = listenersFor(env),
): Result<ScheduledServices, ServiceError> {
  const built = serviceDeps(env, listeners, () => now);
  if (!built.ok) return built;
  const deps = built.value;
  return ok({
    reconcile: () =>
      readConfig(env).version === "V1"
        ? skipReconcileOnV1(now)
        : reconcile({ ...deps, checkpoints: d1Checkpoints(env.CHECKOUT_DB) }, now),
    expireOrders: () => expireOrders({ ...deps, candidates: d1ExpiryCandidates(env.CHECKOUT_DB) }, now),
  });
}

/**
 * V1 has no listing by status-change time (`GET /payments/status/{status}` filters by each
 * status's own time, so a refund of an old sale falls outside any window): reconciliation
 * looks at nothing, and lost V1 sales are settled by the expiry job's re-read instead.
 */
async function skipReconcileOnV1(now: Date): ReturnType<typeof reconcile> {
  console.log(JSON.stringify({ event: "reconcile_skipped", reason: "PORTONE_VERSION=V1" }));
  const at = now.toISOString();
  return ok({ from: at, until: at, listed: 0, settled: 0, retry: 0, checkpoint: null });
}

/** The services' ports over KV, D1 and PortOne, or `NOT_CONFIGURED` without what PortOne needs. */
function serviceDeps(
  env: Env,
  listeners: readonly LifecycleListener[],
  now: () => Date,
): Result<ServiceDeps, ServiceError> {
  const config = readConfig(env);
  const missing = missingForPayments(config);
  if (missing.length > 0) return err({ code: "NOT_CONFIGURED", missing });
  const v1 = config.version === "V1";
  return ok({
    store: ledgerOrderStore(env.CHECKOUT_KV, env.CHECKOUT_DB, undefined, notifyPlan(env)),
    gateway: v1
      ? portOneV1Gateway({
          apiKey: config.v1.apiKey,
          apiSecret: config.v1.apiSecret,
          baseUrl: config.v1.apiBase,
          impCode: config.v1.impCode,
          timeoutMs: config.timeoutMs,
        })
      : portOneGateway({
          secret: config.apiSecret,
          baseUrl: config.apiBase,
          storeId: config.storeId,
          timeoutMs: config.timeoutMs,
        }),
    // On V1 the 고객사 식별코드 stands for the store: every V1 record we can read is ours and says it.
    settings: v1
      ? { ...config, storeId: config.v1.impCode, channelKey: config.v1.channelKey, channelKeys: {} }
      : config,
    now,
    newPaymentId: () => mintPaymentId((bytes) => crypto.getRandomValues(bytes)),
    listeners,
  });
}

/** `ORDER_LINK_SECRET`, trimmed; empty means no order links are issued or answered. */
export function orderLinkSecret(env: Env): string {
  return typeof env.ORDER_LINK_SECRET === "string" ? env.ORDER_LINK_SECRET.trim() : "";
}

/** The merchant's notifications: sending what is due (the cron), one retry and a test (the admin). */
export interface NotificationServices {
  deliverDue(): ReturnType<typeof deliverDue>;
  retry(paymentId: string, id: number): ReturnType<typeof retryDelivery>;
  sendTest(): ReturnType<typeof sendTestMessage>;
  deliveriesOf(paymentId: string): ReturnType<NotifyDeps["outbox"]["listFor"]>;
}

/**
 * The notification services bound to this environment's channels and D1; `now` is the cron's
 * time for the scheduled job. Needs no channel: with none, there is nothing to send.
 *
 * @example await createNotifications(env).sendTest();
 */
export function createNotifications(env: Env, now: () => Date = () => new Date()): NotificationServices {
  const deps = notifyDeps(env, now);
  return {
    deliverDue: () => deliverDue(deps, { limit: 100 }),
    retry: (paymentId, id) => retryDelivery(deps, paymentId, id),
    sendTest: () => sendTestMessage(deps),
    deliveriesOf: (paymentId) => deps.outbox.listFor(paymentId),
  };
}

const setting = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/** The configured channels' senders: each one on only when all its settings are present. */
function notifySenders(env: Env): Partial<Record<NotifyChannel, ChannelSender>> {
  const timeout = Number(setting(env.NOTIFY_TIMEOUT_MS));
  // At most a minute: a send must end well within the claim's lease (LEASE_MS), or a second sender could take the row.
  const timeoutMs = Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, 60_000) : 10_000;
  const slack = setting(env.NOTIFY_SLACK_WEBHOOK_URL);
  const discord = setting(env.NOTIFY_DISCORD_WEBHOOK_URL);
  const token = setting(env.NOTIFY_TELEGRAM_BOT_TOKEN);
  const chat = setting(env.NOTIFY_TELEGRAM_CHAT_ID);
  const from = setting(env.NOTIFY_EMAIL_FROM);
  const to = setting(env.NOTIFY_EMAIL_TO);
  return {
    ...(slack ? { slack: slackSender(slack, timeoutMs) } : {}),
    ...(discord ? { discord: discordSender(discord, timeoutMs) } : {}),
    ...(token && chat
      ? {
          telegram: telegramSender(
            setting(env.NOTIFY_TELEGRAM_API_BASE) || "https://api.telegram.org",
            token,
            chat,
            timeoutMs,
          ),
        }
      : {}),
    ...(from && to && env.NOTIFY_EMAIL ? { email: emailSender(env.NOTIFY_EMAIL, from, to) } : {}),
  };
}

/** Which channels get which events (`NOTIFY_EVENTS`): what the store writes to the outbox. */
function notifyPlan(env: Env): NotifyPlan {
  return {
    channels: Object.keys(notifySenders(env)) as NotifyChannel[],
    events: parseEvents(setting(env.NOTIFY_EVENTS)),
  };
}

function notifyDeps(env: Env, now: () => Date): NotifyDeps {
  return {
    outbox: d1Outbox(env.CHECKOUT_DB),
    senders: notifySenders(env),
    locale: setting(env.NOTIFY_LOCALE) === "en" ? "en" : "ko",
    publicUrl: setting(env.PUBLIC_URL),
    now,
  };
}

/**
 * The payment flow of one `<portone-checkout>`, as a Lit reactive controller: where the payment
 * stands, what happens next, and the timers behind it (verification retries with backoff,
 * deposit polling, pausing while the tab is hidden or the element detached).
 *
 * The element renders {@link PaymentController.phase}, `order` and `failure` and calls
 * `start()`; the controller asks the host to update whenever they change and dispatches the
 * `portone-*` events from the host. Opening the payment window goes through a
 * {@link PaymentWindow} the element chooses for the worker's order ({@link ChooseWindow}), so
 * the flow does not know which PortOne SDK (V2, V1) is behind it.
 *
 * @example
 * ```ts
 * #flow = new PaymentController(this, () => portOneV2, { api: () => this.api, owner: () => this.id });
 * this.#flow.start(request, () => ({ redirectUrl: location.href }));
 * ```
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { CompletePaymentRequest, CreatedOrderAnswer, CreateOrderRequest } from "../contract/api.js";
import { type ApiClient, createApiClient, type OrderState } from "./api-client.js";
import { FIRST_DELAY_MS, nextDelay } from "./backoff.js";
import { errorText, loadErrorMessages } from "./error-messages.js";
import { errorMessagesFile } from "./error-messages-key.js";
import {
  type PortOneFailedDetail,
  PortOneFailedEvent,
  PortOnePaidEvent,
  PortOnePendingEvent,
  PortOneRequestEvent,
} from "./events.js";
import type { Locale } from "./messages.js";
import { type Receipt, receiptOf } from "./paid-receipt.js";
import type { WindowOptions } from "./payment-request.js";
import { type ClassifiedOutcome, classifyOutcome } from "./payment-result.js";
import type { PaymentWindow } from "./payment-window.js";
import { type RedirectTarget, register, unregister } from "./redirect-registry.js";
import {
  listPending,
  type PendingPayment,
  type PendingStage,
  putPending,
  type RedirectResult,
  removePending,
} from "./redirect-result.js";

/**
 * Where the element is in a payment: `idle`, `preparing` (creating the order), `paying` (the
 * payment window is open), `verifying` (the worker checks with PortOne), `checking` (verification
 * could not finish yet and is retried), `awaiting` (a deposit or an approval is due), `paid`,
 * `failed`.
 */
export type CheckoutState = "idle" | "preparing" | "paying" | "verifying" | "checking" | "awaiting" | "paid" | "failed";

/** The element the flow runs in. */
export interface PaymentHost extends ReactiveControllerHost, EventTarget {
  readonly isConnected: boolean;
  readonly locale: Locale;
}

/** What the flow reads from the element when it needs it. */
export interface PaymentSource {
  /** The worker's base URL, or `undefined` when `api` is not http(s). */
  api(): string | undefined;
  /** Identifies the element across a redirect: its id, or what it sells. */
  owner(): string;
  /** The address of the on-demand script `file` (beside the drop-in, or at the worker). */
  src(file: string): string;
}

/**
 * The payment window for the worker's order, or (without one: before any click) the one to
 * preload. The worker's answer decides (`version`), so the page cannot open another gateway
 * than the one that verifies.
 */
export type ChooseWindow = (order?: CreatedOrderAnswer) => PaymentWindow;

type Failure = { code: string; message?: string | undefined; paymentId?: string | undefined };

const now = () => Date.now();

/** The payment flow of one element. */
export class PaymentController implements ReactiveController, RedirectTarget {
  /** Where the payment is. */
  phase: CheckoutState = "idle";
  /** The worker's last word on the order (while awaiting, and once paid). */
  order?: OrderState | undefined;
  /** Why the last payment failed. */
  failure?: PortOneFailedDetail | undefined;
  /** The last paid order, as its receipt shows it (also restored after a reload). */
  receipt?: Receipt | undefined;

  #host: PaymentHost;
  #window: ChooseWindow;
  #source: PaymentSource;
  #timer?: ReturnType<typeof setTimeout>;
  #delay = FIRST_DELAY_MS;
  /** The retry or poll to run next, kept so that it can resume on reconnect or when visible. */
  #task?: (() => Promise<void>) | undefined;
  #resumed = false;
  /** Purchases started: a failure reported after another began is dropped. */
  #runs = 0;

  constructor(host: PaymentHost, window: ChooseWindow, source: PaymentSource) {
    this.#host = host;
    this.#window = window;
    this.#source = source;
    host.addController(this);
  }

  /** True while a payment is under way and a click must be ignored. */
  get busy(): boolean {
    return ["preparing", "paying", "verifying", "checking"].includes(this.phase);
  }

  hostConnected(): void {
    register(this);
    this.#window().preload();
    document.addEventListener("visibilitychange", this.#onVisibility);
    addEventListener("pageshow", this.#onPageShow);
    if (this.#task) this.#schedule(this.#task, 0);
  }

  hostDisconnected(): void {
    unregister(this);
    document.removeEventListener("visibilitychange", this.#onVisibility);
    removeEventListener("pageshow", this.#onPageShow);
    clearTimeout(this.#timer);
  }

  /** Polls and retries pause while the tab is hidden and resume when it is shown again. */
  #onVisibility = () => {
    if (document.visibilityState === "hidden") clearTimeout(this.#timer);
    else if (this.#task) this.#schedule(this.#task, 0);
  };

  /** Back from PortOne's page through the back/forward cache: the window is no longer open. */
  #onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && this.phase === "paying") this.#go("idle");
  };

  #go(phase: CheckoutState): void {
    this.phase = phase;
    this.#host.requestUpdate();
  }

  #client(): ApiClient | undefined {
    const base = this.#source.api();
    return base ? createApiClient(base) : undefined;
  }

  /** Reports a failure the element found before any order (`code`: one of the element's own). */
  refuse(code: string): Promise<void> {
    return this.#fail({ code });
  }

  /** "Try again": checks at once while checking. Answers false when there is nothing to check. */
  checkNow(): boolean {
    const task = this.phase === "checking" && this.#task;
    if (task) this.#schedule(task, 0);
    return !!task;
  }

  /**
   * Creates the order (`request`, or INVALID_CONFIGURATION when the page's set-up gave none),
   * opens the payment window and verifies the result. `options` is read once the order exists.
   */
  async start(request: CreateOrderRequest | undefined, options: () => WindowOptions): Promise<void> {
    const client = this.#client();
    // No product or items, items that are not JSON, or an api that is not http(s).
    if (!request || !client) return this.#fail({ code: "INVALID_CONFIGURATION" });
    if (!this.#host.dispatchEvent(new PortOneRequestEvent(request))) return;

    this.#stop();
    this.#runs++;
    this.failure = this.order = undefined;
    this.#go("preparing");
    const created = await client.createOrder(request);
    if (!created.ok) return this.#fail(created.error);
    const order = created.value;
    const { paymentId } = order;
    // Preloaded since the element connected (the window the worker's answer names may come now).
    const sdk = this.#window(order);
    if (!(await sdk.load())) return this.#fail({ code: "SDK_LOAD_FAILED", paymentId });

    this.#track("requested", order);
    this.#go("paying");
    let outcome: ClassifiedOutcome | undefined;
    try {
      outcome = await sdk.open(order, options());
    } catch (error) {
      this.#forget(paymentId);
      return this.#fail({ code: "SDK_ERROR", message: (error as Error)?.message ?? String(error), paymentId });
    }
    // `undefined`: the page is leaving for PortOne; the result comes back on the redirect URL.
    if (outcome) await this.#settle(outcome, client);
  }

  src(file: string): string {
    return this.#source.src(file);
  }

  owns(entry: PendingPayment): boolean {
    return entry.owner === this.#source.owner() && entry.api === this.#source.api();
  }

  /** Handles PortOne's result from the query string of a redirect return. */
  async redirected(result: RedirectResult): Promise<void> {
    this.#resumed = true;
    const client = this.#client();
    if (!client) return this.#fail({ code: "INVALID_CONFIGURATION" });
    await this.#settle(classifyOutcome(result), client);
  }

  /**
   * After a reload: shows this element's last paid order from sessionStorage (`paid`, no event:
   * nothing new happened), or picks up its unfinished payment.
   */
  resume(sent?: boolean): void {
    if (this.#resumed || this.phase !== "idle") return;
    this.#resumed = true;
    const pending = listPending(now()).find((p) => (sent || p.stage !== "requested") && this.owns(p));
    const client = this.#client();
    if (pending?.stage === "paid") {
      this.receipt = pending as Receipt;
      this.#go("paid");
    } else if (pending && client) {
      this.#go("verifying");
      void this.#check(client, { paymentId: pending.paymentId, impUid: pending.impUid }, false);
    }
  }

  /** The same completion for the promise and the redirect: verify success, report failure. */
  async #settle(outcome: ClassifiedOutcome, client: ApiClient): Promise<void> {
    if (outcome.kind === "failed") {
      if (outcome.paymentId) this.#forget(outcome.paymentId);
      return this.#fail(outcome);
    }
    // The completion's body: paymentId, and paymentToken or V1's impUid when there is one.
    const { kind, ...done } = outcome;
    this.#track("returned", done);
    this.#go("verifying");
    await this.#check(client, done, true);
  }

  /**
   * Asks the worker where the payment stands: `POST /api/payments/complete` (`verify`: the
   * worker checks with PortOne; idempotent) or `GET /api/orders/:paymentId` (the stored order;
   * one still `PENDING` is verified instead). While the worker cannot be reached the element
   * shows "checking" and retries with backoff. `done` is the completion's body.
   */
  async #check(client: ApiClient, done: CompletePaymentRequest, verify: boolean): Promise<void> {
    const { paymentId } = done;
    const result = verify ? await client.completePayment(done) : await client.getOrder(paymentId);
    if (result.ok) {
      if (!verify && result.value.status === "PENDING") return this.#check(client, done, true);
      return this.#apply(result.value, client, done);
    }
    if (result.error.retryable) {
      if (this.phase !== "awaiting") this.#go("checking");
      return this.#schedule(() => this.#check(client, done, verify));
    }
    this.#forget(paymentId);
    return this.#fail({ ...result.error, paymentId });
  }

  /** Shows what the worker said and decides what comes next. Unknown statuses are never paid. */
  #apply(order: OrderState, client: ApiClient, done: CompletePaymentRequest): void {
    const { paymentId, status } = order;
    switch (status) {
      case "PAID":
        this.#stop();
        this.order = order;
        this.receipt = receiptOf(order);
        // Kept for a reload of this page instead of the pending entry: only what the receipt shows.
        this.#track("paid", done, this.receipt);
        this.#go("paid");
        this.#host.dispatchEvent(new PortOnePaidEvent(order));
        return;
      case "AWAITING_DEPOSIT":
      case "PENDING": {
        const expiry = Date.parse(order.virtualAccount?.expiredAt ?? "");
        if (status === "AWAITING_DEPOSIT" && expiry < now()) {
          this.#forget(paymentId);
          void this.#fail({ code: "VIRTUAL_ACCOUNT_EXPIRED", paymentId });
          return;
        }
        // A deposit is settled by PortOne's webhook, so reading the order is enough; a pending
        // approval is re-verified with PortOne through the idempotent completion.
        this.#track(status === "PENDING" ? "returned" : "awaiting", done);
        // Announced once per status, not on every poll.
        const fresh = this.phase !== "awaiting" || this.order?.status !== status;
        this.order = order;
        this.#go("awaiting");
        if (fresh) this.#host.dispatchEvent(new PortOnePendingEvent(order));
        this.#schedule(() => this.#check(client, done, status === "PENDING"));
        return;
      }
      case "FAILED":
      case "CANCELLED":
      case "REJECTED":
        this.#forget(paymentId);
        void this.#fail({
          code: order.failure?.code ?? (status === "CANCELLED" ? "PAYMENT_CANCELLED" : "PAYMENT_FAILED"),
          message: order.failure?.message ?? status,
          paymentId,
        });
        return;
      default:
        // A status this element does not know yet: keep checking, never show it as paid.
        this.#go("checking");
        this.#schedule(() => this.#check(client, done, false));
    }
  }

  /** The payment reached a final state: nothing to resume after a reload. */
  #forget(paymentId: string): void {
    removePending(paymentId, now());
  }

  /** Stores how far a payment got: its id and V1's `impUid` (never a token), and once paid its receipt. */
  #track(stage: PendingStage, { paymentId, impUid }: CompletePaymentRequest, receipt?: Receipt): void {
    const api = this.#source.api();
    if (api) putPending({ ...receipt, paymentId, impUid, owner: this.#source.owner(), api, stage, at: now() });
  }

  /**
   * Shows and reports a failure; the element's own codes carry their human message. The
   * messages' script is loaded first (the phase is left as it was meanwhile), so the status line and
   * the event have the message at once.
   */
  async #fail({ code, message, paymentId }: Failure): Promise<void> {
    this.#stop();
    if (code === "ORIGIN_NOT_ALLOWED") {
      // The shopper only reads that payment is not available here; the merchant needs the fix.
      console.error(`portone-checkout: add ${location.origin} to ALLOWED_ORIGINS`);
    }
    const run = this.#runs;
    await loadErrorMessages(this.src(errorMessagesFile));
    // A purchase started while the messages loaded is not this failure's to end.
    if (run !== this.#runs) return;
    const detail: PortOneFailedDetail = { code, message: message || errorText(this.#host.locale, code) };
    if (paymentId) detail.paymentId = paymentId;
    this.failure = detail;
    this.#go("failed");
    this.#host.dispatchEvent(new PortOneFailedEvent(detail));
  }

  /**
   * Runs `task` (a retry or a poll) after the backoff delay, or at once. Nothing runs while the
   * tab is hidden or the element is detached; the task is kept and runs when the tab is shown or
   * the element reconnects. A running task schedules its successor.
   */
  #schedule(task: () => Promise<void>, delay = this.#delay): void {
    clearTimeout(this.#timer);
    this.#task = task;
    if (!this.#host.isConnected || document.visibilityState === "hidden") return;
    this.#timer = setTimeout(() => {
      this.#delay = nextDelay(this.#delay);
      this.#task = undefined;
      void task();
    }, delay);
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#task = undefined;
    this.#delay = FIRST_DELAY_MS;
  }
}

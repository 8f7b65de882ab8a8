import type { Catalog } from "../../../worker/domain/catalog.ts";
import type { Order } from "../../../worker/domain/order.ts";
import type { PaymentRecord } from "../../../worker/domain/settlement.ts";
import type {
  GatewayFailure,
  GatewayResult,
  LifecycleListener,
  ListedPayment,
  OrderStore,
  OrderTransition,
  PaymentGateway,
  PersonalDetails,
  ServiceDeps,
} from "../../../worker/services/ports.ts";

/** The catalog the service tests price against. */
export const CATALOG: Catalog = {
  version: 1,
  products: {
    mug: { id: "mug", name: "Mug", amount: 12000, currency: "KRW", active: true },
    retired: { id: "retired", name: "Retired", amount: 5000, currency: "KRW", active: false },
  },
};

export const STORE_ID = "store-a";

/**
 * An in-memory `OrderStore` with the ledger's compare-and-set: `replaceOrder` writes only over
 * the revision the writer read. It counts its reads and writes, can be told to fail writes, and
 * can let another writer in between a read and a write (`interleave`).
 */
export function memoryStore(catalog: Catalog | null = CATALOG) {
  const orders = new Map<string, Order>();
  const personal = new Map<string, PersonalDetails>();
  const receipts = new Map<string, string>();
  const events: OrderTransition[] = [];
  const calls = { getOrder: 0, insertOrder: 0, replaceOrder: 0, getWebhookReceipt: 0, putWebhookReceipt: 0 };
  let failWrites = false;
  let revisions = 0;
  /** Units still available per limited product, and what each order holds. */
  const stock = new Map<string, number>();
  const holds = new Map<string, { productId: string; quantity: number }[]>();
  let before: (() => Promise<void>) | undefined;
  const store: OrderStore = {
    async getOrder(paymentId) {
      calls.getOrder++;
      const order = orders.get(paymentId);
      return order ? structuredClone(order) : null;
    },
    async insertOrder(order, details, event, claims = []) {
      calls.insertOrder++;
      if (failWrites) throw new Error("D1_ERROR: database unavailable");
      // Limited stock: all of the order's claims fit, or nothing is stored.
      const short = claims.find((c) => (stock.get(c.productId) ?? Number.POSITIVE_INFINITY) < c.quantity);
      if (short) return { outOfStock: short.productId };
      for (const c of claims) stock.set(c.productId, (stock.get(c.productId) ?? 0) - c.quantity);
      order.revision = `r${++revisions}`;
      orders.set(order.paymentId, structuredClone(order));
      personal.set(order.paymentId, structuredClone(details));
      holds.set(order.paymentId, [...claims]);
      events.push(event);
      return "INSERTED";
    },
    async replaceOrder(prev, next, event) {
      calls.replaceOrder++;
      const racing = before;
      before = undefined;
      await racing?.();
      if (failWrites) throw new Error("D1_ERROR: database unavailable");
      const current = orders.get(next.paymentId);
      if (!current || current.revision !== prev.revision || current.status !== prev.status) return false;
      next.revision = `r${++revisions}`;
      orders.set(next.paymentId, structuredClone(next));
      if (event) events.push(event);
      return true;
    },
    getCatalog: async () => catalog,
    availability: async () => Object.fromEntries(stock),
    async getWebhookReceipt(webhookId) {
      calls.getWebhookReceipt++;
      return receipts.get(webhookId) ?? null;
    },
    async putWebhookReceipt(webhookId, outcome) {
      calls.putWebhookReceipt++;
      receipts.set(webhookId, outcome);
    },
  };
  return {
    store,
    orders,
    personal,
    receipts,
    /** The events written with the orders (what the ledger's `order_events` would hold). */
    events,
    /** Units available per limited product (set by the test), and each order's holds. */
    stock,
    holds,
    calls,
    /** Seeds an order as if it had been minted earlier. */
    seed(order: Order) {
      orders.set(order.paymentId, { ...structuredClone(order), revision: `r${++revisions}` });
    },
    failWrites: () => {
      failWrites = true;
    },
    recoverWrites: () => {
      failWrites = false;
    },
    /** Runs `work` (another writer) just before the next `replaceOrder` compares revisions. */
    interleave(work: () => Promise<void>) {
      before = work;
    },
  };
}

type Call = { method: keyof PaymentGateway; input: unknown };

/**
 * A `PaymentGateway` whose payments are set by the test; every call is recorded. A payment
 * that was never set reads as PortOne's `PAYMENT_NOT_FOUND`.
 */
export function fakeGateway() {
  const payments = new Map<string, PaymentRecord>();
  /** When PortOne last changed each payment's status (what `listPayments` windows by). */
  const changedAt = new Map<string, string>();
  /** Listed payments that `getPayment` does not know (another shop's ids, odd shapes). */
  const foreign: ListedPayment[] = [];
  let listingFailsAtPage: number | null = null;
  const calls: Call[] = [];
  const failures: Partial<Record<keyof PaymentGateway, GatewayFailure>> = {};
  const answer = <T>(method: keyof PaymentGateway, input: unknown, value: T): GatewayResult<T> => {
    calls.push({ method, input });
    const failure = failures[method];
    return failure ? { ok: false, failure } : { ok: true, value };
  };
  const gateway: PaymentGateway = {
    preRegister: async (input) => answer("preRegister", input, undefined),
    async getPayment(paymentId) {
      const payment = payments.get(paymentId);
      if (!payment && !failures.getPayment) {
        calls.push({ method: "getPayment", input: paymentId });
        return { ok: false, failure: { kind: "NOT_FOUND" } };
      }
      return answer("getPayment", paymentId, payment as PaymentRecord);
    },
    confirm: async (input) => answer("confirm", input, undefined),
    refund: async (input) => answer("refund", input, undefined),
    cancel: async (input) =>
      answer("cancel", input, { cancellationId: `cancel-${calls.length + 1}`, status: "SUCCEEDED" as const }),
    async listPayments(input) {
      // Both ends inclusive, oldest change first, `totalCount` over every page (as the emulator).
      const from = Date.parse(input.from);
      const until = Date.parse(input.until);
      const all = [
        ...[...payments].map(([paymentId, record]) => ({
          paymentId,
          statusChangedAt: changedAt.get(paymentId) ?? record.paidAt ?? "2026-01-01T00:01:00.000Z",
          record: structuredClone(record),
        })),
        ...foreign,
      ]
        .filter((p) => Date.parse(p.statusChangedAt) >= from && Date.parse(p.statusChangedAt) <= until)
        .sort((a, b) => Date.parse(a.statusChangedAt) - Date.parse(b.statusChangedAt));
      const items = all.slice(input.page * input.size, (input.page + 1) * input.size);
      if (listingFailsAtPage !== null && input.page >= listingFailsAtPage) {
        calls.push({ method: "listPayments", input });
        return { ok: false, failure: { kind: "UNAVAILABLE", detail: "PortOne answered 500" } };
      }
      return answer("listPayments", input, { items, totalCount: all.length });
    },
  };
  return {
    gateway,
    calls,
    /** PortOne's record for a payment, PAID with the given amount unless told otherwise. */
    setPayment(paymentId: string, record: Partial<PaymentRecord> = {}) {
      payments.set(paymentId, {
        status: "PAID",
        rawStatus: record.status ?? "PAID",
        storeId: STORE_ID,
        currency: "KRW",
        amountTotal: 12000,
        channelType: "LIVE",
        paidAt: "2026-01-01T00:01:00.000Z",
        ...record,
      });
    },
    fail(method: keyof PaymentGateway, failure: GatewayFailure) {
      failures[method] = failure;
    },
    /** PortOne last changed this payment's status at `at` (default: its `paidAt`). */
    changed(paymentId: string, at: string) {
      changedAt.set(paymentId, at);
    },
    /** A payment the listing shows but `getPayment` does not know (not one of ours). */
    listForeign(item: ListedPayment) {
      foreign.push(item);
    },
    /** Every listing page from `page` on answers 500 (`null`: PortOne answers again). */
    failListingFrom(page: number | null) {
      listingFailsAtPage = page;
    },
    /** PortOne answers this call again. */
    recover(method: keyof PaymentGateway) {
      delete failures[method];
    },
  };
}

/** A listener that keeps every transition it hears. */
export function recordingListener() {
  const events: OrderTransition[] = [];
  const listener: LifecycleListener = {
    async onTransition(event) {
      events.push(event);
    },
  };
  return { listener, events };
}

/** A clock that stands still until moved: `now()` is exactly what the test set. */
export function fixedClock(start = "2026-03-01T09:00:00.000Z") {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(iso: string) {
      current = new Date(iso);
    },
  };
}

/** Services' dependencies over the fakes above; each test gets fresh ones. */
export function fakeDeps(
  options: { catalog?: Catalog | null; listeners?: LifecycleListener[]; allowTestPayments?: boolean } = {},
) {
  const memory = memoryStore(options.catalog === undefined ? CATALOG : options.catalog);
  const portone = fakeGateway();
  const clock = fixedClock();
  const recorded = recordingListener();
  let minted = 0;
  const deps: ServiceDeps = {
    store: memory.store,
    gateway: portone.gateway,
    settings: {
      storeId: STORE_ID,
      channelKey: "channel-key-card",
      channelKeys: { VIRTUAL_ACCOUNT: "channel-key-va" },
      allowTestPayments: options.allowTestPayments ?? false,
    },
    now: clock.now,
    newPaymentId: () => `pay${++minted}`,
    listeners: options.listeners ?? [recorded.listener],
  };
  return { deps, memory, portone, clock, events: recorded.events };
}

/** A stored order as `createOrder` would have written it. */
export function pendingOrder(overrides: Partial<Order> = {}): Order {
  return {
    paymentId: "pay1",
    status: "PENDING",
    storeId: STORE_ID,
    channelKey: "channel-key-card",
    payMethod: "CARD",
    lines: [{ productId: "mug", name: "Mug", quantity: 1, unitAmount: 12000 }],
    orderName: "Mug",
    totalAmount: 12000,
    currency: "KRW",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

import { describe, expect, it } from "vitest";
import type { Order } from "../../../worker/domain/order.ts";
import { type ExpiryCandidates, expireOrders } from "../../../worker/services/expire-orders.ts";
import {
  type Checkpoints,
  MAX_PAGES,
  PAGE_SIZE,
  RECONCILE_CHECKPOINT,
  reconcile,
} from "../../../worker/services/reconcile.ts";
import { fakeDeps, pendingOrder } from "./fakes.ts";

const NOW = new Date("2026-03-01T09:00:00.000Z");

/** Checkpoints in memory, with every write kept. */
function memoryCheckpoints(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const writes: [string, string][] = [];
  const checkpoints: Checkpoints = {
    get: async (name) => values.get(name) ?? null,
    async set(name, at) {
      values.set(name, at);
      writes.push([name, at]);
    },
  };
  return { checkpoints, writes, value: () => values.get(RECONCILE_CHECKPOINT) ?? null };
}

/** Fake services with the clock at {@link NOW} and a checkpoint (or none). */
function setup(checkpoint?: string) {
  const fake = fakeDeps();
  fake.clock.set(NOW.toISOString());
  const saved = memoryCheckpoints(checkpoint ? { [RECONCILE_CHECKPOINT]: checkpoint } : {});
  const deps = { ...fake.deps, checkpoints: saved.checkpoints };
  const listings = () =>
    fake.portone.calls.filter((c) => c.method === "listPayments").map((c) => c.input as Record<string, unknown>);
  const reads = () => fake.portone.calls.filter((c) => c.method === "getPayment").length;
  return { ...fake, deps, saved, listings, reads };
}

/** Seeds `count` pending orders whose payments PortOne shows paid, changed a second apart from `start`. */
function paidWithoutReport(
  s: ReturnType<typeof setup>,
  count: number,
  start = "2026-03-01T08:00:00.000Z",
  stepMs = 1000,
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const paymentId = `pay${String(i).padStart(4, "0")}`;
    s.memory.seed(pendingOrder({ paymentId }));
    s.portone.setPayment(paymentId);
    s.portone.changed(paymentId, new Date(Date.parse(start) + i * stepMs).toISOString());
    ids.push(paymentId);
  }
  return ids;
}

describe("reconcile", () => {
  it("settles a paid order nobody reported as PAID with a SCHEDULE event and moves the checkpoint to now", async () => {
    const s = setup("2026-03-01T08:50:00.000Z");
    const [paymentId] = paidWithoutReport(s, 1, "2026-03-01T08:55:00.000Z");
    const result = await reconcile(s.deps, NOW);
    expect(result).toMatchObject({ ok: true, value: { listed: 1, settled: 1, retry: 0 } });
    expect(s.memory.orders.get(paymentId as string)?.status).toBe("PAID");
    expect(s.memory.events).toEqual([
      { paymentId, from: "PENDING", to: "PAID", at: NOW.toISOString(), cause: "SCHEDULE" },
    ]);
    expect(s.saved.value()).toBe(NOW.toISOString());
  });

  it("lists from five minutes before the checkpoint to now, so a change stamped late is still seen", async () => {
    const s = setup("2026-03-01T08:50:00.000Z");
    // Stamped before the checkpoint (PortOne's clock, or its listing catching up late).
    const [paymentId] = paidWithoutReport(s, 1, "2026-03-01T08:46:00.000Z");
    await reconcile(s.deps, NOW);
    expect(s.listings()[0]).toMatchObject({
      from: "2026-03-01T08:45:00.000Z",
      until: NOW.toISOString(),
      page: 0,
      size: PAGE_SIZE,
    });
    expect(s.memory.orders.get(paymentId as string)?.status).toBe("PAID");
  });

  it("looks back seven days on its first run, when no checkpoint exists", async () => {
    const s = setup();
    const [paymentId] = paidWithoutReport(s, 1, "2026-02-23T09:00:00.000Z");
    await reconcile(s.deps, NOW);
    expect(s.listings()[0]).toMatchObject({ from: "2026-02-22T09:00:00.000Z", until: NOW.toISOString() });
    expect(s.memory.orders.get(paymentId as string)?.status).toBe("PAID");
    expect(s.saved.value()).toBe(NOW.toISOString());
  });

  it("reads page after page until totalCount is covered and settles the orders on every page", async () => {
    const s = setup("2026-03-01T07:00:00.000Z");
    const ids = paidWithoutReport(s, 2 * PAGE_SIZE + 5);
    const result = await reconcile(s.deps, NOW);
    expect(s.listings().map((l) => l.page)).toEqual([0, 1, 2]);
    expect(result).toMatchObject({ ok: true, value: { listed: ids.length, settled: ids.length } });
    expect(ids.every((id) => s.memory.orders.get(id)?.status === "PAID")).toBe(true);
    expect(s.saved.value()).toBe(NOW.toISOString());
  });

  it("leaves the checkpoint where it was and settles nothing when a page fails (PortOne outage)", async () => {
    const s = setup("2026-03-01T07:00:00.000Z");
    const ids = paidWithoutReport(s, PAGE_SIZE + 5);
    s.portone.failListingFrom(1);
    const result = await reconcile(s.deps, NOW);
    expect(result).toMatchObject({ ok: false, error: { code: "PORTONE", failure: { kind: "UNAVAILABLE" } } });
    expect(s.saved.writes).toEqual([]);
    expect(s.memory.orders.get(ids[0] as string)?.status).toBe("PENDING");

    s.portone.failListingFrom(null);
    await reconcile(s.deps, new Date("2026-03-01T09:10:00.000Z"));
    // The next run lists the same window again (from the old checkpoint) and settles it all.
    expect(s.listings().at(-2)).toMatchObject({ from: "2026-03-01T06:55:00.000Z", page: 0 });
    expect(ids.every((id) => s.memory.orders.get(id)?.status === "PAID")).toBe(true);
    expect(s.saved.value()).toBe("2026-03-01T09:10:00.000Z");
  });

  it("asks PortOne nothing more for an order already in step, a foreign paymentId or another shop's payment", async () => {
    const s = setup("2026-03-01T08:50:00.000Z");
    const inStep = pendingOrder({ paymentId: "payInStep", status: "PAID", paidAt: "2026-03-01T08:55:00.000Z" });
    s.memory.seed(inStep);
    s.portone.setPayment("payInStep", { paidAt: "2026-03-01T08:55:00.000Z" });
    const record = {
      status: "PAID",
      rawStatus: "PAID",
      storeId: "store-a",
      currency: "KRW",
      amountTotal: 1,
      channelType: "LIVE",
    } as const;
    s.portone.listForeign({ paymentId: "order/../../etc", statusChangedAt: "2026-03-01T08:56:00.000Z", record });
    s.portone.listForeign({ paymentId: "payNotOurs", statusChangedAt: "2026-03-01T08:57:00.000Z", record });
    const result = await reconcile(s.deps, NOW);
    expect(result).toMatchObject({ ok: true, value: { listed: 3, settled: 0 } });
    expect(s.reads()).toBe(0);
    expect(s.memory.calls.replaceOrder).toBe(0);
    expect(s.saved.value()).toBe(NOW.toISOString());
  });

  it("rejects a tampered payment it finds with AMOUNT_MISMATCH and refunds it", async () => {
    const s = setup("2026-03-01T08:50:00.000Z");
    s.memory.seed(pendingOrder({ paymentId: "payTampered" }));
    s.portone.setPayment("payTampered", { amountTotal: 100, paidAt: "2026-03-01T08:55:00.000Z" });
    await reconcile(s.deps, NOW);
    expect(s.memory.orders.get("payTampered")).toMatchObject({
      status: "REJECTED",
      failure: { code: "AMOUNT_MISMATCH" },
      refund: { state: "DONE" },
    });
    expect(s.memory.events).toMatchObject([{ to: "REJECTED", cause: "SCHEDULE", detail: "AMOUNT_MISMATCH" }]);
  });

  it("holds the checkpoint at a payment it could not settle, so the next run tries it again", async () => {
    const s = setup("2026-03-01T08:50:00.000Z");
    paidWithoutReport(s, 3, "2026-03-01T08:55:00.000Z");
    s.portone.fail("getPayment", { kind: "UNAVAILABLE", detail: "timeout" });
    const result = await reconcile(s.deps, NOW);
    expect(result).toMatchObject({ ok: true, value: { settled: 0, retry: 3 } });
    // The oldest unsettled change, not now.
    expect(s.saved.value()).toBe("2026-03-01T08:55:00.000Z");
  });

  it("stops after MAX_PAGES pages and moves the checkpoint only to the last change it read", async () => {
    const s = setup("2026-03-01T07:00:00.000Z");
    const ids = paidWithoutReport(s, MAX_PAGES * PAGE_SIZE + 1);
    await reconcile(s.deps, NOW);
    expect(s.listings()).toHaveLength(MAX_PAGES);
    const lastRead = ids[MAX_PAGES * PAGE_SIZE - 1] as string;
    expect(s.saved.value()).toBe(
      new Date(Date.parse("2026-03-01T08:00:00.000Z") + (MAX_PAGES * PAGE_SIZE - 1) * 1000).toISOString(),
    );
    expect(s.memory.orders.get(lastRead)?.status).toBe("PAID");
    expect(s.memory.orders.get(ids.at(-1) as string)?.status).toBe("PENDING");
  });

  it("carries on where a run cut short by the page limit stopped, even when more than a run's worth changed within the overlap", async () => {
    // 1,500 payments within 150 seconds: with the five-minute overlap every run would read the same first 1,000.
    // They changed in the last few minutes before the run, as in a busy hour.
    const s = setup("2026-03-01T08:50:00.000Z");
    const ids = paidWithoutReport(s, 1500, "2026-03-01T08:57:00.000Z", 100);
    await reconcile(s.deps, NOW);
    expect(ids.filter((id) => s.memory.orders.get(id)?.status === "PAID")).toHaveLength(1000);
    const second = await reconcile(s.deps, NOW);
    expect(second).toMatchObject({ ok: true });
    expect(ids.filter((id) => s.memory.orders.get(id)?.status === "PAID")).toHaveLength(1500);
    // The second run started at the first run's last item, not five minutes before it.
    const from = s.listings().at(-1)?.from;
    expect(from).toBe(new Date(Date.parse("2026-03-01T08:57:00.000Z") + 999 * 100).toISOString());
    // Complete again: the run after overlaps as usual.
    await reconcile(s.deps, new Date(NOW.getTime() + 60_000));
    expect(s.listings().at(-1)?.from).toBe(new Date(NOW.getTime() - 5 * 60 * 1000).toISOString());
  });

  it("leaves an order expired with its account past due FAILED while PortOne still lists that account", async () => {
    const s = setup("2026-03-01T08:50:00.000Z");
    const account = { bank: "SHINHAN", accountNumber: "110-1", expiredAt: "2026-03-01T08:56:00.000Z" };
    s.memory.seed(
      pendingOrder({
        paymentId: "payExpired",
        status: "FAILED",
        failure: { code: "ORDER_EXPIRED", message: "The order expired before it was paid." },
        virtualAccount: account,
        updatedAt: "2026-03-01T08:58:00.000Z",
      }),
    );
    s.portone.setPayment("payExpired", {
      status: "VIRTUAL_ACCOUNT_ISSUED",
      rawStatus: "VIRTUAL_ACCOUNT_ISSUED",
      virtualAccount: account,
    });
    s.portone.changed("payExpired", "2026-03-01T08:55:00.000Z");
    await reconcile(s.deps, NOW);
    expect(s.memory.orders.get("payExpired")?.status).toBe("FAILED");
    expect(s.memory.events).toEqual([]);
  });

  it("is safe to run twice: the second run finds every order in step and writes no event", async () => {
    const s = setup("2026-03-01T08:50:00.000Z");
    paidWithoutReport(s, 2, "2026-03-01T08:55:00.000Z");
    await reconcile(s.deps, NOW);
    const afterFirst = s.memory.events.length;
    const second = await reconcile(s.deps, new Date("2026-03-01T09:01:00.000Z"));
    expect(second).toMatchObject({ ok: true, value: { listed: 2, settled: 0 } });
    expect(s.memory.events).toHaveLength(afterFirst);
  });
});

/** Candidates read from the fake store's orders, as the D1 query picks them. */
function memoryCandidates(orders: Map<string, Order>): ExpiryCandidates {
  return {
    async expiring({ pendingCreatedBefore, depositDueBefore, limit }) {
      return [...orders.values()]
        .filter(
          (o) =>
            (o.status === "PENDING" && o.createdAt < pendingCreatedBefore) ||
            (o.status === "AWAITING_DEPOSIT" &&
              o.virtualAccount?.expiredAt !== undefined &&
              Date.parse(o.virtualAccount.expiredAt) <= Date.parse(depositDueBefore)),
        )
        .map((o) => o.paymentId)
        .slice(0, limit);
    },
  };
}

function expirySetup() {
  const fake = fakeDeps();
  fake.clock.set(NOW.toISOString());
  const deps = { ...fake.deps, candidates: memoryCandidates(fake.memory.orders) };
  return { ...fake, deps };
}

const THREE_DAYS_AGO = "2026-02-26T09:00:00.000Z";

describe("expireOrders", () => {
  it("fails a PENDING order older than two days that PortOne never saw with ORDER_EXPIRED", async () => {
    const s = expirySetup();
    s.memory.seed(pendingOrder({ paymentId: "payOld", createdAt: THREE_DAYS_AGO }));
    s.memory.seed(pendingOrder({ paymentId: "payYoung", createdAt: "2026-02-28T10:00:00.000Z" }));
    const report = await expireOrders(s.deps, NOW);
    expect(report).toEqual({ candidates: 1, expired: 1, settled: 0, deferred: 0 });
    expect(s.memory.orders.get("payOld")).toMatchObject({ status: "FAILED", failure: { code: "ORDER_EXPIRED" } });
    expect(s.memory.orders.get("payYoung")?.status).toBe("PENDING");
    expect(s.events).toEqual([
      {
        paymentId: "payOld",
        from: "PENDING",
        to: "FAILED",
        at: NOW.toISOString(),
        cause: "SCHEDULE",
        detail: "ORDER_EXPIRED",
      },
    ]);
  });

  it("settles an old PENDING order PortOne shows paid as PAID instead of expiring it", async () => {
    const s = expirySetup();
    s.memory.seed(pendingOrder({ paymentId: "payLate", createdAt: THREE_DAYS_AGO }));
    s.portone.setPayment("payLate");
    const report = await expireOrders(s.deps, NOW);
    expect(report).toMatchObject({ expired: 0, settled: 1 });
    expect(s.memory.orders.get("payLate")?.status).toBe("PAID");
    expect(s.events).toMatchObject([{ to: "PAID", cause: "SCHEDULE" }]);
  });

  it("expires an old order whose payment window is still READY", async () => {
    const s = expirySetup();
    s.memory.seed(pendingOrder({ paymentId: "payReady", createdAt: THREE_DAYS_AGO }));
    s.portone.setPayment("payReady", { status: "READY", rawStatus: "READY" });
    await expireOrders(s.deps, NOW);
    expect(s.memory.orders.get("payReady")).toMatchObject({ status: "FAILED", failure: { code: "ORDER_EXPIRED" } });
  });

  it("fails an AWAITING_DEPOSIT order past its account's expiredAt and keeps one still due", async () => {
    const s = expirySetup();
    const account = (expiredAt: string) => ({ bank: "SHINHAN", accountNumber: "110-1", expiredAt });
    s.memory.seed(
      pendingOrder({
        paymentId: "payDue",
        status: "AWAITING_DEPOSIT",
        virtualAccount: account("2026-03-01T08:00:00.000Z"),
      }),
    );
    s.memory.seed(
      pendingOrder({
        paymentId: "payOpen",
        status: "AWAITING_DEPOSIT",
        virtualAccount: account("2026-03-02T00:00:00.000Z"),
      }),
    );
    s.portone.setPayment("payDue", {
      status: "VIRTUAL_ACCOUNT_ISSUED",
      rawStatus: "VIRTUAL_ACCOUNT_ISSUED",
      virtualAccount: account("2026-03-01T08:00:00.000Z"),
    });
    await expireOrders(s.deps, NOW);
    expect(s.memory.orders.get("payDue")).toMatchObject({ status: "FAILED", failure: { code: "ORDER_EXPIRED" } });
    expect(s.memory.orders.get("payOpen")?.status).toBe("AWAITING_DEPOSIT");
    expect(s.events).toMatchObject([{ paymentId: "payDue", from: "AWAITING_DEPOSIT", to: "FAILED" }]);
  });

  it("leaves the order alone while PortOne does not answer, and expires it on a later run", async () => {
    const s = expirySetup();
    s.memory.seed(pendingOrder({ paymentId: "payOld", createdAt: THREE_DAYS_AGO }));
    s.portone.fail("getPayment", { kind: "UNAVAILABLE", detail: "503" });
    expect(await expireOrders(s.deps, NOW)).toMatchObject({ expired: 0, deferred: 1 });
    expect(s.memory.orders.get("payOld")?.status).toBe("PENDING");
    s.portone.recover("getPayment");
    expect(await expireOrders(s.deps, NOW)).toMatchObject({ expired: 1 });
  });

  it("loses cleanly to a settlement that moved the order between its read and its write", async () => {
    const s = expirySetup();
    s.memory.seed(pendingOrder({ paymentId: "payRace", createdAt: THREE_DAYS_AGO }));
    s.memory.interleave(async () => {
      const current = s.memory.orders.get("payRace") as Order;
      s.memory.orders.set("payRace", { ...current, status: "PAID", revision: "other-writer" });
    });
    expect(await expireOrders(s.deps, NOW)).toMatchObject({ expired: 0 });
    expect(s.memory.orders.get("payRace")?.status).toBe("PAID");
    expect(s.events).toEqual([]);
  });
});

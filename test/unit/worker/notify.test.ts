import { describe, expect, it } from "vitest";
import {
  backoffMs,
  type ChannelSender,
  type Delivery,
  deliverDue,
  type NotificationOutbox,
  type NotifyDeps,
  retryDelivery,
  type SendOutcome,
  sendTestMessage,
} from "../../../worker/services/notify.ts";
import type { NotifyMessage, OrderFacts } from "../../../worker/services/notify-message.ts";

const NOW = new Date("2026-12-01T00:00:00.000Z");
const DAY = 24 * 60 * 60_000;

const FACTS: OrderFacts = {
  paymentId: "pay1",
  orderName: "Poster",
  totalAmount: 12_000,
  currency: "KRW",
  payMethod: "CARD",
  channelType: "LIVE",
  buyerName: "홍길동",
  shipAddress1: "서울 강남구 테헤란로 1",
};

function row(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 1,
    paymentId: "pay1",
    event: "PAID",
    channel: "slack",
    detail: null,
    status: "PENDING",
    attempts: 0,
    nextAttemptAt: NOW.toISOString(),
    giveUpAt: new Date(NOW.getTime() + DAY).toISOString(),
    lastError: null,
    createdAt: NOW.toISOString(),
    sentAt: null,
    ...overrides,
  };
}

/** The outbox in memory, with the same claim rule as D1's (the attempts count read, due now). */
function memoryOutbox(rows: Delivery[]): NotificationOutbox {
  return {
    due: async (now, limit, paymentId) =>
      rows
        .filter((r) => r.status === "PENDING" && r.nextAttemptAt <= now && (!paymentId || r.paymentId === paymentId))
        .slice(0, limit)
        .map((r) => ({ ...r })),
    claim: async (d, now, leaseUntil) => {
      const r = rows.find((x) => x.id === d.id);
      if (r?.status !== "PENDING" || r.attempts !== d.attempts || r.nextAttemptAt > now) return false;
      r.attempts++;
      r.nextAttemptAt = leaseUntil;
      return true;
    },
    settle: async (id, outcome) => {
      const r = rows.find((x) => x.id === id);
      if (!r) return;
      if (outcome.status === "SENT") Object.assign(r, { status: "SENT", sentAt: outcome.at, lastError: null });
      else if (outcome.status === "PENDING")
        Object.assign(r, { nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error });
      else Object.assign(r, { status: "FAILED", lastError: outcome.error });
    },
    facts: async (paymentId) => (paymentId === "pay1" ? FACTS : null),
    listFor: async (paymentId) => rows.filter((r) => r.paymentId === paymentId),
    requeue: async (paymentId, id, now, giveUpAt) => {
      const r = rows.find((x) => x.id === id && x.paymentId === paymentId);
      if (!r) return null;
      if (r.status === "FAILED") Object.assign(r, { status: "PENDING", nextAttemptAt: now, giveUpAt });
      return { ...r };
    },
  };
}

function setup(rows: Delivery[], outcomes: SendOutcome[], at = NOW) {
  const sent: NotifyMessage[] = [];
  const slack: ChannelSender = async (message) => {
    sent.push(message);
    return outcomes.shift() ?? { ok: true };
  };
  const deps: NotifyDeps = {
    outbox: memoryOutbox(rows),
    senders: { slack },
    locale: "ko",
    publicUrl: "",
    now: () => at,
  };
  return { deps, sent };
}

describe("backoffMs", () => {
  it.each([
    [1, undefined, 60_000],
    [2, undefined, 120_000],
    [7, undefined, 3_600_000],
    [20, undefined, 3_600_000],
    [1, 900_000, 900_000],
  ])("waits after attempt %d (Retry-After %s) %d ms", (attempts, retryAfter, expected) => {
    expect(backoffMs(attempts, retryAfter)).toBe(expected);
  });
});

describe("deliverDue", () => {
  it("sends a due row once and marks it SENT; a second run sends nothing", async () => {
    const rows = [row()];
    const { deps, sent } = setup(rows, [{ ok: true }]);
    expect(await deliverDue(deps)).toMatchObject({ SENT: 1 });
    expect(await deliverDue(deps)).toMatchObject({ SENT: 0 });
    expect(sent).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "SENT", attempts: 1, sentAt: NOW.toISOString() });
  });

  it("sends once when two runs read the same row at the same time", async () => {
    const rows = [row()];
    const { deps, sent } = setup(rows, []);
    await Promise.all([deliverDue(deps), deliverDue(deps)]);
    expect(sent).toHaveLength(1);
  });

  it("keeps a 5xx PENDING with a minute's backoff, and honours Retry-After instead when given", async () => {
    const rows = [row(), row({ id: 2, channel: "slack" })];
    const { deps } = setup(rows, [
      { ok: false, retry: true, error: "HTTP 500" },
      { ok: false, retry: true, error: "HTTP 429", retryAfterMs: 900_000 },
    ]);
    expect(await deliverDue(deps)).toMatchObject({ RETRY: 2 });
    expect(rows[0]).toMatchObject({ status: "PENDING", attempts: 1, nextAttemptAt: "2026-12-01T00:01:00.000Z" });
    expect(rows[1]).toMatchObject({ status: "PENDING", nextAttemptAt: "2026-12-01T00:15:00.000Z" });
  });

  it("marks FAILED a refusal that retrying cannot fix, a channel no longer configured and a retry past 24 hours", async () => {
    const late = new Date(NOW.getTime() + DAY - 30_000);
    const rows = [row(), row({ id: 2, channel: "discord" }), row({ id: 3, nextAttemptAt: late.toISOString() })];
    const { deps } = setup(
      rows,
      [
        { ok: false, retry: false, error: "HTTP 404" },
        { ok: false, retry: true, error: "HTTP 503" },
      ],
      late,
    );
    expect(await deliverDue(deps)).toMatchObject({ FAILED: 3 });
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["FAILED", "HTTP 404"],
      ["FAILED", "channel not configured"],
      ["FAILED", "HTTP 503"],
    ]);
  });

  it("counts a sender that throws as a failure worth retrying", async () => {
    const rows = [row()];
    const { deps } = setup(rows, []);
    deps.senders.slack = async () => {
      throw new Error("boom");
    };
    expect(await deliverDue(deps)).toMatchObject({ RETRY: 1 });
    expect(rows[0]?.lastError).toMatch(/boom/);
  });
});

describe("retryDelivery", () => {
  it("sends a FAILED delivery again at once with a new window", async () => {
    const rows = [row({ status: "FAILED", attempts: 3, lastError: "HTTP 404" })];
    const { deps, sent } = setup(rows, [{ ok: true }]);
    const retried = await retryDelivery(deps, "pay1", 1);
    expect(retried).toMatchObject({ ok: true, value: { result: "SENT", delivery: { status: "SENT", attempts: 4 } } });
    expect(sent).toHaveLength(1);
  });

  it("answers DELIVERY_NOT_FOUND for an id of another order", async () => {
    const { deps } = setup([row()], []);
    expect(await retryDelivery(deps, "pay2", 1)).toEqual({ ok: false, error: { code: "DELIVERY_NOT_FOUND" } });
  });
});

describe("sendTestMessage", () => {
  it("answers each configured channel's result", async () => {
    const { deps } = setup([], [{ ok: false, retry: true, error: "HTTP 500" }]);
    deps.senders.telegram = async () => ({ ok: true });
    expect(await sendTestMessage(deps)).toEqual([
      { channel: "slack", ok: false, error: "HTTP 500" },
      { channel: "telegram", ok: true },
    ]);
  });
});

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import type {
  AdminNotificationList,
  AdminNotificationRetry,
  AdminNotificationTest,
  CreatedOrder,
} from "../../contract/index.ts";
import { setOnHand } from "../../worker/adapters/d1-stock.ts";
import { createNotifications } from "../../worker/compose.ts";
import { runScheduled } from "../../worker/scheduled.ts";
import { CATALOG, call, complete, deliver, pay, seedCatalog, sign, transactionBody } from "./support.ts";

/**
 * The merchant's notifications in workerd with real D1, against the PortOne emulator and a local
 * receiver standing in for Slack, Discord and Telegram (test/worker/global-setup.ts). Each test
 * gives its channels URLs under its own prefix, so it sees only its own messages.
 */

beforeAll(seedCatalog);

const receiver = () => inject("notifyReceiverUrl");
const CUSTOMER = { fullName: "홍길동", email: "hong@example.com", phoneNumber: "010-1234-5678" };
const SHIPPING = {
  recipient: "김수령",
  phoneNumber: "010-9876-5432",
  postcode: "06236",
  address1: "서울 강남구 테헤란로 1",
  address2: "3층",
};

/** Every chat channel on, pointed at the receiver under `prefix`. */
function channels(prefix: string, only?: readonly ("slack" | "discord" | "telegram")[]): Partial<Env> {
  const on = (name: string) => !only || only.includes(name as "slack");
  return {
    NOTIFY_SLACK_WEBHOOK_URL: on("slack") ? `${receiver()}/${prefix}/slack` : "",
    NOTIFY_DISCORD_WEBHOOK_URL: on("discord") ? `${receiver()}/${prefix}/discord` : "",
    NOTIFY_TELEGRAM_BOT_TOKEN: on("telegram") ? "123456:test-token" : "",
    NOTIFY_TELEGRAM_CHAT_ID: "-100123",
    NOTIFY_TELEGRAM_API_BASE: `${receiver()}/${prefix}/telegram`,
    NOTIFY_EMAIL_TO: "",
    NOTIFY_EMAIL_FROM: "",
    NOTIFY_EVENTS: "",
    NOTIFY_LOCALE: "ko",
    NOTIFY_TIMEOUT_MS: "2000",
    PUBLIC_URL: "https://checkout.example",
  };
}

const prefix = () => `t${crypto.randomUUID().replaceAll("-", "")}`;

/** What the receiver got under `path`; a scripted answer's path ends with `#<status>`. */
async function received(path: string): Promise<{ path: string; body: string }[]> {
  const response = await fetch(`${receiver()}/_messages?path=${encodeURIComponent(path)}`);
  return (await response.json()) as { path: string; body: string }[];
}
const delivered = async (path: string) => (await received(path)).filter((r) => !r.path.includes("#"));

/** The next `count` requests under `path` are answered `status` (with `headers`). */
async function script(path: string, status: number, count = 1, headers: Record<string, string> = {}, delayMs = 0) {
  await fetch(`${receiver()}/_script`, {
    method: "POST",
    body: JSON.stringify({ path, status, count, headers, delayMs }),
  });
}

async function order(overrides: Partial<Env>, body: Record<string, unknown> = {}): Promise<CreatedOrder> {
  const response = await call(
    "/api/orders",
    {
      method: "POST",
      json: { items: [{ productId: "poster", quantity: 1 }], customer: CUSTOMER, shipping: SHIPPING, ...body },
    },
    overrides,
  );
  if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedOrder;
}

async function rows(paymentId: string) {
  const result = await env.CHECKOUT_DB.prepare(
    "SELECT id, event, channel, status, attempts, next_attempt_at, last_error, detail FROM notification_deliveries WHERE payment_id = ? ORDER BY id",
  )
    .bind(paymentId)
    .all<{
      id: number;
      event: string;
      channel: string;
      status: string;
      attempts: number;
      next_attempt_at: string;
      last_error: string | null;
      detail: string | null;
    }>();
  return result.results;
}

function admin(path: string, init: RequestInit & { json?: unknown } = {}, overrides?: Partial<Env>) {
  const headers = new Headers(init.headers);
  headers.set("authorization", "Bearer test-admin-token-0123456789abcdef0123");
  headers.set("cf-connecting-ip", "198.51.100.200");
  return call(path, { ...init, headers }, overrides);
}

describe("notifications to the merchant", () => {
  it("sends exactly one message per channel for a sale under a storm of duplicate webhooks and completions", async () => {
    const p = prefix();
    const settings = channels(p);
    const created = await order(settings);
    await pay(created, "PAID");
    const body = transactionBody("Transaction.Paid", created.paymentId);
    const secret = inject("emulatorWebhookSecret");
    await Promise.all([
      ...Array.from({ length: 4 }, () => complete(created.paymentId, undefined, settings)),
      ...Array.from({ length: 4 }, async () => deliver(await sign(secret, body), settings)),
    ]);
    await vi.waitFor(async () => expect(await delivered(`/${p}/`)).toHaveLength(3), { timeout: 5000 });
    // Whatever is still due goes now: nothing more may arrive.
    await createNotifications({ ...env, ...settings }, () => new Date(Date.now() + 60 * 60_000)).deliverDue();
    const messages = await received(`/${p}/`);
    expect(messages.map((m) => m.path).sort()).toEqual([
      `/${p}/discord`,
      `/${p}/slack`,
      `/${p}/telegram/bot123456:test-token/sendMessage`,
    ]);
    expect((await rows(created.paymentId)).map((r) => [r.event, r.channel, r.status])).toEqual([
      ["PAID", "slack", "SENT"],
      ["PAID", "discord", "SENT"],
      ["PAID", "telegram", "SENT"],
    ]);
  });

  it("says the order name, the amount as money, the buyer, the city, the pay method and the admin link, never a phone number or the street", async () => {
    const p = prefix();
    const settings = channels(p, ["slack", "telegram"]);
    const created = await order(settings);
    await pay(created, "PAID");
    expect((await complete(created.paymentId, undefined, settings)).status).toBe(200);
    await vi.waitFor(async () => expect(await delivered(`/${p}/`)).toHaveLength(2), { timeout: 5000 });
    const [slack, telegram] = [
      JSON.parse((await delivered(`/${p}/slack`))[0]?.body ?? "{}").text as string,
      JSON.parse((await delivered(`/${p}/telegram`))[0]?.body ?? "{}") as { chat_id: string; text: string },
    ];
    expect(telegram.chat_id).toBe("-100123");
    for (const text of [slack, telegram.text]) {
      expect(text).toContain("결제 완료");
      expect(text).toContain("Poster");
      expect(text).toContain("₩12,000");
      expect(text).toContain("구매자: 홍길동");
      expect(text).toContain("배송지: 서울 강남구");
      expect(text).toContain("결제수단: 카드");
      expect(text).toContain(`https://checkout.example/admin/orders/${created.paymentId}`);
      expect(text).not.toMatch(/1234-?5678|9876-?5432|테헤란로|hong@example/);
    }
  });

  it("retries a 500 from the cron, sends once after the 200, and leaves the row SENT after 2 attempts", async () => {
    const p = prefix();
    const settings = channels(p, ["slack"]);
    await script(`/${p}/slack`, 500, 1);
    const created = await order(settings);
    await pay(created, "PAID");
    await complete(created.paymentId, undefined, settings);
    await vi.waitFor(async () => expect((await rows(created.paymentId))[0]?.last_error).toMatch(/HTTP 500/), {
      timeout: 5000,
    });
    const [row] = await rows(created.paymentId);
    expect(row).toMatchObject({ status: "PENDING", attempts: 1 });
    const due = new Date(row?.next_attempt_at ?? "");
    await runScheduled({ ...env, ...settings }, new Date(due.getTime() - 1000));
    expect(await delivered(`/${p}/`)).toHaveLength(0);
    await runScheduled({ ...env, ...settings }, due);
    await runScheduled({ ...env, ...settings }, new Date(due.getTime() + 60 * 60_000));
    expect((await received(`/${p}/`)).map((m) => m.path)).toEqual([`/${p}/slack#500`, `/${p}/slack`]);
    expect((await rows(created.paymentId))[0]).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("honours a 429's Retry-After: nothing is sent before it, the message after it", async () => {
    const p = prefix();
    const settings = channels(p, ["discord"]);
    await script(`/${p}/discord`, 429, 1, { "retry-after": "900" });
    const before = Date.now();
    const created = await order(settings);
    await pay(created, "PAID");
    await complete(created.paymentId, undefined, settings);
    await vi.waitFor(async () => expect((await rows(created.paymentId))[0]?.last_error).toMatch(/HTTP 429/), {
      timeout: 5000,
    });
    const due = new Date((await rows(created.paymentId))[0]?.next_attempt_at ?? "");
    // The default backoff would be a minute; Retry-After said 15.
    expect(due.getTime()).toBeGreaterThanOrEqual(before + 900_000);
    const notify = (at: Date) => createNotifications({ ...env, ...settings }, () => at).deliverDue();
    await notify(new Date(due.getTime() - 1000));
    expect(await delivered(`/${p}/`)).toHaveLength(0);
    await notify(due);
    expect(await delivered(`/${p}/`)).toHaveLength(1);
    expect((await rows(created.paymentId))[0]).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("completes the payment with 200 PAID while every channel is down or unreachable, and keeps the messages due", async () => {
    const p = prefix();
    const settings = { ...channels(p, ["slack"]), NOTIFY_DISCORD_WEBHOOK_URL: "http://127.0.0.1:9/down" };
    await script(`/${p}/slack`, 503, 5);
    const created = await order(settings);
    await pay(created, "PAID");
    const completed = await complete(created.paymentId, undefined, settings);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: "PAID" });
    await vi.waitFor(
      async () => expect((await rows(created.paymentId)).every((r) => r.attempts === 1 && r.last_error)).toBe(true),
      { timeout: 5000 },
    );
    expect((await rows(created.paymentId)).map((r) => [r.channel, r.status])).toEqual([
      ["slack", "PENDING"],
      ["discord", "PENDING"],
    ]);
  });

  it("counts a channel that does not answer within NOTIFY_TIMEOUT_MS as a time-out and keeps the message due", async () => {
    const p = prefix();
    const settings = { ...channels(p, ["slack"]), NOTIFY_TIMEOUT_MS: "100" };
    await script(`/${p}/slack`, 200, 1, {}, 3000);
    const created = await order(settings);
    await pay(created, "PAID");
    expect((await complete(created.paymentId, undefined, settings)).status).toBe(200);
    await vi.waitFor(
      async () => expect((await rows(created.paymentId))[0]?.last_error).toMatch(/timed out after 100 ms/),
      {
        timeout: 5000,
      },
    );
    expect((await rows(created.paymentId))[0]).toMatchObject({ status: "PENDING", attempts: 1 });
  });

  it("narrows to NOTIFY_EVENTS: a sale writes nothing, a tampered payment's REJECTED names the failed check", async () => {
    const p = prefix();
    const settings = { ...channels(p, ["slack"]), NOTIFY_EVENTS: "REJECTED" };
    const sale = await order(settings);
    await pay(sale, "PAID");
    await complete(sale.paymentId, undefined, settings);
    expect(await rows(sale.paymentId)).toEqual([]);

    const tampered = await order(settings);
    await pay(tampered, "PAID", { amountPaid: 100 });
    await complete(tampered.paymentId, undefined, settings);
    expect((await rows(tampered.paymentId)).map((r) => [r.event, r.detail])).toEqual([["REJECTED", "AMOUNT_MISMATCH"]]);
    await vi.waitFor(async () => expect(await delivered(`/${p}/`)).toHaveLength(1), { timeout: 5000 });
    const text = JSON.parse((await delivered(`/${p}/`))[0]?.body ?? "{}").text as string;
    expect(text).toContain("결제 거부");
    expect(text).toContain("AMOUNT_MISMATCH");
  });

  it("tells of a virtual account issued in English with NOTIFY_LOCALE=en", async () => {
    const p = prefix();
    const settings = { ...channels(p, ["slack"]), NOTIFY_LOCALE: "en" };
    const created = await order(settings, { payMethod: "VIRTUAL_ACCOUNT" });
    await pay(created, "VIRTUAL_ACCOUNT_ISSUED");
    await complete(created.paymentId, undefined, settings);
    await vi.waitFor(async () => expect(await delivered(`/${p}/`)).toHaveLength(1), { timeout: 5000 });
    const text = JSON.parse((await delivered(`/${p}/`))[0]?.body ?? "{}").text as string;
    expect(text).toContain("Awaiting deposit");
    expect(text).toContain("Pay method: Virtual account");
    expect((await rows(created.paymentId)).map((r) => r.event)).toEqual(["AWAITING_DEPOSIT"]);
  });
});

describe("POST /api/admin/orders/:paymentId/notifications/:id/retry", () => {
  it("lists a delivery the channel refused as FAILED and sends it again on the merchant's retry with 200 SENT", async () => {
    const p = prefix();
    const settings = channels(p, ["slack"]);
    await script(`/${p}/slack`, 404, 1);
    const created = await order(settings);
    await pay(created, "PAID");
    await complete(created.paymentId, undefined, settings);
    await vi.waitFor(async () => expect((await rows(created.paymentId))[0]?.status).toBe("FAILED"), { timeout: 5000 });
    const listed = await admin(`/api/admin/orders/${created.paymentId}/notifications`, {}, settings);
    const list = (await listed.json()) as AdminNotificationList;
    expect(list.deliveries).toMatchObject([{ event: "PAID", channel: "slack", status: "FAILED", attempts: 1 }]);
    expect(list.deliveries[0]?.lastError).toMatch(/HTTP 404/);

    const id = list.deliveries[0]?.id;
    const response = await admin(
      `/api/admin/orders/${created.paymentId}/notifications/${id}/retry`,
      { method: "POST" },
      settings,
    );
    expect(response.status).toBe(200);
    expect((await response.json()) as AdminNotificationRetry).toMatchObject({
      result: "SENT",
      delivery: { id, status: "SENT", attempts: 2 },
    });
    expect(await delivered(`/${p}/`)).toHaveLength(1);
  });

  it("leaves a delivery that is being sent alone on the merchant's retry: SKIPPED, not sent twice", async () => {
    const p = prefix();
    const settings = { ...channels(p, ["slack"]), NOTIFY_EVENTS: "REJECTED" };
    const created = await order(settings);
    // A row some sender holds right now (claimed, its lease running).
    const lease = new Date(Date.now() + 60_000).toISOString();
    await env.CHECKOUT_DB.prepare(
      `INSERT INTO notification_deliveries (payment_id, event, channel, attempts, next_attempt_at, sending_until, give_up_at, created_at)
      VALUES (?, 'PAID', 'slack', 1, ?2, ?2, ?2, ?2)`,
    )
      .bind(created.paymentId, lease)
      .run();
    const [row] = await rows(created.paymentId);
    const response = await admin(
      `/api/admin/orders/${created.paymentId}/notifications/${row?.id}/retry`,
      { method: "POST" },
      settings,
    );
    expect(await response.json()).toMatchObject({ result: "SKIPPED", delivery: { status: "PENDING", attempts: 1 } });
    expect(await received(`/${p}/`)).toEqual([]);
  });

  it("answers 404 ORDER_NOT_FOUND for a delivery of another order and 400 INVALID_REQUEST for an id that is not a number", async () => {
    const settings = channels(prefix(), ["slack"]);
    const created = await order(settings);
    const unknown = await admin(`/api/admin/orders/${created.paymentId}/notifications/999999/retry`, {
      method: "POST",
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "ORDER_NOT_FOUND" });
    const bad = await admin(`/api/admin/orders/${created.paymentId}/notifications/abc/retry`, { method: "POST" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "INVALID_REQUEST" });
  });

  it("refuses without the admin token with 401 ADMIN_AUTH_REQUIRED", async () => {
    const response = await call("/api/admin/notifications/test", { method: "POST" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "ADMIN_AUTH_REQUIRED" });
  });
});

describe("POST /api/admin/notifications/test", () => {
  it("sends a test message to every configured channel and answers each one's result", async () => {
    const p = prefix();
    const settings = channels(p);
    await script(`/${p}/discord`, 500, 1);
    const response = await admin("/api/admin/notifications/test", { method: "POST" }, settings);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as AdminNotificationTest;
    expect(answer.channels).toMatchObject([
      { channel: "slack", ok: true },
      { channel: "discord", ok: false, error: expect.stringMatching(/HTTP 500/) },
      { channel: "telegram", ok: true },
    ]);
    expect(JSON.parse((await delivered(`/${p}/slack`))[0]?.body ?? "{}").text).toContain("[테스트] 테스트 메시지");
  });

  it("sends by e-mail through the send_email binding (locally, Miniflare parses the message and keeps it) and records the sale's delivery SENT", async () => {
    const settings = {
      ...channels(prefix(), []),
      NOTIFY_EMAIL_TO: "owner@example.com",
      NOTIFY_EMAIL_FROM: "shop@example.com",
    };
    const response = await admin("/api/admin/notifications/test", { method: "POST" }, settings);
    expect(await response.json()).toEqual({ channels: [{ channel: "email", ok: true }] });
    const created = await order(settings);
    await pay(created, "PAID");
    await complete(created.paymentId, undefined, settings);
    await vi.waitFor(
      async () =>
        expect((await rows(created.paymentId)).map((r) => [r.channel, r.status])).toEqual([["email", "SENT"]]),
      { timeout: 5000 },
    );
  });

  it("answers an empty list when no channel is configured", async () => {
    const response = await admin("/api/admin/notifications/test", { method: "POST" });
    expect(await response.json()).toEqual({ channels: [] });
  });
});

describe("/admin notifications (the page's forms)", () => {
  const post = (
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string>,
    overrides?: Partial<Env>,
  ) =>
    call(
      path,
      {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://checkout.example",
          ...headers,
        },
        body: new URLSearchParams(fields).toString(),
      },
      overrides,
    );

  async function session(overrides: Partial<Env>) {
    const response = await post(
      "/admin/sign-in",
      { token: "test-admin-token-0123456789abcdef0123" },
      { "cf-connecting-ip": "198.51.100.201" },
      overrides,
    );
    expect(response.status).toBe(303);
    return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
  }

  it("shows the order's deliveries with a retry button whose post sends a FAILED one again and redirects 303", async () => {
    const p = prefix();
    const settings = channels(p, ["slack"]);
    await script(`/${p}/slack`, 403, 1);
    const created = await order(settings);
    await pay(created, "PAID");
    await complete(created.paymentId, undefined, settings);
    await vi.waitFor(async () => expect((await rows(created.paymentId))[0]?.status).toBe("FAILED"), { timeout: 5000 });
    const cookie = await session(settings);
    const page = await (await call(`/admin/orders/${created.paymentId}`, { headers: { cookie } }, settings)).text();
    const id = (await rows(created.paymentId))[0]?.id;
    expect(page).toContain("알림");
    expect(page).toContain("HTTP 403");
    expect(page).toContain(`action="/admin/orders/${created.paymentId}/notifications/${id}/retry"`);

    const retried = await post(
      `/admin/orders/${created.paymentId}/notifications/${id}/retry`,
      {},
      { cookie },
      settings,
    );
    expect(retried.status).toBe(303);
    expect(retried.headers.get("location")).toBe(`/admin/orders/${created.paymentId}?done=notification`);
    expect((await rows(created.paymentId))[0]).toMatchObject({ status: "SENT", attempts: 2 });
    expect(await delivered(`/${p}/`)).toHaveLength(1);
  });

  it("sends a test message from the list page's button and shows each channel's result", async () => {
    const p = prefix();
    const settings = channels(p, ["slack", "discord"]);
    await script(`/${p}/discord`, 401, 1);
    const cookie = await session(settings);
    const list = await (await call("/admin", { headers: { cookie } }, settings)).text();
    expect(list).toContain('action="/admin/notifications/test"');
    const response = await post("/admin/notifications/test", {}, { cookie }, settings);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/slack<\/strong>: <span class="ok">전송됨/);
    expect(text).toMatch(/discord<\/strong>: <span class="error">실패<\/span> <small>HTTP 401/);
    expect(await delivered(`/${p}/slack`)).toHaveLength(1);
  });
});

describe("notifications of scheduled work and stock", () => {
  it("tells of a sale found by reconciliation as RECONCILED, once", async () => {
    const p = prefix();
    const settings = channels(p, ["slack"]);
    const created = await order(settings);
    await pay(created, "PAID");
    // No browser report, no webhook: only the cron finds the sale.
    await env.CHECKOUT_DB.prepare("DELETE FROM checkpoints").run();
    await runScheduled({ ...env, ...settings }, new Date());
    await runScheduled({ ...env, ...settings }, new Date());
    // The first attempt runs after the cron's settlement (waitUntil); the cron's own job leaves it to it.
    await vi.waitFor(
      async () =>
        expect((await rows(created.paymentId)).map((r) => [r.event, r.status])).toEqual([["RECONCILED", "SENT"]]),
      { timeout: 5000 },
    );
    const messages = await delivered(`/${p}/`);
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]?.body ?? "{}").text).toContain("결제 확인 (대사로 발견)");
  });

  it("tells of a sale past what was on hand as PAID and OVERSOLD, and of the sale that took the last unit as PAID only", async () => {
    const p = prefix();
    const settings = channels(p, ["slack"]);
    const catalog = structuredClone(CATALOG) as typeof CATALOG & { products: Record<string, unknown> };
    catalog.products.print = {
      id: "print",
      name: "Signed print",
      amount: 50000,
      currency: "KRW",
      active: true,
      stock: 1,
    };
    await env.CHECKOUT_KV.put("catalog", JSON.stringify(catalog));
    await setOnHand(env.CHECKOUT_DB, "print", 1, new Date().toISOString());
    const print = { items: [{ productId: "print", quantity: 1 }], customer: CUSTOMER };
    const late = await order(settings, { ...print, shipping: undefined });
    await pay(late, "FAILED");
    await complete(late.paymentId, undefined, settings);
    const other = await order(settings, { ...print, shipping: undefined });
    await pay(other, "PAID");
    await complete(other.paymentId, undefined, settings);
    // PortOne lets a failed paymentId be paid on a retry: the unit is gone.
    await pay(late, "PAID");
    await complete(late.paymentId, undefined, settings);
    expect((await rows(other.paymentId)).map((r) => r.event)).toEqual(["PAID"]);
    expect((await rows(late.paymentId)).map((r) => r.event)).toEqual(["PAID", "OVERSOLD"]);
    await vi.waitFor(async () => expect(await delivered(`/${p}/`)).toHaveLength(3), { timeout: 5000 });
    const texts = (await delivered(`/${p}/`)).map((m) => JSON.parse(m.body).text as string);
    expect(texts.filter((t) => t.startsWith("재고 초과 판매: Signed print"))).toHaveLength(1);
    await seedCatalog();
  });
});

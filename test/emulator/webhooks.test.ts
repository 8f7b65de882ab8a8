import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "@portone/server-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_WEBHOOK_SECRET } from "../../emulator/dev-secrets.ts";
import { buildWebhook, signWebhook } from "../../emulator/webhooks.ts";
import { ORDER, setup } from "./setup.ts";

/** A local endpoint that answers with the given statuses in turn and records what it got. */
async function receiver(statuses: number[] = [200]) {
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}/api/webhooks/portone`, received };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("signWebhook", () => {
  it("signs id.timestamp.body with HMAC-SHA256 under the base64-decoded secret", async () => {
    const body = '{"type":"Transaction.Paid"}';
    const key = Buffer.from(DEV_WEBHOOK_SECRET.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`msg_1.1767323045.${body}`).digest("base64");
    expect(await signWebhook(DEV_WEBHOOK_SECRET, "msg_1", 1767323045, body)).toBe(`v1,${expected}`);
  });

  it("builds a webhook @portone/server-sdk's Webhook.verify accepts, and rejects once the body changes", async () => {
    const webhook = await buildWebhook({
      secret: DEV_WEBHOOK_SECRET,
      id: "msg_test",
      now: new Date(),
      type: "Transaction.Paid",
      data: { paymentId: "order1", storeId: "store-1", transactionId: "tx-1" },
    });
    const verified = await Webhook.verify(DEV_WEBHOOK_SECRET, webhook.body, webhook.headers);
    expect(verified).toMatchObject({ type: "Transaction.Paid", data: { paymentId: "order1", transactionId: "tx-1" } });
    const tampered = webhook.body.replace("order1", "order2");
    await expect(Webhook.verify(DEV_WEBHOOK_SECRET, tampered, webhook.headers)).rejects.toMatchObject({
      reason: "NO_MATCHING_SIGNATURE",
    });
  });
});

describe("webhook outbox", () => {
  it("keeps each webhook with Standard Webhooks headers and a 2024-04-25 body that Webhook.verify accepts", async () => {
    const { act, control } = setup({ now: () => new Date() });
    await act("PAID");
    const { body } = await control("GET", `/webhooks?paymentId=${ORDER.paymentId}`);
    expect(body.webhooks).toHaveLength(1);
    const [entry] = body.webhooks;
    expect(entry.headers).toEqual({
      "webhook-id": expect.stringMatching(/^msg_/),
      "webhook-timestamp": expect.stringMatching(/^\d{10}$/),
      "webhook-signature": expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
      "content-type": "application/json",
    });
    expect(entry.url).toBeUndefined();
    expect(entry.deliveries).toEqual([]);
    const payment = (await control("GET", `/payments/${ORDER.paymentId}`)).body;
    const parsed = await Webhook.verify(DEV_WEBHOOK_SECRET, entry.body, entry.headers);
    expect(parsed).toEqual({
      type: "Transaction.Paid",
      timestamp: expect.any(String),
      data: { paymentId: ORDER.paymentId, storeId: ORDER.storeId, transactionId: payment.transactionId },
    });
  });

  it("stamps webhook-timestamp in Unix seconds of the emulator's clock", async () => {
    const { act, emulator } = setup();
    await act("PAID");
    const [entry] = emulator.webhooks();
    expect(entry?.headers["webhook-timestamp"]).toBe(String(Date.parse("2026-01-02T03:04:05.000Z") / 1000));
    expect(JSON.parse(entry?.body ?? "{}").timestamp).toBe("2026-01-02T03:04:05.000Z");
  });

  it("delivers to the configured URL and records the answer", async () => {
    const endpoint = await receiver([200]);
    const { act, emulator } = setup({ now: () => new Date(), webhookUrl: endpoint.url });
    await act("PAID");
    await emulator.flushWebhooks();
    expect(endpoint.received).toHaveLength(1);
    const [delivery] = endpoint.received;
    const [entry] = emulator.webhooks();
    expect(delivery?.body).toBe(entry?.body);
    await expect(
      Webhook.verify(DEV_WEBHOOK_SECRET, delivery?.body ?? "", delivery?.headers ?? {}),
    ).resolves.toMatchObject({
      type: "Transaction.Paid",
    });
    expect(entry).toMatchObject({ url: endpoint.url, deliveries: [{ status: 200, at: expect.any(String) }] });
  });

  it("retries a failed delivery with the same id and signature, bounded by the retry delays", async () => {
    const endpoint = await receiver([500, 503, 200]);
    const { act, emulator } = setup({ webhookUrl: endpoint.url, webhookRetryDelaysMs: [1, 1, 1, 1] });
    await act("PAID");
    await emulator.flushWebhooks();
    expect(endpoint.received).toHaveLength(3);
    expect(new Set(endpoint.received.map((r) => r.headers["webhook-signature"])).size).toBe(1);
    expect(emulator.webhooks()[0]?.deliveries.map((d) => d.status)).toEqual([500, 503, 200]);
  });

  it("gives up after the last retry and records network errors", async () => {
    const { act, emulator } = setup({ webhookUrl: "http://127.0.0.1:9/unreachable", webhookRetryDelaysMs: [1] });
    await act("PAID");
    await emulator.flushWebhooks();
    const deliveries = emulator.webhooks()[0]?.deliveries ?? [];
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toMatchObject({ status: null, error: expect.any(String) });
  });

  it("stops retrying when stopWebhooks() is called", async () => {
    const { act, emulator } = setup({ webhookUrl: "http://127.0.0.1:9/unreachable", webhookRetryDelaysMs: [60_000] });
    await act("PAID");
    await emulator.stopWebhooks();
    expect(emulator.webhooks()[0]?.deliveries).toHaveLength(1);
    await act("PAID", { paymentId: "order0002" });
    await emulator.flushWebhooks();
    expect(emulator.webhooks("order0002")[0]?.deliveries).toEqual([]);
  });

  it("redelivers an entry unchanged on POST /_emulator/webhooks/:id/redeliver", async () => {
    const endpoint = await receiver([200]);
    const { act, control, emulator } = setup({ now: () => new Date() });
    await act("PAID");
    const [entry] = emulator.webhooks();
    const { status, body } = await control("POST", `/webhooks/${entry?.id}/redeliver`, { url: endpoint.url });
    expect(status).toBe(200);
    expect(body.webhook.deliveries).toEqual([{ status: 200, at: expect.any(String) }]);
    expect(endpoint.received[0]?.headers["webhook-id"]).toBe(entry?.id);
    expect(endpoint.received[0]?.body).toBe(entry?.body);
  });

  it("delivers to the URL set with PUT /_emulator/config from then on", async () => {
    const endpoint = await receiver([200]);
    const { act, control, emulator } = setup();
    await act("PAID");
    await control("PUT", "/config", { webhookUrl: endpoint.url });
    await act("PAID", { paymentId: "order0002" });
    await control("POST", "/webhooks/flush");
    expect(emulator.webhooks().map((w) => w.url)).toEqual([undefined, endpoint.url]);
    expect(endpoint.received).toHaveLength(1);
  });
});

describe("dropWebhooks", () => {
  it("builds and keeps every webhook but delivers none while PUT /_emulator/config says dropWebhooks: true", async () => {
    const hook = await receiver();
    const { act, control, emulator, webhookTypes } = setup({ webhookUrl: hook.url });
    expect((await control("PUT", "/config", { dropWebhooks: true })).body).toMatchObject({
      webhookUrl: hook.url,
      dropWebhooks: true,
    });
    await act("PAID");
    await emulator.flushWebhooks();
    expect(hook.received).toEqual([]);
    expect(webhookTypes()).toEqual(["Transaction.Paid"]);
    expect(emulator.webhooks()[0]).toMatchObject({ url: hook.url, dropped: true, deliveries: [] });
    const dashboard = await (await emulator.app.request("/")).text();
    expect(dashboard).toContain("버림 (dropWebhooks)");
  });

  it("still sends a dropped webhook on an explicit redeliver, and delivers again once switched off", async () => {
    const hook = await receiver();
    const { act, control, emulator } = setup({ webhookUrl: hook.url, dropWebhooks: true });
    await act("PAID");
    const [dropped] = emulator.webhooks();
    expect((await control("POST", `/webhooks/${dropped?.id}/redeliver`, {})).status).toBe(200);
    expect(hook.received.map((r) => r.headers["webhook-id"])).toEqual([dropped?.id]);
    await control("PUT", "/config", { dropWebhooks: false });
    await act("PAID", { paymentId: "order0002" });
    await emulator.flushWebhooks();
    expect(hook.received).toHaveLength(2);
    expect(emulator.webhooks("order0002")[0]?.dropped).toBeUndefined();
  });

  it("returns to the option's value on POST /_emulator/reset, and refuses a value that is not a boolean with 400", async () => {
    const { control } = setup({ dropWebhooks: true });
    expect((await control("PUT", "/config", { dropWebhooks: "yes" })).status).toBe(400);
    await control("PUT", "/config", { dropWebhooks: false });
    await control("POST", "/reset");
    expect((await control("GET", "/config")).body.dropWebhooks).toBe(true);
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { setupV1, V1_ORDER } from "./v1-setup.ts";

/** A local endpoint that records what it got. */
async function receiver() {
  const received: { contentType: string | undefined; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ contentType: request.headers["content-type"], body });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}/api/webhooks/portone-v1`, received };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("V1 notices", () => {
  it("posts an unsigned JSON { imp_uid, merchant_uid, status } when a payment is paid", async () => {
    const { url, received } = await receiver();
    const { pay, emulator } = setupV1({ v1WebhookUrl: url });
    const { imp_uid } = await pay("PAID");
    await emulator.flushWebhooks();
    expect(received).toEqual([
      {
        contentType: "application/json",
        body: JSON.stringify({ imp_uid, merchant_uid: V1_ORDER.merchant_uid, status: "paid" }),
      },
    ]);
    expect(emulator.v1Webhooks(imp_uid)[0]?.deliveries).toEqual([{ status: 200, at: expect.any(String) }]);
  });

  it("posts form-encoded notices when v1WebhookContentType is form, with cancellation_id on a console cancel", async () => {
    const { url, received } = await receiver();
    const { pay, emulator, call } = setupV1({ v1WebhookUrl: url, v1WebhookContentType: "form" });
    const { imp_uid } = await pay("PAID");
    await call("POST", `/_emulator/v1/payments/${imp_uid}/cancel`, { reason: "콘솔" });
    await emulator.flushWebhooks();
    expect(received.map((r) => r.contentType)).toEqual([
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded",
    ]);
    const cancel = Object.fromEntries(new URLSearchParams(received[1]?.body));
    expect(cancel).toEqual({
      imp_uid,
      merchant_uid: V1_ORDER.merchant_uid,
      status: "cancelled",
      cancellation_id: expect.any(String),
    });
  });

  it("sends none on failure or a closed window, ready on issue and paid on deposit", async () => {
    const { pay, emulator, call } = setupV1();
    await pay("FAILED");
    await pay("CANCELLED_BY_USER");
    expect(emulator.v1Webhooks()).toEqual([]);
    const { imp_uid } = await pay("VIRTUAL_ACCOUNT_ISSUED");
    await call("POST", `/_emulator/v1/payments/${imp_uid}/deposit`);
    expect(emulator.v1Webhooks().map((entry) => entry.notice.status)).toEqual(["ready", "paid"]);
  });

  it("sends none for an API cancel unless enable_webhook is true", async () => {
    const { pay, emulator, v1 } = setupV1();
    const { imp_uid } = await pay("PAID");
    await v1("POST", "/payments/cancel", { imp_uid, amount: 1000, reason: "조용히" });
    expect(emulator.v1Webhooks().map((entry) => entry.notice.status)).toEqual(["paid"]);
    await v1("POST", "/payments/cancel", { imp_uid, amount: 1000, reason: "알림", enable_webhook: true });
    expect(emulator.v1Webhooks().map((entry) => entry.notice.status)).toEqual(["paid", "paid"]);
  });

  it("keeps but does not deliver notices while dropWebhooks is on", async () => {
    const { url, received } = await receiver();
    const { pay, emulator } = setupV1({ v1WebhookUrl: url, dropWebhooks: true });
    await pay("PAID");
    await emulator.flushWebhooks();
    expect(received).toEqual([]);
    expect(emulator.v1Webhooks()).toEqual([expect.objectContaining({ dropped: true, deliveries: [] })]);
  });

  it("delivers to the payment's notice_url instead of the configured URL", async () => {
    const configured = await receiver();
    const override = await receiver();
    const { pay, emulator } = setupV1({ v1WebhookUrl: configured.url });
    await pay("PAID", { notice_url: override.url });
    await emulator.flushWebhooks();
    expect(configured.received).toEqual([]);
    expect(override.received).toHaveLength(1);
  });

  it("switches URL and content type through PUT /_emulator/v1/config and lists notices", async () => {
    const { url, received } = await receiver();
    const { pay, call, emulator } = setupV1();
    const config = await call("PUT", "/_emulator/v1/config", { webhookUrl: url, webhookContentType: "form" });
    expect(config.body).toEqual({ webhookUrl: url, webhookContentType: "form" });
    const { imp_uid } = await pay("PAID");
    await emulator.flushWebhooks();
    expect(received[0]?.contentType).toBe("application/x-www-form-urlencoded");
    expect((await call("GET", `/_emulator/v1/webhooks?imp_uid=${imp_uid}`)).body.webhooks).toHaveLength(1);
  });
});

import { describe, expect, it } from "vitest";
import { missingForPayments, readConfig } from "../../../worker/config.ts";
import { completePayment } from "../../../worker/services/complete-payment.ts";
import { handleWebhookV1 } from "../../../worker/services/handle-webhook-v1.ts";
import { settlePayment } from "../../../worker/services/settle-payment.ts";
import { fakeDeps, pendingOrder } from "./fakes.ts";
import { fakeV1PortOne, v1Gateway } from "./v1-fake-portone.ts";

/** The services over the real V1 gateway and a fake PortOne V1, with one PENDING order `pay1` (KRW 12,000). */
function setup(options: { allowTestPayments?: boolean } = {}) {
  const fakes = fakeDeps(options);
  const portone = fakeV1PortOne();
  const deps = {
    ...fakes.deps,
    gateway: v1Gateway(portone),
    settings: { ...fakes.deps.settings, storeId: "imp12345678" },
  };
  fakes.memory.orders.set("pay1", pendingOrder({ storeId: "imp12345678" }));
  return { ...fakes, deps, portone };
}

describe("settlement on PortOne V1", () => {
  it("settles a paid V1 payment read by imp_uid as PAID", async () => {
    const { deps, portone, memory } = setup();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1" });
    const done = await completePayment(deps, { paymentId: "pay1", impUid: "imp_1" });
    expect(done).toMatchObject({ ok: true, value: { status: "PAID" } });
    expect(memory.orders.get("pay1")?.status).toBe("PAID");
  });

  it("rejects another order's cheaper imp_uid with PAYMENT_REJECTED STORE_MISMATCH and never cancels that payment", async () => {
    const { deps, portone, memory } = setup();
    portone.pay({ imp_uid: "imp_cheap", merchant_uid: "payOther", amount: 100 });
    const done = await completePayment(deps, { paymentId: "pay1", impUid: "imp_cheap" });
    expect(done).toEqual({ ok: false, error: { code: "PAYMENT_REJECTED", rejection: "STORE_MISMATCH" } });
    expect(memory.orders.get("pay1")).toMatchObject({ status: "REJECTED", failure: { code: "STORE_MISMATCH" } });
    expect(memory.orders.get("pay1")?.refund).toBeUndefined();
    expect(portone.payments.get("imp_cheap")?.status).toBe("paid");
    expect(portone.calls.some((c) => c.path === "/payments/cancel")).toBe(false);
  });

  it("rejects a tampered amount with AMOUNT_MISMATCH and cancels it with the balance as checksum", async () => {
    const { deps, portone, memory } = setup();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", amount: 100 });
    const done = await completePayment(deps, { paymentId: "pay1", impUid: "imp_1" });
    expect(done).toEqual({ ok: false, error: { code: "PAYMENT_REJECTED", rejection: "AMOUNT_MISMATCH" } });
    expect(memory.orders.get("pay1")).toMatchObject({ status: "REJECTED", refund: { state: "DONE" } });
    expect(portone.calls.find((c) => c.path === "/payments/cancel")?.body).toMatchObject({ checksum: 100 });
    expect(portone.payments.get("imp_1")?.status).toBe("cancelled");
  });

  it("refuses a sandbox payment outside development with TEST_CHANNEL_REFUSED", async () => {
    const { deps, portone } = setup();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", sandbox: true });
    const done = await completePayment(deps, { paymentId: "pay1", impUid: "imp_1" });
    expect(done).toEqual({ ok: false, error: { code: "PAYMENT_REJECTED", rejection: "TEST_CHANNEL_REFUSED" } });
  });

  it("accepts a sandbox payment when ALLOW_TEST_PAYMENTS is on", async () => {
    const { deps, portone } = setup({ allowTestPayments: true });
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", sandbox: true });
    expect(await completePayment(deps, { paymentId: "pay1", impUid: "imp_1" })).toMatchObject({
      ok: true,
      value: { status: "PAID" },
    });
  });

  it("answers PAYMENT_NOT_FOUND for an unknown imp_uid and leaves the order PENDING", async () => {
    const { deps, memory } = setup();
    const done = await completePayment(deps, { paymentId: "pay1", impUid: "imp_unknown" });
    expect(done).toEqual({ ok: false, error: { code: "PAYMENT_NOT_FOUND" } });
    expect(memory.orders.get("pay1")?.status).toBe("PENDING");
  });

  it("waits for a deposit when V1 says ready with a vbank_num: AWAITING_DEPOSIT with the account", async () => {
    const { deps, portone } = setup();
    portone.pay({
      imp_uid: "imp_1",
      merchant_uid: "pay1",
      status: "ready",
      vbank_num: "1002-3",
      vbank_date: 1_800_000_000,
    });
    expect(await completePayment(deps, { paymentId: "pay1", impUid: "imp_1" })).toMatchObject({
      ok: true,
      value: { status: "AWAITING_DEPOSIT", virtualAccount: { accountNumber: "1002-3" } },
    });
  });

  it("answers PORTONE UNAVAILABLE when PortOne V1 is down, and the order stays PENDING", async () => {
    const { deps, portone, memory } = setup();
    portone.state.down = true;
    const settled = await settlePayment(deps, { paymentId: "pay1", cause: "BROWSER", impUid: "imp_1" });
    expect(settled).toMatchObject({ ok: false, error: { code: "PORTONE", failure: { kind: "UNAVAILABLE" } } });
    expect(memory.orders.get("pay1")?.status).toBe("PENDING");
  });
});

describe("handleWebhookV1", () => {
  it("ignores a forged notice saying paid for an unpaid order (NO_PAYMENT) and leaves it PENDING", async () => {
    const { deps, memory } = setup();
    expect(await handleWebhookV1(deps, { merchantUid: "pay1" })).toEqual({
      ok: true,
      value: { outcome: "IGNORED", reason: "NO_PAYMENT" },
    });
    expect(memory.orders.get("pay1")?.status).toBe("PENDING");
  });

  it("settles only what PortOne shows: a notice for an abandoned window keeps the order PENDING", async () => {
    const { deps, portone, memory } = setup();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", status: "ready" });
    expect(await handleWebhookV1(deps, { merchantUid: "pay1" })).toMatchObject({
      ok: true,
      value: { outcome: "SETTLED", status: "PENDING" },
    });
    expect(memory.orders.get("pay1")?.status).toBe("PENDING");
  });

  it("settles duplicate and out-of-order notices once: one PENDING → PAID event", async () => {
    const { deps, portone, events } = setup();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1" });
    await handleWebhookV1(deps, { merchantUid: "pay1" });
    await handleWebhookV1(deps, { merchantUid: "pay1" });
    await completePayment(deps, { paymentId: "pay1", impUid: "imp_1" });
    expect(events.filter((e) => e.to === "PAID")).toHaveLength(1);
  });

  it("ignores a notice for an order that is not ours (UNKNOWN_ORDER) without asking PortOne", async () => {
    const { deps, portone } = setup();
    expect(await handleWebhookV1(deps, { merchantUid: "order-of-another-integration" })).toMatchObject({
      ok: true,
      value: { outcome: "IGNORED", reason: "UNKNOWN_ORDER" },
    });
    expect(await handleWebhookV1(deps, { merchantUid: "payUnknown" })).toMatchObject({
      value: { reason: "UNKNOWN_ORDER" },
    });
    expect(portone.calls).toHaveLength(0);
  });

  it("answers an error when PortOne V1 could not be read, so the notice is not acknowledged", async () => {
    const { deps, portone } = setup();
    portone.state.down = true;
    expect(await handleWebhookV1(deps, { merchantUid: "pay1" })).toMatchObject({
      ok: false,
      error: { code: "PORTONE" },
    });
  });
});

describe("readConfig (V1)", () => {
  const env = (vars: Record<string, string>) => vars as unknown as Env;
  const v1 = {
    PORTONE_VERSION: "V1",
    PORTONE_V1_IMP_CODE: "imp12345678",
    PORTONE_V1_CHANNEL_KEY: "channel-key-v1",
    PORTONE_V1_API_KEY: "key",
    PORTONE_V1_API_SECRET: "secret",
  };

  it("needs nothing more when every V1 setting is present, and defaults the API base and the allow-list", () => {
    const config = readConfig(env(v1));
    expect(missingForPayments(config)).toEqual([]);
    expect(config.v1).toMatchObject({
      apiBase: "https://api.iamport.kr",
      webhookIps: ["52.78.100.19", "52.78.48.223", "52.78.5.241"],
    });
  });

  it.each(["PORTONE_V1_API_KEY", "PORTONE_V1_API_SECRET", "PORTONE_V1_IMP_CODE", "PORTONE_V1_CHANNEL_KEY"])(
    "fails closed naming %s when it is missing in V1 mode",
    (name) => {
      expect(missingForPayments(readConfig(env({ ...v1, [name]: " " })))).toEqual([name]);
    },
  );

  it("fails closed on a PORTONE_VERSION that is neither V1 nor V2", () => {
    expect(missingForPayments(readConfig(env({ ...v1, PORTONE_VERSION: "V3" })))).toEqual([
      "PORTONE_VERSION (V1 or V2)",
    ]);
  });

  it("reads '*' as any sender and a list as exactly those", () => {
    expect(readConfig(env({ ...v1, PORTONE_V1_WEBHOOK_IPS: "*" })).v1.webhookIps).toBe("*");
    expect(readConfig(env({ ...v1, PORTONE_V1_WEBHOOK_IPS: " 10.0.0.1 ,10.0.0.2" })).v1.webhookIps).toEqual([
      "10.0.0.1",
      "10.0.0.2",
    ]);
  });
});

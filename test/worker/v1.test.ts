import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AdminOrderDetail, CreatedOrderV1 } from "../../contract/index.ts";
import { DEV_V1_API_KEY, DEV_V1_API_SECRET, DEV_V1_IMP_CODE } from "../../emulator/dev-secrets.ts";
import { call, emulator, outage, seedCatalog, storedOrder } from "./support.ts";

beforeAll(seedCatalog);

/** The worker in V1 mode against the emulator's V1 (its dev keys). */
const V1 = (): Partial<Env> => ({
  PORTONE_VERSION: "V1",
  PORTONE_V1_API_BASE: inject("emulatorUrl"),
  PORTONE_V1_API_KEY: DEV_V1_API_KEY,
  PORTONE_V1_API_SECRET: DEV_V1_API_SECRET,
  PORTONE_V1_IMP_CODE: DEV_V1_IMP_CODE,
  PORTONE_V1_CHANNEL_KEY: "channel-key-v1-test",
  PORTONE_V1_WEBHOOK_IPS: "",
});
const PORTONE_IP = "52.78.100.19";

async function createOrderV1(productId = "tshirt-black-m", env = V1()) {
  const response = await call("/api/orders", { method: "POST", json: { items: [{ productId, quantity: 1 }] } }, env);
  if (response.status !== 201) throw new Error(`order not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedOrderV1;
}

/** The shopper in V1's window, with exactly the worker's `request`: answers the callback object. */
function payV1(
  order: CreatedOrderV1,
  outcome: "PAID" | "FAILED" | "CANCELLED_BY_USER" | "VIRTUAL_ACCOUNT_ISSUED" = "PAID",
  extra: { amountPaid?: number; sandbox?: boolean } = {},
): Promise<{ imp_uid: string; merchant_uid: string }> {
  return emulator("/v1/payments", { json: { ...order.request, outcome, ...extra } });
}

async function completeV1(paymentId: string, impUid?: string, env = V1()) {
  const response = await call(
    "/api/payments/complete",
    { method: "POST", json: { paymentId, ...(impUid ? { impUid } : {}) } },
    env,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function notice(body: Record<string, unknown>, options: { form?: boolean; ip?: string; env?: Partial<Env> } = {}) {
  const headers = new Headers({ "CF-Connecting-IP": options.ip ?? PORTONE_IP });
  const payload = options.form
    ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString()
    : JSON.stringify(body);
  headers.set("Content-Type", options.form ? "application/x-www-form-urlencoded" : "application/json");
  return call("/api/webhooks/portone-v1", { method: "POST", headers, body: payload }, options.env ?? V1());
}

describe("POST /api/orders (V1)", () => {
  it("answers 201 CreatedOrderV1 with IMP.request_pay's parameters in major units, pre-registered with PortOne", async () => {
    const order = await createOrderV1("usd-cap");
    expect(order).toMatchObject({
      version: "V1",
      impCode: DEV_V1_IMP_CODE,
      totalAmount: 1999,
      currency: "USD",
      request: {
        channelKey: "channel-key-v1-test",
        pay_method: "card",
        merchant_uid: order.paymentId,
        name: "Cap",
        amount: 19.99,
        currency: "USD",
      },
    });
    // The window refuses another amount: the prepare landed.
    const tampered = await payV1({ ...order, request: { ...order.request, amount: 1 } });
    expect(tampered).toMatchObject({ imp_uid: null, error_code: expect.any(String) });
  });

  it("fails closed with 503 NOT_CONFIGURED when a V1 secret is missing", async () => {
    const response = await call(
      "/api/orders",
      { method: "POST", json: { items: [{ productId: "mug", quantity: 1 }] } },
      { ...V1(), PORTONE_V1_API_SECRET: "" },
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "NOT_CONFIGURED" });
  });
});

describe("POST /api/payments/complete (V1)", () => {
  it("settles a paid V1 payment as 200 PAID from PortOne's record", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order);
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({ status: 200, body: { status: "PAID" } });
  });

  it("settles by merchant_uid when the browser has no imp_uid", async () => {
    const order = await createOrderV1();
    await payV1(order);
    expect(await completeV1(order.paymentId)).toMatchObject({ status: 200, body: { status: "PAID" } });
  });

  it("rejects a tampered amount with 409 AMOUNT_MISMATCH and cancels the payment at PortOne", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order, "PAID", { amountPaid: 100 });
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({
      status: 409,
      body: { code: "AMOUNT_MISMATCH" },
    });
    expect((await storedOrder(order.paymentId))?.status).toBe("REJECTED");
    expect(await emulator(`/v1/payments/${imp_uid}`)).toMatchObject({ status: "cancelled" });
  });

  it("rejects another order's cheaper imp_uid with 409 STORE_MISMATCH and leaves that payment paid", async () => {
    const cheap = await createOrderV1("mug");
    const paidCheap = await payV1(cheap);
    const dear = await createOrderV1("tshirt-black-m");
    expect(await completeV1(dear.paymentId, paidCheap.imp_uid)).toMatchObject({
      status: 409,
      body: { code: "STORE_MISMATCH" },
    });
    expect((await storedOrder(dear.paymentId))?.status).toBe("REJECTED");
    expect(await emulator(`/v1/payments/${paidCheap.imp_uid}`)).toMatchObject({ status: "paid" });
  });

  it("refuses a sandbox payment in production with 409 TEST_CHANNEL_REFUSED", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order, "PAID", { sandbox: true });
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({
      status: 409,
      body: { code: "TEST_CHANNEL_REFUSED" },
    });
  });

  it("answers 404 PAYMENT_NOT_FOUND for an unknown imp_uid and leaves the order PENDING", async () => {
    const order = await createOrderV1();
    expect(await completeV1(order.paymentId, "imp_000000000000")).toMatchObject({
      status: 404,
      body: { code: "PAYMENT_NOT_FOUND" },
    });
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
  });

  it("refreshes the token once when PortOne answers 401 (an expired token) and settles 200 PAID", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order);
    await outage(`/payments/${imp_uid}`, { status: 401 });
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({ status: 200, body: { status: "PAID" } });
  });

  it("refuses an impUid of another shape with 400 INVALID_REQUEST", async () => {
    const order = await createOrderV1();
    expect(await completeV1(order.paymentId, "../users/getToken")).toMatchObject({
      status: 400,
      body: { code: "INVALID_REQUEST" },
    });
  });

  it("answers 202 AWAITING_DEPOSIT with the account for an issued virtual account, then PAID after the deposit", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order, "VIRTUAL_ACCOUNT_ISSUED");
    const waiting = await completeV1(order.paymentId, imp_uid);
    expect(waiting).toMatchObject({ status: 202, body: { status: "AWAITING_DEPOSIT" } });
    expect(waiting.body.virtualAccount).toMatchObject({ accountNumber: expect.any(String) });
    await emulator(`/v1/payments/${imp_uid}/deposit`, { json: {} });
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({ status: 200, body: { status: "PAID" } });
  });

  it("answers 503 PORTONE_UNAVAILABLE when PortOne V1 is down, and the order stays PENDING", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order);
    await outage(`/payments/${imp_uid}`, { status: 503 });
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({
      status: 503,
      body: { code: "PORTONE_UNAVAILABLE" },
    });
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
  });
});

describe("POST /api/webhooks/portone-v1", () => {
  it("answers 200 IGNORED to a forged notice saying paid for an unpaid order, which stays PENDING", async () => {
    const order = await createOrderV1();
    const response = await notice({ imp_uid: "imp_forged", merchant_uid: order.paymentId, status: "paid" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, outcome: "IGNORED" });
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
  });

  it("settles a paid order from a form-encoded notice alone, and a duplicate changes nothing", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order);
    const body = { imp_uid, merchant_uid: order.paymentId, status: "paid", extra_key: "x" };
    const first = await notice(body, { form: true });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, outcome: "SETTLED" });
    const stored = await storedOrder(order.paymentId);
    expect(stored?.status).toBe("PAID");
    const again = await notice(body, { form: true });
    expect(again.status).toBe(200);
    expect((await storedOrder(order.paymentId))?.revision).toBe(stored?.revision);
  });

  it("ignores an out-of-order 'ready' notice after the payment: the order stays PAID", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order);
    await completeV1(order.paymentId, imp_uid);
    const late = await notice({ imp_uid, merchant_uid: order.paymentId, status: "ready" });
    expect(late.status).toBe(200);
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
  });

  it("does not refuse our order when a forged notice pairs it with another order's imp_uid", async () => {
    const other = await createOrderV1("mug");
    const paidOther = await payV1(other);
    const order = await createOrderV1();
    const response = await notice({ imp_uid: paidOther.imp_uid, merchant_uid: order.paymentId, status: "paid" });
    expect(response.status).toBe(200);
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
  });

  it("answers 200 IGNORED for an order that is not ours", async () => {
    const response = await notice({ imp_uid: "imp_1", merchant_uid: "order-2026-0001", status: "paid" });
    expect(await response.json()).toEqual({ ok: true, outcome: "IGNORED" });
  });

  it("refuses a sender outside PORTONE_V1_WEBHOOK_IPS with 403 ORIGIN_NOT_ALLOWED, and '*' lets any through", async () => {
    const order = await createOrderV1();
    const refused = await notice({ merchant_uid: order.paymentId }, { ip: "203.0.113.9" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
    const open = await notice(
      { merchant_uid: order.paymentId },
      { ip: "203.0.113.9", env: { ...V1(), PORTONE_V1_WEBHOOK_IPS: "*" } },
    );
    expect(open.status).toBe(200);
  });

  it("answers 503 when PortOne V1 cannot be read, so PortOne's retry comes back", async () => {
    const order = await createOrderV1();
    await payV1(order);
    await outage(`/payments/find/${order.paymentId}`, { status: 503 });
    const response = await notice({ merchant_uid: order.paymentId, status: "paid" });
    expect(response.status).toBe(503);
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
  });

  it("answers 405 with Allow: POST to a GET", async () => {
    const response = await call("/api/webhooks/portone-v1", {}, V1());
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });
});

describe("POST /api/admin/orders/:paymentId/refunds (V1)", () => {
  const ADMIN = { authorization: "Bearer test-admin-token-0123456789abcdef0123" };
  const refund = (paymentId: string, body: unknown, key: string = crypto.randomUUID()) =>
    call(
      `/api/admin/orders/${paymentId}/refunds`,
      { method: "POST", json: body, headers: { ...ADMIN, "idempotency-key": key } },
      V1(),
    );
  const refundedAmount = async (paymentId: string) =>
    ((await (await call(`/api/admin/orders/${paymentId}`, { headers: ADMIN }, V1())).json()) as AdminOrderDetail)
      .refundedAmount;

  async function paidV1(outcome: "PAID" | "VIRTUAL_ACCOUNT_ISSUED" = "PAID") {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order, outcome);
    if (outcome === "VIRTUAL_ACCOUNT_ISSUED") await emulator(`/v1/payments/${imp_uid}/deposit`, { json: {} });
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({ status: 200, body: { status: "PAID" } });
    return { order, imp_uid };
  }

  it("refunds part of a V1 card payment with 201 through POST /payments/cancel, and the order stays PAID", async () => {
    const { order, imp_uid } = await paidV1();
    const response = await refund(order.paymentId, { amount: 10000, reason: "부분 환불" });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ amount: 10000, remaining: 19000, status: "SUCCEEDED" });
    expect(await emulator(`/v1/payments/${imp_uid}`)).toMatchObject({ status: "paid", cancel_amount: 10000 });
    expect((await storedOrder(order.paymentId))?.status).toBe("PAID");
    expect(await refundedAmount(order.paymentId)).toBe(10000);
  });

  it("refunds the rest when no amount is given and the order becomes CANCELLED", async () => {
    const { order, imp_uid } = await paidV1();
    await refund(order.paymentId, { amount: 9000, reason: "일부" });
    const rest = await refund(order.paymentId, { reason: "전액" });
    expect(rest.status).toBe(201);
    expect(await rest.json()).toMatchObject({ amount: 20000, remaining: 0 });
    expect(await emulator(`/v1/payments/${imp_uid}`)).toMatchObject({ status: "cancelled", cancel_amount: 29000 });
    expect((await storedOrder(order.paymentId))?.status).toBe("CANCELLED");
  });

  it("refuses more than the balance with 409 REFUND_EXCEEDS_BALANCE and refunds nothing", async () => {
    const { order, imp_uid } = await paidV1();
    const response = await refund(order.paymentId, { amount: 29001, reason: "너무 많이" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "REFUND_EXCEEDS_BALANCE" });
    expect(await emulator(`/v1/payments/${imp_uid}`)).toMatchObject({ cancel_amount: 0 });
  });

  it("answers a replay of the same Idempotency-Key with the first refund and refunds once (V1 has no key)", async () => {
    const { order, imp_uid } = await paidV1();
    const key = crypto.randomUUID();
    const first = await refund(order.paymentId, { amount: 5000, reason: "부분" }, key);
    expect(first.status).toBe(201);
    const { cancellationId } = (await first.json()) as { cancellationId: string };
    const again = await refund(order.paymentId, { amount: 5000, reason: "부분" }, key);
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ amount: 5000, cancellationId });
    const payment = await emulator(`/v1/payments/${imp_uid}`);
    expect(payment).toMatchObject({ cancel_amount: 5000 });
    expect(payment.cancel_history).toHaveLength(1);
  });

  it("refunds a V1 virtual account to the admin's account with V1's bank code, and without one answers 422 REFUND_ACCOUNT_REQUIRED", async () => {
    const { order, imp_uid } = await paidV1("VIRTUAL_ACCOUNT_ISSUED");
    const without = await refund(order.paymentId, { reason: "반품" });
    expect(without.status).toBe(422);
    expect(await without.json()).toMatchObject({ code: "REFUND_ACCOUNT_REQUIRED" });
    const response = await refund(order.paymentId, {
      reason: "반품",
      refundAccount: { bank: "KOOKMIN", number: "123456-01-234567", holderName: "홍길동" },
    });
    expect(response.status).toBe(201);
    expect(await emulator(`/v1/payments/${imp_uid}`)).toMatchObject({ status: "cancelled", cancel_amount: 29000 });
    expect((await storedOrder(order.paymentId))?.status).toBe("CANCELLED");
  });

  it("refuses a refund to a bank V1 has no code for with 422 REFUND_ACCOUNT_REQUIRED before asking PortOne, and a valid bank then refunds", async () => {
    const { order, imp_uid } = await paidV1("VIRTUAL_ACCOUNT_ISSUED");
    const account = { number: "123456-01-234567", holderName: "홍길동" };
    const refused = await refund(order.paymentId, {
      reason: "반품",
      refundAccount: { ...account, bank: "KB_SECURITIES" },
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: "REFUND_ACCOUNT_REQUIRED" });
    expect(await emulator(`/v1/payments/${imp_uid}`)).toMatchObject({ status: "paid", cancel_amount: 0 });
    const ok = await refund(order.paymentId, { reason: "반품", refundAccount: { ...account, bank: "SHINHAN" } });
    expect(ok.status).toBe(201);
  });
});

describe("V1 business errors in HTTP 200", () => {
  const businessError = (path: string) =>
    emulator("/v1/faults", { json: { path, code: 1, message: "이미 등록된 merchant_uid입니다." } });

  it("answers 502 PORTONE_REJECTED, never 500 or an order to pay, when POST /payments/prepare answers HTTP 200 code 1", async () => {
    await businessError("/payments/prepare");
    const response = await call(
      "/api/orders",
      { method: "POST", json: { items: [{ productId: "mug", quantity: 1 }] } },
      V1(),
    );
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: "PORTONE_REJECTED" });
  });

  it("answers 502 PORTONE_REJECTED when GET /payments/{imp_uid} answers HTTP 200 code 1: a paid payment stays PENDING", async () => {
    const order = await createOrderV1();
    const { imp_uid } = await payV1(order);
    await businessError(`/payments/${imp_uid}`);
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({
      status: 502,
      body: { code: "PORTONE_REJECTED" },
    });
    expect((await storedOrder(order.paymentId))?.status).toBe("PENDING");
    // Only the business error stopped it: the next read settles.
    expect(await completeV1(order.paymentId, imp_uid)).toMatchObject({ status: 200, body: { status: "PAID" } });
  });
});

import { describe, expect, it } from "vitest";
import { DEV_V1_API_KEY, DEV_V1_API_SECRET } from "../../emulator/dev-secrets.ts";
import { setupV1, V1_ORDER } from "./v1-setup.ts";

const KEYS = { imp_key: DEV_V1_API_KEY, imp_secret: DEV_V1_API_SECRET };
const NOW = Math.floor(new Date("2026-01-02T03:04:05.000Z").getTime() / 1000);

describe("POST /users/getToken", () => {
  it("issues a 30-minute token in the { code: 0, message: null, response } envelope", async () => {
    const { call } = setupV1();
    const { status, body } = await call("POST", "/users/getToken", KEYS);
    expect(status).toBe(200);
    expect(body).toEqual({
      code: 0,
      message: null,
      response: { access_token: expect.any(String), now: NOW, expired_at: NOW + 1800 },
    });
  });

  it("accepts form-encoded keys and answers the same token while it is valid", async () => {
    const { call, advance } = setupV1();
    const first = (await call("POST", "/users/getToken", KEYS)).body.response;
    advance(10 * 60_000);
    const form = new URLSearchParams(KEYS).toString();
    const { body } = await call("POST", "/users/getToken", form, {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(body.response).toEqual({ access_token: first.access_token, now: NOW + 600, expired_at: NOW + 1800 });
  });

  it("extends the token by 5 minutes when under a minute is left", async () => {
    const { call, advance } = setupV1();
    const first = (await call("POST", "/users/getToken", KEYS)).body.response;
    advance(29 * 60_000 + 30_000);
    const { body } = await call("POST", "/users/getToken", KEYS);
    expect(body.response).toMatchObject({ access_token: first.access_token, expired_at: NOW + 1800 + 300 });
  });

  it("refuses wrong keys with 401 and code -1", async () => {
    const { call } = setupV1();
    const { status, body } = await call("POST", "/users/getToken", { ...KEYS, imp_secret: "wrong" });
    expect(status).toBe(401);
    expect(body).toEqual({ code: -1, message: expect.any(String), response: null });
  });
});

describe("V1 authorization", () => {
  it("accepts the token as Bearer or bare, and refuses it with 401 code -1 once expired", async () => {
    const { call, token, pay, advance } = setupV1();
    const { imp_uid } = await pay("PAID");
    const accessToken = await token();
    expect(
      (await call("GET", `/payments/${imp_uid}`, undefined, { Authorization: `Bearer ${accessToken}` })).status,
    ).toBe(200);
    expect((await call("GET", `/payments/${imp_uid}`, undefined, { Authorization: accessToken })).status).toBe(200);
    advance(30 * 60_000);
    const expired = await call("GET", `/payments/${imp_uid}`, undefined, { Authorization: `Bearer ${accessToken}` });
    expect(expired).toEqual({ status: 401, body: { code: -1, message: expect.any(String), response: null } });
    expect(await token()).not.toBe(accessToken);
  });

  it("refuses a call without a token with 401 code -1", async () => {
    const { call, pay } = setupV1();
    const { imp_uid } = await pay("PAID");
    expect(await call("GET", `/payments/${imp_uid}`)).toMatchObject({ status: 401, body: { code: -1 } });
  });
});

describe("GET /payments/:imp_uid", () => {
  it("answers a paid payment with V1's fields, unix seconds and 0 for times that do not apply", async () => {
    const { pay, v1 } = setupV1();
    const callback = await pay("PAID");
    const { status, body } = await v1("GET", `/payments/${callback.imp_uid}`);
    expect(status).toBe(200);
    expect(body.code).toBe(0);
    expect(body.response).toMatchObject({
      imp_uid: expect.stringMatching(/^imp_\d{12}$/),
      merchant_uid: V1_ORDER.merchant_uid,
      amount: 10000,
      cancel_amount: 0,
      currency: "KRW",
      status: "paid",
      sandbox: false,
      pay_method: "card",
      pg_provider: expect.any(String),
      name: V1_ORDER.name,
      buyer_name: "홍길동",
      paid_at: NOW,
      failed_at: 0,
      cancelled_at: 0,
      fail_reason: null,
      cancel_reason: null,
      receipt_url: expect.any(String),
      cancel_history: [],
      vbank_num: null,
      vbank_date: 0,
      vbank_issued_at: 0,
    });
  });

  it("answers 404 code -1 for an unknown imp_uid", async () => {
    const { v1 } = setupV1();
    expect(await v1("GET", "/payments/imp_999999999999")).toEqual({
      status: 404,
      body: { code: -1, message: "존재하지 않는 결제정보입니다.", response: null },
    });
  });

  it("hides a sandbox payment with 404 unless include_sandbox=true, while find shows it", async () => {
    const { pay, v1 } = setupV1();
    const { imp_uid } = await pay("PAID", { sandbox: true });
    expect(await v1("GET", `/payments/${imp_uid}`)).toMatchObject({ status: 404, body: { code: -1 } });
    expect(await v1("GET", `/payments/${imp_uid}?include_sandbox=false`)).toMatchObject({ status: 404 });
    const shown = await v1("GET", `/payments/${imp_uid}?include_sandbox=true`);
    expect(shown.body.response).toMatchObject({ imp_uid, sandbox: true, status: "paid" });
    const found = await v1("GET", `/payments/find/${V1_ORDER.merchant_uid}`);
    expect(found.body.response).toMatchObject({ imp_uid, sandbox: true });
  });

  it("marks payments of v1SandboxChannelKeys as sandbox", async () => {
    const { pay, emulator } = setupV1({ v1SandboxChannelKeys: [V1_ORDER.channelKey] });
    const { imp_uid } = await pay("PAID");
    expect(emulator.v1Payment(imp_uid)?.sandbox).toBe(true);
  });

  it("answers a failed attempt with failed_at, fail_reason and paid_at 0", async () => {
    const { pay, v1 } = setupV1();
    const callback = await pay("FAILED");
    expect(callback).toMatchObject({ imp_uid: expect.any(String), error_code: "F1002", error_msg: expect.any(String) });
    const { body } = await v1("GET", `/payments/${callback.imp_uid}`);
    expect(body.response).toMatchObject({
      status: "failed",
      failed_at: NOW,
      paid_at: 0,
      fail_reason: expect.any(String),
    });
  });
});

describe("GET /payments/find/:merchant_uid", () => {
  it("answers the newest attempt under the merchant_uid, and 404 code -1 for none", async () => {
    const { pay, v1 } = setupV1();
    await pay("FAILED");
    const { imp_uid } = await pay("PAID");
    expect((await v1("GET", `/payments/find/${V1_ORDER.merchant_uid}`)).body.response).toMatchObject({
      imp_uid,
      status: "paid",
    });
    expect(await v1("GET", "/payments/find/nope")).toMatchObject({ status: 404, body: { code: -1, response: null } });
  });
});

describe("POST /payments/prepare", () => {
  it("registers the amount once and answers a second prepare with HTTP 200 code 1", async () => {
    const { v1 } = setupV1();
    const first = await v1("POST", "/payments/prepare", { merchant_uid: "order-1", amount: 10000 });
    expect(first).toEqual({
      status: 200,
      body: { code: 0, message: null, response: { merchant_uid: "order-1", amount: 10000 } },
    });
    const second = await v1("POST", "/payments/prepare", { merchant_uid: "order-1", amount: 9000 });
    expect(second).toEqual({ status: 200, body: { code: 1, message: expect.any(String), response: null } });
    expect((await v1("GET", "/payments/prepare/order-1")).body.response).toEqual({
      merchant_uid: "order-1",
      amount: 10000,
    });
    expect(await v1("GET", "/payments/prepare/none")).toMatchObject({ status: 404, body: { response: null } });
  });

  it("makes the window refuse another amount with F400 and no imp_uid, and record nothing", async () => {
    const { v1, pay, emulator } = setupV1();
    await v1("POST", "/payments/prepare", { merchant_uid: V1_ORDER.merchant_uid, amount: 12000 });
    const callback = await pay("PAID");
    expect(callback).toEqual({
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: V1_ORDER.merchant_uid,
      error_code: "F400",
      error_msg: expect.stringContaining("12000"),
    });
    expect(emulator.v1Webhooks()).toEqual([]);
  });

  it("lets a tampered amountPaid through the prepare check, recorded as the amount paid", async () => {
    const { v1, pay } = setupV1();
    await v1("POST", "/payments/prepare", { merchant_uid: V1_ORDER.merchant_uid, amount: 10000 });
    const callback = await pay("PAID", { amountPaid: 100 });
    expect(callback).toMatchObject({ error_code: null, paid_amount: 100 });
    expect((await v1("GET", `/payments/${callback.imp_uid}`)).body.response).toMatchObject({
      amount: 100,
      status: "paid",
    });
  });
});

describe("POST /payments/cancel", () => {
  it("cancels part with a matching checksum, keeps the payment paid, then cancels the rest", async () => {
    const { pay, v1 } = setupV1();
    const { imp_uid } = await pay("PAID");
    const partial = await v1("POST", "/payments/cancel", {
      imp_uid,
      amount: 3000,
      checksum: 10000,
      reason: "부분 환불",
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      code: 0,
      response: { status: "paid", cancel_amount: 3000, cancelled_at: NOW },
    });
    expect(partial.body.response.cancel_history).toEqual([
      expect.objectContaining({
        amount: 3000,
        reason: "부분 환불",
        cancelled_at: NOW,
        cancellation_id: expect.any(String),
      }),
    ]);
    const rest = await v1("POST", "/payments/cancel", {
      merchant_uid: V1_ORDER.merchant_uid,
      checksum: 7000,
      reason: "전액",
    });
    expect(rest.body.response).toMatchObject({ status: "cancelled", cancel_amount: 10000, cancel_reason: "전액" });
  });

  it("refuses a checksum that is not the cancellable balance with HTTP 200 code 1 and cancels nothing", async () => {
    const { pay, v1, emulator } = setupV1();
    const { imp_uid } = await pay("PAID");
    await v1("POST", "/payments/cancel", { imp_uid, amount: 3000, reason: "부분" });
    const refused = await v1("POST", "/payments/cancel", {
      imp_uid,
      amount: 1000,
      checksum: 10000,
      reason: "오래된 잔액",
    });
    expect(refused).toEqual({ status: 200, body: { code: 1, message: expect.any(String), response: null } });
    expect(emulator.v1Payment(imp_uid)?.cancel_amount).toBe(3000);
  });

  it.each([
    ["an unknown imp_uid", { imp_uid: "imp_000000000000", reason: "x" }],
    ["more than the balance", { merchant_uid: V1_ORDER.merchant_uid, amount: 20000, reason: "x" }],
  ])("refuses %s with HTTP 200 code 1", async (_name, body) => {
    const { pay, v1 } = setupV1();
    await pay("PAID");
    expect(await v1("POST", "/payments/cancel", body)).toEqual({
      status: 200,
      body: { code: 1, message: expect.any(String), response: null },
    });
  });

  it("cancels a USD payment in decimal major units", async () => {
    const { pay, v1 } = setupV1();
    const { imp_uid } = await pay("PAID", { amount: 14.2, currency: "USD" });
    const { body } = await v1("POST", "/payments/cancel", { imp_uid, amount: 4.1, checksum: 14.2, reason: "x" });
    expect(body.response).toMatchObject({ amount: 14.2, cancel_amount: 4.1, currency: "USD", status: "paid" });
  });
});

describe("V1 virtual accounts", () => {
  it("issues a ready account, refuses cancelling it unpaid, pays on deposit and refunds only with the refund fields", async () => {
    const { pay, v1, call } = setupV1();
    const callback = await pay("VIRTUAL_ACCOUNT_ISSUED", { pay_method: "vbank" });
    expect(callback).toMatchObject({ error_code: null, status: "ready", vbank_num: expect.any(String) });
    const { imp_uid } = callback;
    expect((await v1("GET", `/payments/${imp_uid}`)).body.response).toMatchObject({
      status: "ready",
      pay_method: "vbank",
      vbank_code: "004",
      vbank_name: expect.any(String),
      vbank_date: NOW + 3 * 86400,
      vbank_issued_at: NOW,
      paid_at: 0,
    });
    expect((await v1("POST", "/payments/cancel", { imp_uid, reason: "x" })).body.code).toBe(1);
    expect((await call("POST", `/_emulator/v1/payments/${imp_uid}/deposit`)).body).toMatchObject({
      status: "paid",
      paid_at: NOW,
    });
    expect((await v1("POST", "/payments/cancel", { imp_uid, reason: "환불" })).body).toMatchObject({ code: 1 });
    const refund = { refund_holder: "홍길동", refund_bank: "004", refund_account: "12345678901234" };
    const refunded = await v1("POST", "/payments/cancel", { imp_uid, reason: "환불", ...refund });
    expect(refunded.body).toMatchObject({ code: 0, response: { status: "cancelled" } });
  });
});

describe("DELETE /vbanks/:imp_uid", () => {
  it("revokes an issued, unpaid account as cancelled, and refuses a paid one with 400", async () => {
    const { pay, v1 } = setupV1();
    const issued = await pay("VIRTUAL_ACCOUNT_ISSUED", { pay_method: "vbank" });
    const revoked = await v1("DELETE", `/vbanks/${issued.imp_uid}`);
    expect(revoked).toMatchObject({
      status: 200,
      body: { code: 0, response: { status: "cancelled", cancelled_at: NOW, cancel_amount: 0 } },
    });
    const paid = await pay("PAID", { merchant_uid: "order-v1-0002" });
    expect(await v1("DELETE", `/vbanks/${paid.imp_uid}`)).toMatchObject({ status: 400, body: { response: null } });
    expect(await v1("DELETE", "/vbanks/imp_000000000000")).toMatchObject({ status: 404, body: { code: -1 } });
  });
});

describe("V1 and V2 on the same server", () => {
  it("applies /_emulator/faults to V1 paths", async () => {
    const { pay, v1, control } = setupV1();
    const { imp_uid } = await pay("PAID");
    await control("POST", "/faults", { status: 503, path: "/payments/imp_" });
    expect((await v1("GET", `/payments/${imp_uid}`)).status).toBe(503);
    expect((await v1("GET", `/payments/${imp_uid}`)).status).toBe(200);
  });

  it("forgets V1 payments, preparations and tokens on POST /_emulator/reset", async () => {
    const { pay, token, control, call, emulator } = setupV1();
    const { imp_uid } = await pay("PAID");
    const accessToken = await token();
    await control("POST", "/reset");
    expect(emulator.v1Payment(imp_uid)).toBeUndefined();
    expect((await call("GET", `/payments/${imp_uid}`, undefined, { Authorization: accessToken })).status).toBe(401);
  });
});

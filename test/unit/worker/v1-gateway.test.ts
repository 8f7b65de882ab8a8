import { describe, expect, it } from "vitest";
import { portOneV1Gateway, toV1Record, V1_BANK_CODES } from "../../../worker/adapters/portone-v1-gateway.ts";
import { toMajorUnits, toMinorUnits } from "../../../worker/services/v1-amounts.ts";
import { fakeV1PortOne, v1Gateway } from "./v1-fake-portone.ts";

describe("V1 amounts", () => {
  it.each([
    [1420, "USD", 14.2],
    [1, "USD", 0.01],
    [1999, "EUR", 19.99],
    [12000, "KRW", 12000],
    [500, "JPY", 500],
    // 0.29 * 100 is 28.999999999999996 in binary floating point.
    [29, "USD", 0.29],
  ] as const)("converts %i minor units of %s to %s major units and back exactly", (minor, currency, major) => {
    expect(toMajorUnits(minor, currency)).toBe(major);
    expect(toMinorUnits(major, currency)).toBe(minor);
  });

  it.each([
    ["a fraction of a cent", 14.205, "USD"],
    ["a fraction of a won", 100.5, "KRW"],
    ["a string", "14.20", "USD"],
    ["an unknown currency", 10, "GBP"],
    ["no currency", 10, null],
  ])("answers null for %s, never a rounded amount", (_, major, currency) => {
    expect(toMinorUnits(major, currency)).toBeNull();
  });
});

describe("toV1Record", () => {
  const base = { imp_uid: "imp_1", merchant_uid: "pay1", amount: 12000, currency: "KRW", sandbox: false };
  it.each([
    ["paid", {}, "PAID"],
    ["paid with a partial cancel", { cancel_amount: 2000 }, "PARTIAL_CANCELLED"],
    ["ready with an account number", { status: "ready", vbank_num: "123-456" }, "VIRTUAL_ACCOUNT_ISSUED"],
    ["ready", { status: "ready" }, "READY"],
    ["failed", { status: "failed" }, "FAILED"],
    ["cancelled", { status: "cancelled", cancel_amount: 12000 }, "CANCELLED"],
    ["an unknown status", { status: "escrow_hold" }, "UNRECOGNIZED"],
    ["no status", { status: undefined }, "UNRECOGNIZED"],
  ])("maps %s to %s", (_, overrides, status) => {
    expect(toV1Record({ status: "paid", ...base, ...overrides }, "imp1").status).toBe(status);
  });

  it.each([
    [false, "LIVE"],
    [true, "TEST"],
    [undefined, null],
  ])("maps sandbox %s to channelType %s (absent is never LIVE)", (sandbox, channelType) => {
    expect(toV1Record({ ...base, status: "paid", sandbox }, "imp1").channelType).toBe(channelType);
  });

  it("reads USD 14.2 as 1420 minor units with the store, the account and the times in ISO 8601", () => {
    const record = toV1Record(
      {
        ...base,
        status: "ready",
        amount: 14.2,
        currency: "USD",
        pay_method: "vbank",
        vbank_num: "123-456-789",
        vbank_code: "004",
        vbank_holder: null,
        vbank_date: 1_700_086_400,
        paid_at: 0,
      },
      "imp1",
    );
    expect(record).toEqual({
      status: "VIRTUAL_ACCOUNT_ISSUED",
      rawStatus: "ready",
      storeId: "imp1",
      currency: "USD",
      amountTotal: 1420,
      channelType: "LIVE",
      isVirtualAccount: true,
      virtualAccount: { accountNumber: "123-456-789", bank: "004", expiredAt: "2023-11-15T22:13:20.000Z" },
    });
  });
});

describe("portOneV1Gateway", () => {
  it("pre-registers the amount in major units with POST /payments/prepare", async () => {
    const portone = fakeV1PortOne();
    const registered = await v1Gateway(portone).preRegister({ paymentId: "pay1", totalAmount: 1420, currency: "USD" });
    expect(registered).toEqual({ ok: true, value: undefined });
    expect(portone.prepared.get("pay1")).toEqual({ amount: 14.2, currency: "USD" });
  });

  it("reports a business error sent as HTTP 200 with code 1 as REFUSED, never as success", async () => {
    const portone = fakeV1PortOne();
    const gateway = v1Gateway(portone);
    await gateway.preRegister({ paymentId: "pay1", totalAmount: 1000, currency: "KRW" });
    const again = await gateway.preRegister({ paymentId: "pay1", totalAmount: 1000, currency: "KRW" });
    expect(again).toMatchObject({ ok: false, failure: { kind: "REFUSED", type: "V1_CODE_1" } });
  });

  it("reads by imp_uid with include_sandbox=true, and by merchant_uid through /payments/find without one", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", sandbox: true });
    const gateway = v1Gateway(portone);
    expect(await gateway.getPayment("pay1", { impUid: "imp_1" })).toMatchObject({
      ok: true,
      value: { status: "PAID", channelType: "TEST", amountTotal: 12000 },
    });
    expect(await gateway.getPayment("pay1")).toMatchObject({ ok: true, value: { status: "PAID" } });
    expect(portone.calls.filter((c) => c.method === "GET").map((c) => c.path)).toEqual([
      "/payments/imp_1?include_sandbox=true",
      "/payments/find/pay1",
    ]);
  });

  it("refuses another order's imp_uid with MERCHANT_UID_MISMATCH", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_cheap", merchant_uid: "payOther", amount: 100 });
    const read = await v1Gateway(portone).getPayment("pay1", { impUid: "imp_cheap" });
    expect(read).toMatchObject({ ok: false, failure: { kind: "REFUSED", type: "MERCHANT_UID_MISMATCH" } });
  });

  it("answers NOT_FOUND for an unknown imp_uid (404, code -1)", async () => {
    const portone = fakeV1PortOne();
    expect(await v1Gateway(portone).getPayment("pay1", { impUid: "imp_nope" })).toEqual({
      ok: false,
      failure: { kind: "NOT_FOUND" },
    });
  });

  it("answers UNAVAILABLE when PortOne is down", async () => {
    const portone = fakeV1PortOne();
    portone.state.down = true;
    expect(await v1Gateway(portone).getPayment("pay1")).toMatchObject({
      ok: false,
      failure: { kind: "UNAVAILABLE" },
    });
  });

  it("answers UNAUTHORIZED when the API key is refused", async () => {
    const portone = fakeV1PortOne();
    const read = await portOneV1Gateway({
      apiKey: "other",
      apiSecret: "secret",
      baseUrl: "https://api.iamport.test",
      impCode: "imp1",
      timeoutMs: 1000,
      fetch: portone.fetch as typeof fetch,
      tokens: { token: null, pending: null },
    }).getPayment("pay1");
    expect(read).toMatchObject({ ok: false, failure: { kind: "UNAUTHORIZED" } });
  });

  it("asks for one token for ten concurrent reads and reuses it until shortly before expired_at", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1" });
    const tokens = { token: null, pending: null };
    const gateway = v1Gateway(portone, tokens);
    const reads = await Promise.all(Array.from({ length: 10 }, () => gateway.getPayment("pay1")));
    expect(reads.every((r) => r.ok)).toBe(true);
    expect(portone.tokenRequests()).toBe(1);
    // A gateway built for the next request shares the cache.
    await v1Gateway(portone, tokens).getPayment("pay1");
    expect(portone.tokenRequests()).toBe(1);
    // 29 minutes later the token has under a minute left: a new one is asked for.
    portone.state.clock += 29 * 60 + 30;
    await gateway.getPayment("pay1");
    expect(portone.tokenRequests()).toBe(2);
  });

  it("refreshes an expired token once on 401, shared by concurrent calls, and retries each call once", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1" });
    const gateway = v1Gateway(portone);
    await gateway.getPayment("pay1");
    portone.expireTokens();
    const reads = await Promise.all(Array.from({ length: 5 }, () => gateway.getPayment("pay1")));
    expect(reads.every((r) => r.ok)).toBe(true);
    expect(portone.tokenRequests()).toBe(2);
    expect(portone.calls.at(-1)?.auth).toBe("Bearer token-2");
  });

  it("gives up after one refresh when PortOne keeps answering 401: UNAUTHORIZED", async () => {
    const portone = fakeV1PortOne();
    const original = portone.fetch;
    const fetchAlways401 = async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith("/users/getToken")
        ? original(input, init)
        : new Response(JSON.stringify({ code: -1, message: "Unauthorized", response: null }), { status: 401 });
    const stubborn = portOneV1Gateway({
      apiKey: "key",
      apiSecret: "secret",
      baseUrl: "https://api.iamport.test",
      impCode: "imp1",
      timeoutMs: 1000,
      fetch: fetchAlways401 as typeof fetch,
      tokens: { token: null, pending: null },
    });
    expect(await stubborn.getPayment("pay1")).toMatchObject({ ok: false, failure: { kind: "UNAUTHORIZED" } });
    expect(portone.tokenRequests()).toBe(2);
  });

  it("refunds with POST /payments/cancel carrying the balance as checksum, and a second refund is REFUSED", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", amount: 14.2, currency: "USD" });
    const gateway = v1Gateway(portone);
    const refunded = await gateway.refund({ paymentId: "pay1", how: "CANCEL_PAYMENT", reason: "AMOUNT_MISMATCH" });
    expect(refunded).toEqual({ ok: true, value: undefined });
    expect(portone.calls.find((c) => c.path === "/payments/cancel")?.body).toEqual({
      imp_uid: "imp_1",
      reason: "AMOUNT_MISMATCH",
      checksum: 14.2,
    });
    expect(portone.payments.get("imp_1")?.status).toBe("cancelled");
    const again = await gateway.refund({ paymentId: "pay1", how: "CANCEL_PAYMENT", reason: "again" });
    expect(again).toMatchObject({ ok: false, failure: { kind: "REFUSED", type: "PAYMENT_NOT_PAID" } });
  });

  it("closes a virtual account only issued with DELETE /vbanks/{imp_uid}", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", status: "ready", vbank_num: "123", pay_method: "vbank" });
    const closed = await v1Gateway(portone).refund({ paymentId: "pay1", how: "CLOSE_VIRTUAL_ACCOUNT", reason: "x" });
    expect(closed).toEqual({ ok: true, value: undefined });
    expect(portone.calls.at(-1)).toMatchObject({ method: "DELETE", path: "/vbanks/imp_1" });
  });

  it("cancels part of a payment in major units with the caller's balance as checksum", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", amount: 20, currency: "USD" });
    const cancelled = await v1Gateway(portone).cancel({
      paymentId: "pay1",
      amount: 550,
      reason: "one mug broke",
      currentCancellableAmount: 2000,
      idempotencyKey: "k1",
    });
    expect(cancelled).toMatchObject({ ok: true, value: { status: "SUCCEEDED" } });
    expect(portone.calls.at(-1)?.body).toMatchObject({ amount: 5.5, checksum: 20 });
    expect(portone.payments.get("imp_1")).toMatchObject({ status: "paid", cancel_amount: 5.5 });
  });

  it("refunds a virtual account to the admin's account with V1's bank code: SHINHAN becomes refund_bank 088", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", amount: 29000, pay_method: "vbank" });
    const cancelled = await v1Gateway(portone).cancel({
      paymentId: "pay1",
      amount: 29000,
      reason: "반품",
      currentCancellableAmount: 29000,
      idempotencyKey: "k1",
      refundAccount: { bank: "SHINHAN", number: "110-123-456789", holderName: "홍길동" },
    });
    expect(cancelled).toMatchObject({ ok: true });
    expect(portone.calls.at(-1)?.body).toEqual({
      imp_uid: "imp_1",
      amount: 29000,
      checksum: 29000,
      reason: "반품",
      refund_holder: "홍길동",
      refund_bank: "088",
      refund_account: "110-123-456789",
    });
  });

  it.each([
    ["KOOKMIN", "004"],
    ["WOORI", "020"],
    ["HANA", "081"],
    ["NONGHYUP", "011"],
    ["IBK", "003"],
    ["KDB", "002"],
    ["SUHYUP", "007"],
    ["POST", "071"],
    ["KAKAO", "090"],
  ])("maps the V2 bank %s to the KFTC code %s", (bank, code) => {
    expect(V1_BANK_CODES[bank]).toBe(code);
  });

  it("refuses a bank V1 has no code for with REFUND_BANK_NOT_SUPPORTED_ON_V1 before asking PortOne", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", pay_method: "vbank" });
    const cancelled = await v1Gateway(portone).cancel({
      paymentId: "pay1",
      amount: 1000,
      reason: "x",
      currentCancellableAmount: 12000,
      idempotencyKey: "k1",
      refundAccount: { bank: "KB_SECURITIES", number: "1234567", holderName: "a" },
    });
    expect(cancelled).toMatchObject({
      ok: false,
      failure: { kind: "REFUSED", type: "REFUND_BANK_NOT_SUPPORTED_ON_V1" },
    });
    expect(portone.calls.some((c) => c.path === "/payments/cancel")).toBe(false);
  });

  it("sends no refund account for a card payment", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", pay_method: "card" });
    await v1Gateway(portone).cancel({
      paymentId: "pay1",
      amount: 1000,
      reason: "x",
      currentCancellableAmount: 12000,
      idempotencyKey: "k1",
      refundAccount: { bank: "NOT_A_BANK", number: "1234567", holderName: "a" },
    });
    expect(portone.calls.at(-1)?.body).toEqual({ imp_uid: "imp_1", amount: 1000, checksum: 12000, reason: "x" });
  });

  it.each([
    [
      "another balance than the caller's",
      { currentCancellableAmount: 11000, amount: 1000 },
      "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN",
    ],
    [
      "more than the balance",
      { currentCancellableAmount: 12000, amount: 12001 },
      "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
    ],
  ])("names V1's prose-only refusal of %s as %s, without asking PortOne", async (_, input, type) => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", amount: 12000 });
    const cancelled = await v1Gateway(portone).cancel({
      paymentId: "pay1",
      reason: "x",
      idempotencyKey: "k",
      ...input,
    });
    expect(cancelled).toMatchObject({ ok: false, failure: { kind: "REFUSED", type } });
    expect(portone.calls.some((c) => c.path === "/payments/cancel")).toBe(false);
  });

  it("answers PAYMENT_NOT_PAID for a cancel of a payment PortOne shows cancelled", async () => {
    const portone = fakeV1PortOne();
    portone.pay({ imp_uid: "imp_1", merchant_uid: "pay1", status: "cancelled", cancel_amount: 12000 });
    const cancelled = await v1Gateway(portone).cancel({
      paymentId: "pay1",
      amount: 1000,
      reason: "x",
      currentCancellableAmount: 12000,
      idempotencyKey: "k",
    });
    expect(cancelled).toMatchObject({ ok: false, failure: { kind: "REFUSED", type: "PAYMENT_NOT_PAID" } });
  });

  it("answers REFUSED NOT_SUPPORTED_ON_V1 for confirm and listPayments instead of throwing", async () => {
    const gateway = v1Gateway(fakeV1PortOne());
    expect(await gateway.listPayments({ from: "", until: "", page: 0, size: 10 })).toMatchObject({
      ok: false,
      failure: { kind: "REFUSED", type: "NOT_SUPPORTED_ON_V1" },
    });
    expect(
      await gateway.confirm({ paymentId: "pay1", paymentToken: "t", totalAmount: 1, currency: "KRW" }),
    ).toMatchObject({ ok: false, failure: { type: "NOT_SUPPORTED_ON_V1" } });
  });
});

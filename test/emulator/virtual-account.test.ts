import { describe, expect, it } from "vitest";
import { BANKS } from "../../emulator/banks.ts";
import { bankFor, ISSUING_BANKS } from "../../emulator/virtual-account.ts";
import { setup } from "./setup.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("bankFor", () => {
  it.each([
    ["order0001", "NONGHYUP"],
    ["order0002", "IBK"],
    ["order0003", "SHINHAN"],
    ["a", "HANA"],
    ["b", "KOOKMIN"],
  ])("picks %s's bank as %s, every time", (paymentId, bank) => {
    expect(bankFor(paymentId)).toBe(bank);
    expect(bankFor(paymentId)).toBe(bank);
  });

  it("spreads payments over every issuing bank, each one a code of PortOne's Bank enum", () => {
    const banks = new Set(Array.from({ length: 60 }, (_, i) => bankFor(`order${i}`)));
    expect([...banks].sort()).toEqual([...ISSUING_BANKS].sort());
    for (const bank of ISSUING_BANKS) expect(BANKS).toContain(bank);
  });
});

describe("POST /_emulator/payments with virtualAccount", () => {
  it("issues the account from the bank the action names, with that holder and due time", async () => {
    const { act, getPayment } = setup();
    const virtualAccount = { bank: "KOOKMIN", remitteeName: "테스트 상점", expiredAt: "2026-01-03T00:00:00+09:00" };
    await act("VIRTUAL_ACCOUNT_ISSUED", { payMethod: "VIRTUAL_ACCOUNT", virtualAccount });
    expect((await getPayment()).body.method).toMatchObject({
      bank: "KOOKMIN",
      remitteeName: "테스트 상점",
      expiredAt: "2026-01-02T15:00:00.000Z",
    });
  });

  it("leaves bank, remitteeName and expiredAt out of the payment when the action sends null", async () => {
    const { act, getPayment, emulator } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { virtualAccount: { bank: null, remitteeName: null, expiredAt: null } });
    const { body } = await getPayment();
    expect(body.method).toEqual({
      type: "PaymentMethodVirtualAccount",
      accountNumber: expect.stringMatching(/^\d{14}$/),
      accountType: "NORMAL",
      issuedAt: "2026-01-02T03:04:05.000Z",
    });
    expect(Object.keys(emulator.payment("order0001")?.virtualAccount ?? {})).toEqual([
      "accountNumber",
      "accountType",
      "issuedAt",
    ]);
  });

  it("keeps the defaults of the fields the action leaves out", async () => {
    const { act, getPayment } = setup();
    await act("PAID", { payMethod: "VIRTUAL_ACCOUNT", virtualAccount: { bank: null } });
    const { body } = await getPayment();
    expect(body.status).toBe("PAID");
    expect(body.method).not.toHaveProperty("bank");
    expect(body.method).toMatchObject({ remitteeName: "포트원 데모샵", expiredAt: "2026-01-05T03:04:05.000Z" });
  });

  it.each([
    [{ bank: "SHINHAN_BANK" }, "bank"],
    [{ bank: 4 }, "bank"],
    [{ remitteeName: "" }, "remitteeName"],
    [{ expiredAt: "next week" }, "expiredAt"],
    ["SHINHAN", "virtualAccount"],
  ])(
    "refuses virtualAccount %j with 400 INVALID_REQUEST naming %s, creating no payment",
    async (virtualAccount, field) => {
      const { act, emulator } = setup();
      const { status, body } = await act("VIRTUAL_ACCOUNT_ISSUED", { virtualAccount });
      expect(status).toBe(400);
      expect(body).toMatchObject({ type: "INVALID_REQUEST", message: expect.stringContaining(field) });
      expect(emulator.payment("order0001")).toBeUndefined();
    },
  );
});

describe("POST /_emulator/payments/:paymentId/deposit", () => {
  it("accepts a deposit into an account without expiredAt however late it comes", async () => {
    const { act, control, advance } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { virtualAccount: { expiredAt: null } });
    advance(365 * DAY_MS);
    expect(await control("POST", "/payments/order0001/deposit")).toMatchObject({
      status: 200,
      body: { status: "PAID" },
    });
  });

  it("refuses a deposit after the expiredAt the action set with 409 PAYMENT_NOT_WAITING_FOR_DEPOSIT", async () => {
    const { act, control, advance } = setup();
    await act("VIRTUAL_ACCOUNT_ISSUED", { virtualAccount: { expiredAt: "2026-01-02T04:00:00.000Z" } });
    advance(DAY_MS);
    const { status, body } = await control("POST", "/payments/order0001/deposit");
    expect({ status, type: body.type }).toEqual({ status: 409, type: "PAYMENT_NOT_WAITING_FOR_DEPOSIT" });
  });
});

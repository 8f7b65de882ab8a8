import { describe, expect, it } from "vitest";
import type { AdminOrderDetail, FulfilmentRequest } from "../../../contract/index.ts";
import { orderDetail, shipOrder } from "../../../worker/services/back-office/orders.ts";
import type { BackOffice } from "../../../worker/services/back-office/ports.ts";
import { purgePersonalData, retentionDays } from "../../../worker/services/back-office/retention.ts";

/** A back office over one order `pay1` whose status the test sets. */
function office(status: "PAID" | "PENDING" | null) {
  const calls: { method: string; args: unknown[] }[] = [];
  const detail = { paymentId: "pay1", status } as AdminOrderDetail;
  const fake = {
    getOrder: async () => (status ? detail : null),
    setFulfilment: async (...args: unknown[]) => {
      calls.push({ method: "setFulfilment", args });
      return status === null ? "NOT_FOUND" : status === "PAID" ? "UPDATED" : "NOT_PAID";
    },
    erasePersonalData: async (...args: unknown[]) => {
      calls.push({ method: "erasePersonalData", args });
      return 3;
    },
  } as unknown as BackOffice;
  return { deps: { office: fake, now: () => new Date("2026-12-01T00:00:00.000Z") }, calls };
}

const SHIPPED: FulfilmentRequest = { status: "SHIPPED", carrier: "CJ", trackingNumber: "640012345678" };

describe("back office services", () => {
  it("ships a paid order with the clock's time and answers the order", async () => {
    const { deps, calls } = office("PAID");
    expect(await shipOrder(deps, "pay1", SHIPPED)).toMatchObject({ ok: true, value: { paymentId: "pay1" } });
    expect(calls[0]?.args).toEqual(["pay1", SHIPPED, "2026-12-01T00:00:00.000Z"]);
  });

  it.each([
    ["PENDING", "ORDER_NOT_SHIPPABLE"],
    [null, "ORDER_NOT_FOUND"],
  ] as const)("refuses to ship an order that is %s with %s", async (status, code) => {
    const { deps } = office(status);
    expect(await shipOrder(deps, "pay1", SHIPPED)).toMatchObject({ ok: false, error: { code } });
  });

  it("answers an unknown order with ORDER_NOT_FOUND", async () => {
    expect(await orderDetail(office(null).deps, "pay1")).toMatchObject({
      ok: false,
      error: { code: "ORDER_NOT_FOUND" },
    });
  });

  it("erases personal data of orders older than the retention period, counted from the clock", async () => {
    const { deps, calls } = office("PAID");
    expect(await purgePersonalData(deps, 1825)).toBe(3);
    expect(calls[0]?.args).toEqual(["2021-12-02T00:00:00.000Z", "2026-12-01T00:00:00.000Z"]);
  });

  it.each([
    ["30", 30],
    ["", 1825],
    ["0", 1825],
    ["-5", 1825],
    ["ten", 1825],
    [undefined, 1825],
  ])("reads PERSONAL_DATA_RETENTION_DAYS %j as %d days", (value, days) => {
    expect(retentionDays(value)).toBe(days);
  });
});

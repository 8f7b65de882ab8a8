import { describe, expect, it } from "vitest";
import { handleWebhook } from "../../../worker/services/handle-webhook.ts";
import { fakeDeps, pendingOrder, STORE_ID } from "./fakes.ts";

function setup() {
  const fakes = fakeDeps();
  fakes.memory.orders.set("pay1", pendingOrder());
  return fakes;
}

const paid = (paymentId: string, webhookId = "msg_1") => ({
  webhookId,
  type: "Transaction.Paid",
  paymentId,
  storeId: STORE_ID,
});

describe("handleWebhook", () => {
  it("settles the order from PortOne's record, announces it as WEBHOOK and keeps a receipt", async () => {
    const { deps, memory, portone, events } = setup();
    portone.setPayment("pay1");
    expect(await handleWebhook(deps, paid("pay1"))).toEqual({
      ok: true,
      value: { outcome: "SETTLED", status: "PAID" },
    });
    expect(memory.receipts.get("msg_1")).toBe("PAID");
    expect(events).toMatchObject([{ from: "PENDING", to: "PAID", cause: "WEBHOOK" }]);
  });

  it("does not acknowledge a delivery whose settlement could not be stored: STORAGE_UNAVAILABLE, no receipt, and the redelivery settles", async () => {
    const { deps, memory, portone, events } = setup();
    portone.setPayment("pay1");
    memory.failWrites();
    expect(await handleWebhook(deps, paid("pay1"))).toEqual({ ok: false, error: { code: "STORAGE_UNAVAILABLE" } });
    expect(memory.receipts.has("msg_1")).toBe(false);
    expect(events).toEqual([]);
    memory.recoverWrites();
    expect(await handleWebhook(deps, paid("pay1"))).toMatchObject({
      ok: true,
      value: { outcome: "SETTLED", status: "PAID" },
    });
    expect(events).toMatchObject([{ from: "PENDING", to: "PAID", cause: "WEBHOOK" }]);
  });

  it("acknowledges a webhook-id seen before as DUPLICATE without asking PortOne", async () => {
    const { deps, memory, portone } = setup();
    memory.receipts.set("msg_1", "PAID");
    expect(await handleWebhook(deps, paid("pay1"))).toEqual({
      ok: true,
      value: { outcome: "DUPLICATE", status: "PAID" },
    });
    expect(portone.calls).toEqual([]);
  });

  it.each([
    ["a non-transaction type", { webhookId: "m", type: "BillingKey.Issued" }, "NOT_A_TRANSACTION"],
    ["a transaction without a paymentId", { webhookId: "m", type: "Transaction.Paid" }, "NOT_A_TRANSACTION"],
    [
      "another store's payment",
      { webhookId: "m", type: "Transaction.Paid", paymentId: "pay1", storeId: "store-b" },
      "OTHER_STORE",
    ],
    ["a 600-character paymentId", paid("p".repeat(600)), "UNKNOWN_ORDER"],
    ["a paymentId with a path in it", paid("../catalog"), "UNKNOWN_ORDER"],
    ["an empty paymentId", paid(""), "UNKNOWN_ORDER"],
  ])("ignores %s as %s without reading storage or PortOne", async (_, event, reason) => {
    const { deps, memory, portone } = setup();
    expect(await handleWebhook(deps, event)).toEqual({ ok: true, value: { outcome: "IGNORED", reason } });
    expect(memory.calls).toMatchObject({ getOrder: 0, getWebhookReceipt: 0 });
    expect(portone.calls).toEqual([]);
  });

  it("ignores a paymentId of our shape that this checkout never created as UNKNOWN_ORDER", async () => {
    const { deps } = setup();
    expect(await handleWebhook(deps, paid("payFromAnotherIntegration"))).toEqual({
      ok: true,
      value: { outcome: "IGNORED", reason: "UNKNOWN_ORDER" },
    });
  });

  it("asks for a redelivery with PAYMENT_NOT_YET_VISIBLE when PortOne does not show the payment yet", async () => {
    const { deps, memory } = setup();
    expect(await handleWebhook(deps, paid("pay1"))).toEqual({ ok: false, error: { code: "PAYMENT_NOT_YET_VISIBLE" } });
    expect(memory.receipts.size).toBe(0);
  });

  it("asks for a redelivery with PORTONE when PortOne is down, and keeps no receipt", async () => {
    const { deps, memory, portone } = setup();
    portone.fail("getPayment", { kind: "UNAVAILABLE", detail: "503" });
    expect(await handleWebhook(deps, paid("pay1"))).toMatchObject({ ok: false, error: { code: "PORTONE" } });
    expect(memory.receipts.size).toBe(0);
  });

  it("ignores a status PortOne adds later as UNRECOGNIZED_STATUS", async () => {
    const { deps, portone } = setup();
    portone.setPayment("pay1", { status: "UNRECOGNIZED", rawStatus: "SOMETHING_NEW" });
    expect(await handleWebhook(deps, paid("pay1"))).toEqual({
      ok: true,
      value: { outcome: "IGNORED", reason: "UNRECOGNIZED_STATUS" },
    });
  });
});

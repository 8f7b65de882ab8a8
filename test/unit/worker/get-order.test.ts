import { describe, expect, it } from "vitest";
import { getOrder } from "../../../worker/services/get-order.ts";
import { fakeDeps, pendingOrder } from "./fakes.ts";

describe("getOrder", () => {
  it("answers the stored order's public state without store internals", async () => {
    const { deps, memory } = fakeDeps();
    memory.orders.set("pay1", pendingOrder());
    const found = await getOrder(deps, "pay1");
    expect(found).toMatchObject({
      ok: true,
      value: { paymentId: "pay1", status: "PENDING", items: [{ productId: "mug" }] },
    });
    expect(found.ok && found.value).not.toHaveProperty("channelKey");
    expect(found.ok && found.value).not.toHaveProperty("storeId");
  });

  it("answers ORDER_NOT_FOUND for a paymentId it does not hold", async () => {
    const { deps } = fakeDeps();
    expect(await getOrder(deps, "payUnknown")).toEqual({ ok: false, error: { code: "ORDER_NOT_FOUND" } });
  });
});

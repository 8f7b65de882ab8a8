import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../worker/compose.ts";
import type { OrderTransition } from "../../worker/services/ports.ts";
import { seedCatalog, storedOrder } from "./support.ts";

beforeAll(seedCatalog);

describe("createServices", () => {
  it("binds the services to Miniflare's KV and PortOne, and hands each transition to the given subscribers", async () => {
    const heard: OrderTransition[] = [];
    const built = createServices(env, [{ onTransition: async (event) => void heard.push(event) }]);
    if (!built.ok) throw new Error(built.error.code);
    const created = await built.value.createOrder({ items: [{ productId: "mug", quantity: 1 }], payMethod: "CARD" });
    if (!created.ok) throw new Error(created.error.code);
    expect(await storedOrder(created.value.paymentId)).toMatchObject({ status: "PENDING" });
    expect(heard).toEqual([
      { paymentId: created.value.paymentId, from: null, to: "PENDING", at: created.value.createdAt, cause: "BROWSER" },
    ]);
  });

  it.each(["PORTONE_API_SECRET", "PORTONE_STORE_ID", "PORTONE_CHANNEL_KEY"] as const)(
    "fails closed with NOT_CONFIGURED when %s is missing",
    (name) => {
      expect(createServices({ ...env, [name]: "" })).toEqual({
        ok: false,
        error: { code: "NOT_CONFIGURED", missing: [name] },
      });
    },
  );
});

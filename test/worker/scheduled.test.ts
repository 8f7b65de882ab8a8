import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import { call, complete, pay, seedCatalog } from "./support.ts";

const SHIPPING = {
  recipient: "김수령",
  phoneNumber: "010-9876-5432",
  postcode: "06236",
  address1: "서울 강남구 테헤란로 1",
};

async function paidOrder() {
  const response = await call("/api/orders", {
    method: "POST",
    json: {
      items: [{ productId: "poster", quantity: 1 }],
      customer: { fullName: "홍길동", email: "hong@example.com" },
      shipping: SHIPPING,
    },
  });
  const created = (await response.json()) as Parameters<typeof pay>[0];
  await pay(created);
  await complete(created.paymentId);
  return created.paymentId;
}

async function runCron(at: Date) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at.getTime(), cron: "*/10 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const row = (paymentId: string) =>
  env.CHECKOUT_DB.prepare(
    "SELECT status, total_amount, buyer_name, buyer_email, ship_address1, personal_data_erased_at FROM orders WHERE payment_id = ?",
  )
    .bind(paymentId)
    .first<Record<string, unknown>>();

beforeEach(async () => {
  await seedCatalog();
});

describe("scheduled: personal data retention", () => {
  it("erases buyer and shipping details past PERSONAL_DATA_RETENTION_DAYS and keeps the accounting row", async () => {
    const old = await paidOrder();
    const recent = await paidOrder();
    // The first order was placed six years ago.
    await env.CHECKOUT_DB.prepare("UPDATE orders SET created_at = ? WHERE payment_id = ?")
      .bind("2020-11-01T00:00:00.000Z", old)
      .run();
    await runCron(new Date("2026-12-01T00:00:00.000Z"));
    expect(await row(old)).toMatchObject({
      status: "PAID",
      total_amount: 12000,
      buyer_name: null,
      buyer_email: null,
      ship_address1: null,
      personal_data_erased_at: "2026-12-01T00:00:00.000Z",
    });
    expect(await row(recent)).toMatchObject({
      buyer_name: "홍길동",
      ship_address1: SHIPPING.address1,
      personal_data_erased_at: null,
    });
  });

  it("is safe to run twice: an erased order keeps the time it was erased", async () => {
    const old = await paidOrder();
    await env.CHECKOUT_DB.prepare("UPDATE orders SET created_at = ? WHERE payment_id = ?")
      .bind("2019-01-01T00:00:00.000Z", old)
      .run();
    await runCron(new Date("2026-12-01T00:00:00.000Z"));
    await runCron(new Date("2026-12-01T00:10:00.000Z"));
    expect((await row(old))?.personal_data_erased_at).toBe("2026-12-01T00:00:00.000Z");
  });
});

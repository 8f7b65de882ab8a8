import { Hono, type MiddlewareHandler } from "hono";
import {
  optionalAmount,
  optionalBoolean,
  optionalString,
  parseJsonObject,
  readJsonObject,
  requiredString,
} from "./body.ts";
import { cancelPayment } from "./cancel.ts";
import { confirmPayment, preRegisterPayment } from "./confirm.ts";
import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import { injectFaults } from "./faults.ts";
import { idempotency } from "./idempotency.ts";
import { listPayments, parsePaymentListQuery } from "./list-payments.ts";
import { toPaymentPayload } from "./payment-payload.ts";
import { parseRefundAccount } from "./refund-account.ts";
import { closeVirtualAccount } from "./virtual-account.ts";

/**
 * The part of PortOne's REST API V2 the checkout uses, behind `Authorization: PortOne <secret>`,
 * `Idempotency-Key` and the injected faults.
 *
 * @example
 * ```ts
 * const payments = new PaymentClient({ secret: DEV_API_SECRET, baseUrl: emulatorUrl });
 * await payments.getPayment({ paymentId });
 * await payments.getPayments({ filter: { status: ["PAID"], from, until } });
 * ```
 */
export function restRoutes(core: EmulatorCore): Hono {
  const rest = new Hono();
  rest.use("/payments/*", authenticate(core), idempotency(core), injectFaults(core));

  rest.get("/payments", async (c) => {
    // The spec's x-portone-query-or-body: the SDK sends `requestBody` as a query parameter.
    const requestBody = c.req.query("requestBody");
    const input = requestBody === undefined ? await readJsonObject(c) : parseJsonObject(requestBody);
    const query = parsePaymentListQuery(input, core.options.now());
    const { items, totalCount } = listPayments(core.payments.values(), query);
    return c.json({ items: items.map(toPaymentPayload), page: { ...query.page, totalCount } });
  });

  rest.get("/payments/:paymentId", (c) => {
    const storeId = c.req.query("storeId") || undefined;
    const record = core.payments.get(c.req.param("paymentId"));
    if (!record || (storeId !== undefined && storeId !== record.storeId)) {
      throw new ApiError("PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
    }
    return c.json(toPaymentPayload(record));
  });

  rest.post("/payments/:paymentId/pre-register", async (c) => {
    const body = await readJsonObject(c);
    preRegisterPayment(core, c.req.param("paymentId"), {
      storeId: optionalString(body, "storeId"),
      totalAmount: optionalAmount(body, "totalAmount"),
      taxFreeAmount: optionalAmount(body, "taxFreeAmount"),
      currency: optionalString(body, "currency"),
    });
    return c.json({});
  });

  rest.post("/payments/:paymentId/cancel", async (c) => {
    const body = await readJsonObject(c);
    const cancellation = await cancelPayment(core, c.req.param("paymentId"), {
      reason: requiredString(body, "reason"),
      storeId: optionalString(body, "storeId"),
      amount: optionalAmount(body, "amount"),
      taxFreeAmount: optionalAmount(body, "taxFreeAmount"),
      currentCancellableAmount: optionalAmount(body, "currentCancellableAmount"),
      skipWebhook: optionalBoolean(body, "skipWebhook"),
      refundAccount: parseRefundAccount(body.refundAccount),
      trigger: "API",
    });
    return c.json({ cancellation });
  });

  rest.post("/payments/:paymentId/confirm", async (c) => {
    const body = await readJsonObject(c);
    const summary = await confirmPayment(core, c.req.param("paymentId"), {
      paymentToken: requiredString(body, "paymentToken"),
      storeId: optionalString(body, "storeId"),
      txId: optionalString(body, "txId"),
      totalAmount: optionalAmount(body, "totalAmount"),
      taxFreeAmount: optionalAmount(body, "taxFreeAmount"),
      currency: optionalString(body, "currency"),
      isTest: optionalBoolean(body, "isTest"),
    });
    return c.json(summary);
  });

  rest.post("/payments/:paymentId/virtual-account/close", async (c) => {
    const storeId = c.req.query("storeId") || undefined;
    return c.json(await closeVirtualAccount(core, c.req.param("paymentId"), storeId));
  });

  return rest;
}

function authenticate(core: EmulatorCore): MiddlewareHandler {
  const expected = `PortOne ${core.options.apiSecret}`;
  return async (c, next) => {
    if (c.req.header("authorization") !== expected) {
      throw new ApiError("UNAUTHORIZED", "인증 정보가 올바르지 않습니다.");
    }
    await next();
  };
}

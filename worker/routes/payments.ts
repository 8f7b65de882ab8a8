import { Hono } from "hono";
import { ApiError } from "../domain/errors.ts";
import { type Order, toPublicOrder } from "../domain/order.ts";
import { REJECTION_MESSAGES } from "../domain/settlement.ts";
import { settlePayment } from "../services/settle-payment.ts";
import { type AppEnv, servicesFor } from "./context.ts";
import { portOneError } from "./portone-failure.ts";
import { CompletePaymentSchema } from "./schemas.ts";
import { json, requireJson } from "./validate.ts";

/** `POST /api/payments/complete`: the browser says "done"; PortOne's record decides. */
export const payments = new Hono<AppEnv>().post("/complete", requireJson, json(CompletePaymentSchema), async (c) => {
  const { paymentId, paymentToken } = c.req.valid("json");
  const settled = await settlePayment(servicesFor(c), paymentId, paymentToken ? { paymentToken } : {});
  if (!settled.ok) {
    const e = settled.error;
    switch (e.code) {
      case "ORDER_NOT_FOUND":
        throw new ApiError("ORDER_NOT_FOUND", "No order has this paymentId.");
      case "PAYMENT_NOT_FOUND":
        throw new ApiError("PAYMENT_NOT_FOUND", "PortOne has no payment for this order yet. The order is still open.");
      case "PAYMENT_STATUS_UNRECOGNIZED":
        throw new ApiError("PAYMENT_STATUS_UNRECOGNIZED", "PortOne reported a status this checkout does not know; the order is not paid.");
      case "PORTONE":
        throw portOneError(e.failure, paymentId);
    }
  }
  const order = settled.value;
  c.header("Cache-Control", "no-store");
  return answer(order, (body, status) => c.json(body, status));
});

/** The order's state as an HTTP answer: 200 paid, 202 still open, an error code otherwise. */
function answer<R>(order: Order, send: (body: unknown, status: 200 | 202) => R): R {
  switch (order.status) {
    case "PAID":
      return send(toPublicOrder(order), 200);
    case "PENDING":
    case "AWAITING_DEPOSIT":
      return send(toPublicOrder(order), 202);
    case "FAILED":
      throw new ApiError("PAYMENT_FAILED", order.failure?.message ?? "The payment failed.");
    case "CANCELLED":
      throw new ApiError("PAYMENT_CANCELLED", order.failure?.message ?? "The payment was cancelled.");
    case "REJECTED": {
      const code = order.failure?.code;
      if (code && code in REJECTION_MESSAGES) throw new ApiError(code, order.failure?.message ?? "");
      throw new ApiError("AMOUNT_MISMATCH", REJECTION_MESSAGES.AMOUNT_MISMATCH);
    }
  }
}

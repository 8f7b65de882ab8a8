import { Hono } from "hono";
import * as v from "valibot";
import { kvOrderStore } from "../adapters/kv-order-store.ts";
import { ApiError } from "../domain/errors.ts";
import { toPublicOrder } from "../domain/order.ts";
import { createOrder, mintPaymentId } from "../services/create-order.ts";
import type { AppEnv } from "./context.ts";
import { servicesFor } from "./context.ts";
import { portOneError } from "./portone-failure.ts";
import { CreateOrderSchema, PaymentIdSchema } from "./schemas.ts";
import { json, param, requireJson } from "./validate.ts";

/** `POST /api/orders` and `GET /api/orders/:paymentId`. */
export const orders = new Hono<AppEnv>()
  .post("/", requireJson, json(CreateOrderSchema), async (c) => {
    const body = c.req.valid("json");
    const deps = servicesFor(c);
    const created = await createOrder(deps, { items: body.items, payMethod: body.payMethod }, () => mintPaymentId());
    if (!created.ok) {
      const e = created.error;
      switch (e.code) {
        case "PRODUCT_NOT_FOUND":
          throw new ApiError("PRODUCT_NOT_FOUND", `No product "${e.productId}" in the catalog.`);
        case "PRODUCT_UNAVAILABLE":
          throw new ApiError("PRODUCT_UNAVAILABLE", `"${e.productId}" is not on sale.`);
        case "MIXED_CURRENCIES":
          throw new ApiError("MIXED_CURRENCIES", `One order cannot mix ${e.currencies.join(" and ")}.`);
        case "AMOUNT_TOO_LARGE":
          throw new ApiError("AMOUNT_TOO_LARGE", "The order total is above the checkout's limit.");
        case "CATALOG_EMPTY":
          throw new ApiError("CATALOG_EMPTY", "The catalog is empty: run `npm run catalog -- push`.");
        case "PORTONE":
          throw portOneError(e.failure);
      }
    }
    const order = created.value;
    return c.json(
      {
        paymentId: order.paymentId,
        orderName: order.orderName,
        totalAmount: order.totalAmount,
        currency: order.currency,
        storeId: order.storeId,
        channelKey: order.channelKey,
        payMethod: order.payMethod,
        ...(body.customer ? { customer: body.customer } : {}),
      },
      201,
    );
  })
  .get("/:paymentId", param(v.object({ paymentId: PaymentIdSchema })), async (c) => {
    const { paymentId } = c.req.valid("param");
    const order = await kvOrderStore(c.env.CHECKOUT_KV).getOrder(paymentId);
    if (!order) throw new ApiError("ORDER_NOT_FOUND", "No order has this paymentId.");
    c.header("Cache-Control", "no-store");
    return c.json(toPublicOrder(order));
  });

import { Hono } from "hono";
import * as v from "valibot";
import type { CreatedOrder } from "../../contract/index.ts";
import { readConfig } from "../config.ts";
import { createdOrderV1 } from "./created-order-v1.ts";
import { type AppEnv, servicesOf } from "./env.ts";
import { toApiError } from "./http-error.ts";
import { refuseOverOrderLimit } from "./rate-limit.ts";
import { CreateOrderSchema, PaymentIdSchema } from "./schemas.ts";
import { json, param, requireJson } from "./validate.ts";

/**
 * `POST /api/orders` (at most so many new carts a minute per client: `./rate-limit.ts`) and
 * `GET /api/orders/:paymentId`.
 *
 * @example app.route("/api/orders", orders);
 */
export const orders = new Hono<AppEnv>()
  .post("/", requireJson, json(CreateOrderSchema), async (c) => {
    const cart = c.req.valid("json");
    // Before any KV write or PortOne call: a refused flood costs the merchant nothing.
    await refuseOverOrderLimit(c, cart);
    const { items, payMethod, customer, shipping } = cart;
    const created = await servicesOf(c).createOrder({
      items,
      payMethod,
      personal: { ...(customer ? { customer } : {}), ...(shipping ? { shipping } : {}) },
    });
    if (!created.ok) throw toApiError(created.error);
    const order = created.value;
    const config = readConfig(c.env);
    // The services were built, so the version is V1 or V2 and V1's settings are all present.
    if (config.version === "V1") {
      return c.json(
        createdOrderV1(order, config.v1.impCode, {
          ...(customer ? { customer } : {}),
          ...(shipping ? { shipping } : {}),
        }),
        201,
      );
    }
    const body: CreatedOrder = {
      paymentId: order.paymentId,
      orderName: order.orderName,
      totalAmount: order.totalAmount,
      currency: order.currency,
      storeId: order.storeId,
      channelKey: order.channelKey,
      payMethod: order.payMethod,
      // Echoed for requestPayment; stored only in the ledger, never in KV.
      ...(customer ? { customer } : {}),
    };
    return c.json(body, 201);
  })
  .get("/:paymentId", param(v.object({ paymentId: PaymentIdSchema })), async (c) => {
    const found = await servicesOf(c).getOrder(c.req.valid("param").paymentId);
    if (!found.ok) throw toApiError(found.error);
    c.header("Cache-Control", "no-store");
    return c.json(found.value);
  });

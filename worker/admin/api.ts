import { sValidator } from "@hono/standard-validator";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { Hono } from "hono";
import * as v from "valibot";
import type {
  AdminNotificationDelivery,
  AdminNotificationList,
  AdminNotificationRetry,
  AdminNotificationTest,
  AdminOrderList,
} from "../../contract/index.ts";
import { createBackOffice, createNotifications } from "../compose.ts";
import type { AppEnv } from "../routes/env.ts";
import { servicesOf } from "../routes/env.ts";
import { ApiError, toApiError } from "../routes/http-error.ts";
import { PaymentIdSchema } from "../routes/schemas.ts";
import type { Delivery } from "../services/notify.ts";
import { koreanDayEnd, koreanDayStart } from "./csv.ts";
import { signIn, signOut } from "./guard.ts";
import {
  ExportQuery,
  FulfilmentSchema,
  IdempotencyKeySchema,
  OrderListQuery,
  ProductIdSchema,
  RefundSchema,
  SessionSchema,
  StockSchema,
} from "./schemas.ts";

/** A validator for `target` whose first issue becomes 400 `INVALID_REQUEST` with its path. */
export const valid = <T extends "json" | "query" | "param", S extends StandardSchemaV1>(target: T, schema: S) =>
  sValidator(target, schema, (result) => {
    if (!result.success) {
      const [first] = result.error;
      const path = (first?.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p))).join(".");
      throw new ApiError(
        "INVALID_REQUEST",
        first ? (path ? `${path}: ${first.message}` : first.message) : "The request is invalid.",
      );
    }
  });

/** The list filter as the ledger takes it: Korean calendar days to UTC instants. */
export function toFilter(query: v.InferOutput<typeof OrderListQuery>) {
  return {
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.from ? { from: koreanDayStart(query.from) } : {}),
    ...(query.to ? { to: koreanDayEnd(query.to) } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit,
  };
}

/** A CSV file name for the period: `orders-2026-11-01-2026-11-30.csv`. */
export const csvName = (from?: string, to?: string) => `orders${from ? `-${from}` : ""}${to ? `-${to}` : ""}.csv`;

/** A delivery id in a path: a positive integer. */
const DeliveryIdSchema = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,15}$/, "a delivery id is a positive integer"),
  v.transform(Number),
);

/**
 * The back office's JSON API, `/api/admin/*` (behind `adminGuard`): sign-in, the order list,
 * one order, the CSV export, fulfilment and refunds, the order's notifications (list, retry) and
 * a test message. No CORS: only the admin page and scripts.
 */
export const adminApi = new Hono<AppEnv>()
  .post("/session", valid("json", SessionSchema), async (c) => {
    if (!(await signIn(c, c.req.valid("json").token))) {
      throw new ApiError("ADMIN_AUTH_REQUIRED", "That is not the admin token.");
    }
    return c.body(null, 204);
  })
  .delete("/session", (c) => {
    signOut(c);
    return c.body(null, 204);
  })
  .get("/orders", valid("query", OrderListQuery), async (c) => {
    const list: AdminOrderList = await createBackOffice(c.env).listOrders(toFilter(c.req.valid("query")));
    return c.json(list);
  })
  .get("/orders.csv", valid("query", ExportQuery), (c) => {
    const query = c.req.valid("query");
    const { limit: _all, ...filter } = toFilter({ ...query, limit: 1 });
    return new Response(createBackOffice(c.env).exportOrders(filter), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${csvName(query.from, query.to)}"`,
        "Cache-Control": "no-store",
      },
    });
  })
  .get("/orders/:paymentId", valid("param", v.object({ paymentId: PaymentIdSchema })), async (c) => {
    const found = await createBackOffice(c.env).orderDetail(c.req.valid("param").paymentId);
    if (!found.ok) throw toApiError(found.error);
    return c.json(found.value);
  })
  .post(
    "/orders/:paymentId/fulfilment",
    valid("param", v.object({ paymentId: PaymentIdSchema })),
    valid("json", FulfilmentSchema),
    async (c) => {
      const shipped = await createBackOffice(c.env).shipOrder(c.req.valid("param").paymentId, c.req.valid("json"));
      if (!shipped.ok) throw toApiError(shipped.error);
      return c.json(shipped.value);
    },
  )
  .post(
    "/orders/:paymentId/refunds",
    valid("param", v.object({ paymentId: PaymentIdSchema })),
    valid("json", RefundSchema),
    async (c) => {
      const key = c.req.header("idempotency-key");
      if (!key)
        throw new ApiError(
          "IDEMPOTENCY_KEY_REQUIRED",
          "Send an Idempotency-Key header, so a retry never refunds twice.",
        );
      if (!v.is(IdempotencyKeySchema, key))
        throw new ApiError("INVALID_REQUEST", "Idempotency-Key: 16 to 256 visible ASCII characters.");
      const { paymentId } = c.req.valid("param");
      const refunded = await servicesOf(c).refundOrder(paymentId, c.req.valid("json"), {
        idempotencyKey: key,
        requestedBy: "admin",
      });
      if (!refunded.ok) throw toApiError(refunded.error);
      return c.json(refunded.value, 201);
    },
  )
  .get("/stock", async (c) => c.json({ products: await createBackOffice(c.env).stockLevels() }))
  .post(
    "/stock/:productId",
    valid("param", v.object({ productId: ProductIdSchema })),
    valid("json", StockSchema),
    async (c) => {
      const { productId } = c.req.valid("param");
      const set = await createBackOffice(c.env).adjustStock(productId, c.req.valid("json").onHand);
      return c.json({ productId, ...set });
    },
  )
  .get("/orders/:paymentId/notifications", valid("param", v.object({ paymentId: PaymentIdSchema })), async (c) => {
    const rows = await createNotifications(c.env).deliveriesOf(c.req.valid("param").paymentId);
    return c.json({ deliveries: rows.map(deliveryView) } satisfies AdminNotificationList);
  })
  .post(
    "/orders/:paymentId/notifications/:id/retry",
    valid("param", v.object({ paymentId: PaymentIdSchema, id: DeliveryIdSchema })),
    async (c) => {
      const { paymentId, id } = c.req.valid("param");
      const retried = await createNotifications(c.env).retry(paymentId, id);
      if (!retried.ok) throw toApiError(retried.error);
      const answer: AdminNotificationRetry = {
        delivery: deliveryView(retried.value.delivery),
        result: retried.value.result,
      };
      return c.json(answer);
    },
  )
  .post("/notifications/test", async (c) => {
    const answer: AdminNotificationTest = { channels: await createNotifications(c.env).sendTest() };
    return c.json(answer);
  });

/** An outbox row as the admin shows it. */
export function deliveryView(d: Delivery): AdminNotificationDelivery {
  return {
    id: d.id,
    event: d.event,
    channel: d.channel,
    status: d.status,
    attempts: d.attempts,
    ...(d.status === "PENDING" ? { nextAttemptAt: d.nextAttemptAt } : {}),
    ...(d.lastError ? { lastError: d.lastError } : {}),
    createdAt: d.createdAt,
    ...(d.sentAt ? { sentAt: d.sentAt } : {}),
  };
}

import { Hono } from "hono";
import { type AppEnv, servicesOf } from "./env.ts";
import { toApiError } from "./http-error.ts";
import { withOrderUrl } from "./order-url.ts";
import { CompletePaymentSchema } from "./schemas.ts";
import { json, requireJson } from "./validate.ts";

/**
 * `POST /api/payments/complete`: the browser says "done"; PortOne's record decides. 200 when
 * paid, 202 while the order is open (`PENDING`, `AWAITING_DEPOSIT`), an error code otherwise.
 *
 * @example app.route("/api/payments", payments);
 */
export const payments = new Hono<AppEnv>().post("/complete", requireJson, json(CompletePaymentSchema), async (c) => {
  const { paymentId, paymentToken, impUid } = c.req.valid("json");
  const completed = await servicesOf(c).completePayment({
    paymentId,
    ...(paymentToken ? { paymentToken } : {}),
    ...(impUid ? { impUid } : {}),
  });
  c.header("Cache-Control", "no-store");
  if (!completed.ok) throw toApiError(completed.error);
  return c.json(await withOrderUrl(c, completed.value), completed.value.status === "PAID" ? 200 : 202);
});

import { Webhook } from "@portone/server-sdk";
import { Hono } from "hono";
import type { WebhookAnswer } from "../../contract/index.ts";
import { readConfig } from "../config.ts";
import type { WebhookEvent } from "../services/handle-webhook.ts";
import { type AppEnv, servicesOf } from "./env.ts";
import { ApiError, toApiError } from "./http-error.ts";

/**
 * `POST /api/webhooks/portone`: PortOne's signed notices (Standard Webhooks). Verified on the
 * raw body with `Webhook.verify`, against the current and the next secret; stale or future
 * timestamps (±5 min) are refused, so a captured delivery cannot be replayed later. A signed
 * delivery is still untrusted input: its ids are bounded by the service and the store.
 *
 * @example app.route("/api/webhooks", webhooks);
 */
export const webhooks = new Hono<AppEnv>().post("/portone", async (c) => {
  const config = readConfig(c.env);
  if (config.webhookSecrets.length === 0) {
    throw new ApiError("NOT_CONFIGURED", "The checkout is not configured: set PORTONE_WEBHOOK_SECRET.");
  }
  const raw = await c.req.text();
  // Webhook.verify wants a plain object of headers, not a Headers instance.
  const headers = c.req.header();
  let verified: Awaited<ReturnType<typeof Webhook.verify>> | undefined;
  let reason = "INVALID_SIGNATURE";
  for (const secret of config.webhookSecrets) {
    try {
      verified = await Webhook.verify(secret, raw, headers);
      break;
    } catch (error) {
      reason = error instanceof Webhook.WebhookVerificationError ? error.reason : "INVALID_INPUT";
    }
  }
  if (!verified) {
    console.warn(JSON.stringify({ event: "webhook_refused", reason }));
    throw new ApiError("WEBHOOK_SIGNATURE_INVALID", `The webhook signature could not be verified (${reason}).`);
  }

  const webhookId = headers["webhook-id"] ?? "";
  const handled = await servicesOf(c).handleWebhook(toEvent(webhookId, verified));
  // Logged by its first 128 characters: a signed id may be of any length.
  console.log(
    JSON.stringify({
      event: "webhook_handled",
      webhookId: webhookId.slice(0, 128),
      ...(handled.ok ? handled.value : handled.error),
    }),
  );
  // An error is never 2xx, so PortOne delivers again (up to 5 times over about 6 hours).
  if (!handled.ok) throw toApiError(handled.error);
  const body: WebhookAnswer = { ok: true, outcome: handled.value.outcome };
  return c.json(body);
});

/** The 2024-04-25 body, or the legacy `{ payment_id, status }` one, reduced to ids. */
function toEvent(webhookId: string, body: unknown): WebhookEvent {
  const b = body as { type?: unknown; data?: { paymentId?: unknown; storeId?: unknown }; payment_id?: unknown };
  if (typeof b.type === "string") {
    return {
      webhookId,
      type: b.type,
      ...(typeof b.data?.paymentId === "string" ? { paymentId: b.data.paymentId } : {}),
      ...(typeof b.data?.storeId === "string" ? { storeId: b.data.storeId } : {}),
    };
  }
  if (typeof b.payment_id === "string") return { webhookId, type: "Transaction.Legacy", paymentId: b.payment_id };
  return { webhookId, type: "Unknown" };
}

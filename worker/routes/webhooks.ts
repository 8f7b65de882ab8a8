import { Webhook } from "@portone/server-sdk";
import { Hono } from "hono";
import { readConfig } from "../config.ts";
import { ApiError } from "../domain/errors.ts";
import { handleWebhook, type WebhookEvent } from "../services/handle-webhook.ts";
import { type AppEnv, servicesFor } from "./context.ts";
import { portOneError } from "./portone-failure.ts";

/**
 * `POST /api/webhooks/portone`: PortOne's signed notices (Standard Webhooks). Verified on the
 * raw body with `Webhook.verify`, against the current and the next secret; stale or future
 * timestamps (±5 min) are refused, so a captured delivery cannot be replayed later.
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

  const outcome = await handleWebhook(servicesFor(c), toEvent(headers["webhook-id"] ?? "", verified));
  console.log(JSON.stringify({ event: "webhook_handled", webhookId: headers["webhook-id"], ...outcome }));
  if (outcome.kind === "RETRY") {
    // Not 2xx, so PortOne delivers again (up to 5 times over about 6 hours).
    throw outcome.error.code === "PORTONE"
      ? portOneError(outcome.error.failure)
      : new ApiError("PORTONE_UNAVAILABLE", "PortOne does not show this payment yet; deliver again later.");
  }
  return c.json({ ok: true, outcome: outcome.kind });
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

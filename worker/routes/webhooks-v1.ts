import { Hono } from "hono";
import type { WebhookAnswer } from "../../contract/index.ts";
import { readConfig } from "../config.ts";
import { type AppEnv, servicesOf } from "./env.ts";
import { ApiError, toApiError } from "./http-error.ts";

/**
 * `POST /api/webhooks/portone-v1`: PortOne V1's notice, `{ imp_uid, merchant_uid, status }` (plus
 * any other keys) as JSON or form-encoded. V1 notices are unsigned, so the body only says which
 * order to re-read; the same settlement as the browser's decides. 200 when settled or not ours,
 * 5xx only when PortOne (or the ledger) could not be reached, so PortOne's optional retries help.
 *
 * `PORTONE_V1_WEBHOOK_IPS` (PortOne's three documented senders by default, `*` for any) is checked
 * against `CF-Connecting-IP`: a hint that cuts noise, not authentication, since nothing a notice
 * says is trusted anyway.
 *
 * @example app.route("/api/webhooks", webhooksV1);
 */
export const webhooksV1 = new Hono<AppEnv>().post("/portone-v1", async (c) => {
  const config = readConfig(c.env);
  if (config.version !== "V1") {
    throw new ApiError("NOT_CONFIGURED", "The checkout is not configured for PortOne V1: set PORTONE_VERSION=V1.");
  }
  const { webhookIps } = config.v1;
  const from = c.req.header("CF-Connecting-IP") ?? "";
  if (webhookIps !== "*" && !webhookIps.includes(from)) {
    console.warn(JSON.stringify({ event: "webhook_v1_refused", reason: "SENDER_NOT_ALLOWED", from }));
    throw new ApiError("ORIGIN_NOT_ALLOWED", "This address may not send PortOne V1 notices.");
  }
  const merchantUid = await merchantUidOf(c.req.raw);
  const handled = await servicesOf(c).handleWebhookV1({ merchantUid });
  console.log(
    JSON.stringify({
      event: "webhook_v1_handled",
      merchantUid: merchantUid?.slice(0, 64),
      ...(handled.ok ? handled.value : handled.error),
    }),
  );
  if (!handled.ok) throw toApiError(handled.error);
  const body: WebhookAnswer = { ok: true, outcome: handled.value.outcome };
  return c.json(body);
});

/** `merchant_uid` from a JSON or form body; anything unreadable has none. */
async function merchantUidOf(request: Request): Promise<string | undefined> {
  const type = request.headers.get("Content-Type") ?? "";
  const raw = await request.text();
  let value: unknown;
  if (/application\/x-www-form-urlencoded/i.test(type)) value = new URLSearchParams(raw).get("merchant_uid");
  else {
    try {
      value = (JSON.parse(raw) as { merchant_uid?: unknown } | null)?.merchant_uid;
    } catch {
      // Not JSON: a notice we cannot read names no order.
    }
  }
  return typeof value === "string" ? value : undefined;
}

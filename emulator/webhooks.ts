/**
 * PortOne's webhooks as the emulator sends them: Standard Webhooks signatures (body version
 * 2024-04-25) and an outbox that keeps every webhook built, with its delivery attempts.
 */

/** The webhook types the emulator sends, named as PortOne does. */
export type WebhookType =
  | "Transaction.Ready"
  | "Transaction.Paid"
  | "Transaction.VirtualAccountIssued"
  | "Transaction.Failed"
  | "Transaction.PayPending"
  | "Transaction.Cancelled"
  | "Transaction.PartialCancelled";

/** The ids a transaction webhook carries (never amounts: receivers re-read the payment). */
export type WebhookData = {
  paymentId: string;
  storeId: string;
  transactionId: string;
  cancellationId?: string;
};

/** The headers of a signed webhook, lower-case as sent. */
export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  "content-type": string;
};

/** A webhook ready to send: its id, headers and the raw body the signature covers. */
export type SignedWebhook = { id: string; headers: WebhookHeaders; body: string };

/**
 * Signs `${id}.${timestamp}.${body}` with HMAC-SHA256 under the key base64-decoded from the
 * secret (after its `whsec_` prefix), as Standard Webhooks and PortOne do.
 *
 * @returns one `webhook-signature` entry, `v1,<base64>`.
 * @example
 * ```ts
 * const signature = await signWebhook(DEV_WEBHOOK_SECRET, "msg_1", 1735689600, rawBody);
 * const headers = { "webhook-id": "msg_1", "webhook-timestamp": "1735689600", "webhook-signature": signature };
 * ```
 */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number | string,
  body: string,
): Promise<string> {
  const base64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const keyBytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const message = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  return `v1,${btoa(String.fromCharCode(...signature))}`;
}

/**
 * Builds and signs a transaction webhook: body `{ type, timestamp, data }`, `webhook-timestamp`
 * in Unix seconds of `now`.
 *
 * @example
 * ```ts
 * const webhook = await buildWebhook({
 *   secret: DEV_WEBHOOK_SECRET, id: "msg_1", now: new Date(), type: "Transaction.Paid",
 *   data: { paymentId: "order1", storeId: "store-1", transactionId: "tx-1" },
 * });
 * await fetch(url, { method: "POST", headers: webhook.headers, body: webhook.body });
 * ```
 */
export async function buildWebhook(input: {
  secret: string;
  id: string;
  now: Date;
  type: WebhookType;
  data: WebhookData;
}): Promise<SignedWebhook> {
  const body = JSON.stringify({ type: input.type, timestamp: input.now.toISOString(), data: input.data });
  const timestamp = String(Math.floor(input.now.getTime() / 1000));
  return {
    id: input.id,
    body,
    headers: {
      "webhook-id": input.id,
      "webhook-timestamp": timestamp,
      "webhook-signature": await signWebhook(input.secret, input.id, timestamp, body),
      "content-type": "application/json",
    },
  };
}

/**
 * E-mail to the merchant's own address through Cloudflare's `send_email` binding (Email Routing).
 *
 * Limits: Cloudflare delivers only to addresses verified in Email Routing, from a domain on the
 * account; `wrangler dev` and the tests do not send (the binding writes the message to a local
 * file). A refusal by the binding (an unverified address) is not retried.
 *
 * @example const send = emailSender(env.NOTIFY_EMAIL, "shop@example.com", "me@example.com");
 */

import { EmailMessage } from "cloudflare:email";
import type { ChannelSender } from "../services/notify.ts";
import { mimeMessage } from "./notify-email-mime.ts";

export function emailSender(binding: SendEmail, from: string, to: string): ChannelSender {
  return async (message) => {
    const domain = from.split("@")[1] ?? "localhost";
    const raw = mimeMessage({ from, to }, message, new Date(), `${crypto.randomUUID()}@${domain}`);
    try {
      await binding.send(new EmailMessage(from, to, raw));
      return { ok: true };
    } catch (error) {
      return { ok: false, retry: false, error: `send_email: ${String(error)}` };
    }
  };
}

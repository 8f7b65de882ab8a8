import { type NotifyMessage, plainText } from "../services/notify-message.ts";

/**
 * A notification as a raw RFC 5322 message for Cloudflare's `send_email` binding: UTF-8 plain
 * text, base64 body, the subject encoded (RFC 2047) so Korean survives any mail server.
 * Pure: the date and the message id are parameters.
 *
 * @example mimeMessage({ from: "shop@example.com", to: "me@example.com" }, message, new Date(), "id@example.com")
 */
export function mimeMessage(
  addresses: { from: string; to: string },
  message: NotifyMessage,
  date: Date,
  messageId: string,
): string {
  const header = (value: string) => value.replace(/[\r\n]+/g, " ");
  return [
    `From: ${header(addresses.from)}`,
    `To: ${header(addresses.to)}`,
    `Subject: =?UTF-8?B?${base64(header(message.subject))}?=`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${header(messageId)}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    (base64(plainText(message)).match(/.{1,76}/g) ?? []).join("\r\n"),
    "",
  ].join("\r\n");
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The merchant's chat channels over HTTPS: Slack and Discord incoming webhooks, Telegram's Bot API.
 *
 * Limits these senders live with: each call waits at most `timeoutMs` (then it counts as a
 * time-out, retried); a 5xx, a 429 (its `Retry-After` honoured) or a network error is worth
 * retrying, any other 4xx is not (a wrong URL or token stays wrong). None of these APIs takes an
 * idempotency key, so a message whose answer was lost may arrive twice; the outbox's claim makes
 * sure two senders never send the same row.
 *
 * @example const send = slackSender("https://hooks.slack.com/services/...", 10_000);
 */

import type { ChannelSender, SendOutcome } from "../services/notify.ts";
import { type NotifyMessage, plainText } from "../services/notify-message.ts";

/** Slack incoming webhook: `{ text }`, with Slack's control characters escaped (no `<!channel>` from a buyer's name). */
export function slackSender(url: string, timeoutMs: number, fetcher: typeof fetch = fetch): ChannelSender {
  return (message) => post(fetcher, url, { text: slackEscape(plainText(message)) }, timeoutMs);
}

/** Discord webhook: `{ content }` (at most 2,000 characters), mentions disabled. */
export function discordSender(url: string, timeoutMs: number, fetcher: typeof fetch = fetch): ChannelSender {
  return (message) =>
    post(fetcher, url, { content: plainText(message).slice(0, 2000), allowed_mentions: { parse: [] } }, timeoutMs);
}

/** Telegram Bot API `sendMessage` to one chat, plain text (no parse mode, so nothing is interpreted). */
export function telegramSender(
  apiBase: string,
  token: string,
  chatId: string,
  timeoutMs: number,
  fetcher: typeof fetch = fetch,
): ChannelSender {
  const url = `${apiBase.replace(/\/+$/, "")}/bot${token}/sendMessage`;
  return (message: NotifyMessage) =>
    post(
      fetcher,
      url,
      { chat_id: chatId, text: plainText(message).slice(0, 4096), disable_web_page_preview: true },
      timeoutMs,
    );
}

async function post(fetcher: typeof fetch, url: string, body: unknown, timeoutMs: number): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error)?.name === "TimeoutError";
    return {
      ok: false,
      retry: true,
      error: timedOut ? `timed out after ${timeoutMs} ms` : `network: ${String(error)}`,
    };
  }
  if (response.ok) {
    await response.body?.cancel();
    return { ok: true };
  }
  const text = (await response.text().catch(() => "")).slice(0, 200);
  const error = `HTTP ${response.status}${text ? `: ${text}` : ""}`;
  if (response.status === 429) {
    const retryAfterMs = retryAfter(response.headers.get("retry-after"), text);
    return { ok: false, retry: true, error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  return { ok: false, retry: response.status >= 500 || response.status === 408, error };
}

/**
 * `Retry-After` in seconds or as an HTTP date, else Telegram's `parameters.retry_after`; at most a day.
 *
 * @example retryAfter("120", "") // 120000
 */
export function retryAfter(header: string | null, body: string, now = Date.now()): number | undefined {
  const cap = (ms: number) => Math.min(Math.max(0, ms), 24 * 60 * 60_000);
  if (header) {
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds)) return cap(seconds * 1000);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return cap(date - now);
  }
  try {
    const seconds = (JSON.parse(body) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    if (typeof seconds === "number") return cap(seconds * 1000);
  } catch {
    // Not JSON: no hint, the usual backoff applies.
  }
  return undefined;
}

/** Slack's `mrkdwn` control characters. */
export const slackEscape = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

import type { OrderTransition } from "./ports.ts";

/**
 * What the merchant is told about, as stored in `notification_deliveries.event`:
 * - `PAID`: a sale (a card payment, or a deposit into a virtual account) reported by the browser,
 *   PortOne's webhook or the merchant;
 * - `RECONCILED`: a sale found by scheduled work (reconciliation or expiry asking PortOne): the
 *   browser's report and every webhook were lost. It replaces `PAID` for that sale;
 * - `AWAITING_DEPOSIT`: a virtual account was issued;
 * - `CANCELLED`: refunded in full or cancelled (a partial refund keeps the order `PAID`: no message);
 * - `REJECTED`: the payment did not match the order (a tamper attempt); the detail names the check;
 * - `OVERSOLD`: a sale past what was on hand (`orders.oversold` set in the same batch), beside its
 *   `PAID` or `RECONCILED`.
 */
export const NOTIFY_EVENTS = ["PAID", "RECONCILED", "AWAITING_DEPOSIT", "CANCELLED", "REJECTED", "OVERSOLD"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Where messages go, in the order they are tried. */
export const NOTIFY_CHANNELS = ["slack", "discord", "telegram", "email"] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** Which channels are configured and which events the merchant wants (`NOTIFY_EVENTS`). */
export interface NotifyPlan {
  channels: readonly NotifyChannel[];
  events: ReadonlySet<NotifyEvent>;
}

/** No channel configured: nothing is written to the outbox. */
export const NO_NOTIFICATIONS: NotifyPlan = { channels: [], events: new Set() };

/**
 * The events a transition causes for certain (`OVERSOLD` is decided by the ledger in the same
 * batch, see {@link mayOversell}), before `NOTIFY_EVENTS` narrows them.
 *
 * @example eventsOf({ paymentId: "p", from: "PENDING", to: "PAID", at, cause: "SCHEDULE" }) // ["RECONCILED"]
 */
export function eventsOf(transition: Pick<OrderTransition, "to" | "cause">): NotifyEvent[] {
  switch (transition.to) {
    case "PAID":
      return [transition.cause === "SCHEDULE" ? "RECONCILED" : "PAID"];
    case "AWAITING_DEPOSIT":
    case "CANCELLED":
    case "REJECTED":
      return [transition.to];
    case "PENDING":
    case "FAILED":
      return [];
  }
}

/** Whether the transition may flag the order oversold (only a sale can). */
export const mayOversell = (transition: Pick<OrderTransition, "to">) => transition.to === "PAID";

/**
 * `NOTIFY_EVENTS`: a comma-separated list of event names; empty means all. Unknown names are
 * ignored (and logged), so a typo narrows rather than widens.
 *
 * @example parseEvents("PAID, REJECTED") // Set { "PAID", "REJECTED" }
 */
export function parseEvents(text: string): Set<NotifyEvent> {
  const names = text
    .split(",")
    .map((n) => n.trim().toUpperCase())
    .filter(Boolean);
  if (names.length === 0) return new Set(NOTIFY_EVENTS);
  const known = names.filter((n): n is NotifyEvent => (NOTIFY_EVENTS as readonly string[]).includes(n));
  if (known.length < names.length) {
    console.error(
      JSON.stringify({ event: "notify_events_unknown", names: names.filter((n) => !known.includes(n as NotifyEvent)) }),
    );
  }
  return new Set(known);
}

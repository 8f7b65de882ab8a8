/**
 * The order rate limit: how many new orders one client may create a minute, with Workers' own
 * rate-limiting binding (`[[ratelimits]]` in wrangler.toml, where the numbers are set). Every
 * `POST /api/orders` costs the merchant a KV write and a PortOne pre-registration, so a script
 * looping on it could spend a free-plan shop's 1,000 daily KV writes in minutes.
 *
 * A client is Cloudflare's view of the caller's address, an IPv6 address by its /64 (the admin
 * sign-in's {@link clientOf}). A shopper's retries are free: the same client sending the same
 * cart again within the minute (the element resends the identical body when an attempt fails,
 * and a shopper who closes PortOne's window and pays again sends the same cart) draws on a
 * budget of its own, never on the budget for new carts. `ORDER_REPLAY_MARKER` (1 per minute per
 * client and cart) is the memory of which carts were seen: its first call for a cart succeeds,
 * every later one in the window is refused, which is how a replay is told from a new cart without
 * a KV write.
 *
 * What the binding cannot promise: counts are kept per Cloudflare location and are approximate
 * (a few requests over the limit may pass, a client reaching two locations has two counters);
 * the window is 10 or 60 seconds, never a day; and it answers only yes or no, never how long to
 * wait, so `Retry-After` is the longest period the binding allows.
 */
import type { Context } from "hono";
import { clientOf } from "../admin/guard.ts";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./http-error.ts";

/** Seconds a refused client is told to wait: the binding's longest period, never too short. */
export const RETRY_AFTER_SECONDS = 60;

/** What the limit decided about one request. */
export type OrderLimitVerdict =
  /** `ORDER_RATE_LIMIT` is `off`. */
  | { allowed: true; counted: "OFF" }
  /** A cart this client has not sent this minute, within the budget for new carts. */
  | { allowed: true; counted: "NEW" }
  /** The same cart again, within the budget for retries. */
  | { allowed: true; counted: "REPLAY" }
  /** The binding threw: let the order through rather than stop the shop's sales. */
  | { allowed: true; counted: "UNAVAILABLE"; error: string }
  | { allowed: false; reason: "LIMITED"; replay: boolean }
  /** A binding is missing from wrangler.toml while the limit is on. */
  | { allowed: false; reason: "NOT_CONFIGURED"; missing: string[] };

/**
 * Whether the limit is on: only the exact value `off` (spaces trimmed) turns it off, for local
 * development, load tests and the bench; anything else, or nothing, leaves it on.
 *
 * @example orderRateLimitOn(env.ORDER_RATE_LIMIT); // true unless "off"
 */
export function orderRateLimitOn(value: unknown): boolean {
  return !(typeof value === "string" && value.trim() === "off");
}

/**
 * Counts one order creation of `client` for `cart` (the validated body), before any KV write
 * or PortOne call.
 *
 * @example
 * const verdict = await limitOrderCreation(env, "203.0.113.7", body);
 * if (!verdict.allowed) return refuse();
 */
export async function limitOrderCreation(env: Env, client: string, cart: unknown): Promise<OrderLimitVerdict> {
  if (!orderRateLimitOn(env.ORDER_RATE_LIMIT)) return { allowed: true, counted: "OFF" };
  const limiter: RateLimit | undefined = env.ORDER_RATE_LIMITER;
  const marker: RateLimit | undefined = env.ORDER_REPLAY_MARKER;
  if (!limiter || !marker) {
    const missing = [limiter ? "" : "ORDER_RATE_LIMITER", marker ? "" : "ORDER_REPLAY_MARKER"].filter(Boolean);
    return { allowed: false, reason: "NOT_CONFIGURED", missing };
  }
  try {
    const replay = !(await marker.limit({ key: `${client} ${await cartDigest(cart)}` })).success;
    // Retries have a budget of their own, so they never eat the shopper's budget for new carts;
    // a flood of one cart replayed is still bounded by it.
    const { success } = await limiter.limit({ key: replay ? `${client} replays` : client });
    if (!success) return { allowed: false, reason: "LIMITED", replay };
    return { allowed: true, counted: replay ? "REPLAY" : "NEW" };
  } catch (error) {
    return { allowed: true, counted: "UNAVAILABLE", error: String(error) };
  }
}

/**
 * Refuses `POST /api/orders` over the limit with 429 `TOO_MANY_REQUESTS` and `Retry-After`, or
 * with 503 `NOT_CONFIGURED` when the limit is on and its bindings are missing (fail closed: a
 * deploy without them would believe it is protected). Call it after validation, before the service.
 *
 * @example await refuseOverOrderLimit(c, c.req.valid("json"));
 */
export async function refuseOverOrderLimit(c: Context<AppEnv>, cart: unknown): Promise<void> {
  const verdict = await limitOrderCreation(
    c.env,
    clientOf((name) => c.req.header(name)),
    cart,
  );
  if (verdict.allowed) {
    // The client's address is personal data: it stays out of the log.
    if (verdict.counted === "UNAVAILABLE")
      console.error(JSON.stringify({ event: "order_rate_limit_unavailable", error: verdict.error }));
    return;
  }
  if (verdict.reason === "NOT_CONFIGURED") {
    throw new ApiError(
      "NOT_CONFIGURED",
      `The checkout is not configured: add the [[ratelimits]] binding ${verdict.missing.join(" and ")} to wrangler.toml, or set ORDER_RATE_LIMIT=off.`,
    );
  }
  console.warn(JSON.stringify({ event: "order_rate_limited", replay: verdict.replay }));
  throw new ApiError("TOO_MANY_REQUESTS", "Too many orders from this address. Try again in a minute.", {
    "Retry-After": String(RETRY_AFTER_SECONDS),
  });
}

/** A short SHA-256 of the cart as validated (so spacing or unknown fields make no new cart). */
async function cartDigest(cart: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(cart)));
  return [...new Uint8Array(digest, 0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

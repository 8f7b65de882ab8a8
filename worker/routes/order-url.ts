import type { Context } from "hono";
import type { PublicOrder } from "../../contract/index.ts";
import { orderLinkSecret } from "../compose.ts";
import { orderUrl } from "../shopper/order-link.ts";
import type { AppEnv } from "./env.ts";

/**
 * The shopper's answer with the link to their order page, when the merchant set
 * `ORDER_LINK_SECRET`; the link is on this worker's own origin.
 *
 * Without the secret the order comes back as it is, with no promise to wait on.
 *
 * @example return c.json(await withOrderUrl(c, order));
 */
export function withOrderUrl(c: Context<AppEnv>, order: PublicOrder): PublicOrder | Promise<PublicOrder> {
  const secret = orderLinkSecret(c.env);
  if (!secret) return order;
  return orderUrl(secret, new URL(c.req.url).origin, order.paymentId).then((url) => ({ ...order, orderUrl: url }));
}

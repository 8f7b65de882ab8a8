import type { Context } from "hono";
import type { PublicOrder } from "../../contract/index.ts";
import { orderLinkSecret } from "../compose.ts";
import { orderUrl } from "../shopper/order-link.ts";
import type { AppEnv } from "./env.ts";

/**
 * The shopper's answer with the link to their order page, when the merchant set
 * `ORDER_LINK_SECRET`; the link is on this worker's own origin.
 *
 * @example return c.json(await withOrderUrl(c, order));
 */
export async function withOrderUrl(c: Context<AppEnv>, order: PublicOrder): Promise<PublicOrder> {
  const secret = orderLinkSecret(c.env);
  if (!secret) return order;
  return { ...order, orderUrl: await orderUrl(secret, new URL(c.req.url).origin, order.paymentId) };
}

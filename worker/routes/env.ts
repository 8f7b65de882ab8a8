import type { Context } from "hono";
import { type Services, servicesFor } from "../compose.ts";
import { toApiError } from "./http-error.ts";

/** The Hono environment of this app: the bindings from wrangler.toml (types from `wrangler types`). */
export type AppEnv = { Bindings: Env };

/**
 * The services for this request's bindings (built once per `env`: `servicesFor`), or the
 * composition root's refusal (503 `NOT_CONFIGURED`).
 *
 * @example const created = await servicesOf(c).createOrder(input);
 */
export function servicesOf(c: Context<AppEnv>): Services {
  const built = servicesFor(c.env);
  if (!built.ok) throw toApiError(built.error);
  return built.value;
}

import type { Context } from "hono";
import type { Services } from "../compose.ts";
import type { Result } from "../domain/result.ts";
import type { ServiceError } from "../services/errors.ts";
import { toApiError } from "./http-error.ts";

/**
 * The Hono environment of this app: the bindings from wrangler.toml (types from `wrangler
 * types`) and the services the composition root built for this request.
 */
export type AppEnv = { Bindings: Env; Variables: { services: Result<Services, ServiceError> } };

/**
 * The services for this request, or the composition root's refusal (503 `NOT_CONFIGURED`).
 *
 * @example const created = await servicesOf(c).createOrder(input);
 */
export function servicesOf(c: Context<AppEnv>): Services {
  const built = c.get("services");
  if (!built.ok) throw toApiError(built.error);
  return built.value;
}

import type { Context } from "hono";
import { kvOrderStore } from "../adapters/kv-order-store.ts";
import { portOneGateway } from "../adapters/portone-gateway.ts";
import { type Config, missingForPayments, readConfig } from "../config.ts";
import { ApiError } from "../domain/errors.ts";
import type { ServiceDeps } from "../services/deps.ts";

/** The Hono environment of this app: bindings from wrangler.toml (types from `wrangler types`). */
export type AppEnv = { Bindings: Env; Variables: { config: Config } };

/**
 * The services' dependencies for one request. Refuses with 503 `NOT_CONFIGURED` when a
 * secret or id PortOne needs is missing: fail closed, never call PortOne half-configured.
 *
 * @example const deps = servicesFor(c);
 */
export function servicesFor(c: Context<AppEnv>): ServiceDeps {
  const config = c.get("config") ?? readConfig(c.env);
  const missing = missingForPayments(config);
  if (missing.length > 0) {
    throw new ApiError("NOT_CONFIGURED", `The checkout is not configured: set ${missing.join(", ")}.`);
  }
  return {
    store: kvOrderStore(c.env.CHECKOUT_KV),
    gateway: portOneGateway({ secret: config.apiSecret, baseUrl: config.apiBase, storeId: config.storeId, timeoutMs: config.timeoutMs }),
    config,
    now: () => new Date(),
  };
}

import { Hono } from "hono";
import { type AppEnv, servicesOf } from "./env.ts";
import { toApiError } from "./http-error.ts";

/**
 * `GET /api/catalog`: the products on sale and their prices, for the element to show before
 * anyone clicks. Cacheable for a minute, like the catalog itself at the edge.
 *
 * @example app.route("/api/catalog", catalog);
 */
export const catalog = new Hono<AppEnv>().get("/", async (c) => {
  const found = await servicesOf(c).getCatalog();
  if (!found.ok) throw toApiError(found.error);
  c.header("Cache-Control", "public, max-age=60");
  return c.json(found.value);
});

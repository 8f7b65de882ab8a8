import type { MiddlewareHandler } from "hono";
import { configOf } from "../config.ts";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./http-error.ts";

/** Whether a browser at `origin` may call the API: listed, `*`, or the worker's own origin. */
function isAllowed(origin: string, requestUrl: string, allowed: "*" | string[]): boolean {
  if (allowed === "*" || allowed.includes(origin)) return true;
  return origin === new URL(requestUrl).origin;
}

/** What a preflight is told, whoever asks: the methods and the one header the element sends. */
const PREFLIGHT = {
  "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  // Browsers cap this (Chromium: 2 h); a cached preflight saves a round trip before the payment window.
  "Access-Control-Max-Age": "7200",
  Vary: "Origin, Access-Control-Request-Headers",
} as const;

/**
 * CORS for the shopper-facing API, and the refusal of other sites. A preflight succeeds from any
 * origin, so a refused site's browser still sends the request and can read the refusal; actual
 * answers are granted only to the merchant's own origins (`ALLOWED_ORIGINS`). A browser call
 * from any other site is refused with 403 `ORIGIN_NOT_ALLOWED` before any storage or PortOne
 * call: CORS only hides answers, the refusal keeps other sites from creating orders. It carries
 * that origin's CORS grant, so the element can show it and the merchant reads which origin to add.
 *
 * The grant is set before the route runs, so it goes out with whatever answer the route or
 * `onError` builds, without copying that answer.
 *
 * @example app.use("/api/orders/*", shopperOrigin)
 */
export const shopperOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  if (c.req.method === "OPTIONS") {
    return c.body(null, 204, origin ? { ...PREFLIGHT, "Access-Control-Allow-Origin": origin } : PREFLIGHT);
  }
  c.header("Vary", "Origin");
  if (origin) {
    if (!isAllowed(origin, c.req.url, configOf(c.env).allowedOrigins)) {
      throw new ApiError(
        "ORIGIN_NOT_ALLOWED",
        `This site (${origin}) is not in ALLOWED_ORIGINS: add it to accept payments here.`,
        { "Access-Control-Allow-Origin": origin },
      );
    }
    c.header("Access-Control-Allow-Origin", origin);
  }
  await next();
  if (!c.res.headers.has("vary")) {
    // A route answered with a Response of its own, which did not take the headers set above.
    if (origin) c.header("Access-Control-Allow-Origin", origin);
    c.header("Vary", "Origin", { append: true });
  }
};

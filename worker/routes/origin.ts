import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { readConfig } from "../config.ts";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./http-error.ts";

/** Whether a browser at `origin` may call the API: listed, `*`, or the worker's own origin. */
function isAllowed(origin: string, requestUrl: string, allowed: "*" | string[]): boolean {
  if (allowed === "*") return true;
  if (origin === new URL(requestUrl).origin) return true;
  return allowed.includes(origin);
}

/**
 * CORS for the shopper-facing API. A preflight succeeds from any origin, so a refused site's
 * browser still sends the request and can read the refusal below; actual answers are granted
 * only to the merchant's own origins (`ALLOWED_ORIGINS`).
 *
 * @example app.use("/api/orders", shopperCors, refuseOtherOrigins)
 */
export const shopperCors: MiddlewareHandler<AppEnv> = cors({
  origin: (origin, c) =>
    c.req.method === "OPTIONS" || isAllowed(origin, c.req.url, readConfig(c.env).allowedOrigins) ? origin : null,
  allowMethods: ["GET", "POST", "OPTIONS"],
  allowHeaders: ["Content-Type"],
  // Browsers cap this (Chromium: 2 h); a cached preflight saves a round trip before the payment window.
  maxAge: 7200,
});

/**
 * Refuses a browser call from a site not in `ALLOWED_ORIGINS` with 403 `ORIGIN_NOT_ALLOWED`,
 * before any storage or PortOne call: CORS only hides answers, this keeps other sites from
 * creating orders. The refusal itself carries that origin's CORS grant, so the element can show
 * it and the merchant reads which origin to add.
 *
 * @example app.use("/api/orders", shopperCors, refuseOtherOrigins)
 */
export const refuseOtherOrigins: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  if (origin && !isAllowed(origin, c.req.url, readConfig(c.env).allowedOrigins)) {
    throw new ApiError(
      "ORIGIN_NOT_ALLOWED",
      `This site (${origin}) is not in ALLOWED_ORIGINS: add it to accept payments here.`,
      {
        "Access-Control-Allow-Origin": origin,
        Vary: "Origin",
      },
    );
  }
  await next();
};

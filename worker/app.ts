import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { readConfig } from "./config.ts";
import { ApiError } from "./domain/errors.ts";
import type { AppEnv } from "./routes/context.ts";
import { orders } from "./routes/orders.ts";
import { payments } from "./routes/payments.ts";
import { webhooks } from "./routes/webhooks.ts";

/** Request bodies larger than this are refused before they are read (413). */
export const MAX_BODY_BYTES = 8 * 1024;
/** PortOne's webhook bodies are ids only; this leaves ample room. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

const tooLarge = (): never => {
  throw new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.");
};

/**
 * The verifier. Routes parse and validate, call one service, and map its result to JSON;
 * every error leaves through `onError` as `{ code, message }`.
 *
 * @example export default app; // wrangler.toml: main = "worker/index.ts"
 */
export const app = new Hono<AppEnv>();

app.use("/api/*", async (c, next) => {
  c.set("config", readConfig(c.env));
  await next();
});

// Browsers may call the shopper-facing API only from the merchant's own origins.
const browserApi = ["/api/orders", "/api/orders/*", "/api/payments/*"];
for (const path of browserApi) {
  app.use(
    path,
    cors({
      origin: (origin, c) => (isAllowed(origin, c.req.url, c.get("config").allowedOrigins) ? origin : null),
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["Content-Type"],
      // Browsers cap this (Chromium: 2 h); a cached preflight saves a round trip before the payment window.
      maxAge: 7200,
    }),
    async (c, next) => {
      const origin = c.req.header("origin");
      // CORS only hides answers; refusing outright also keeps other sites from creating orders.
      if (origin && !isAllowed(origin, c.req.url, c.get("config").allowedOrigins)) {
        throw new ApiError("ORIGIN_NOT_ALLOWED", "This origin is not in ALLOWED_ORIGINS.");
      }
      await next();
    },
  );
}

app.use("/api/orders", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
app.use("/api/payments/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
app.use("/api/webhooks/*", bodyLimit({ maxSize: MAX_WEBHOOK_BYTES, onError: tooLarge }));

app.route("/api/orders", orders);
app.route("/api/payments", payments);
app.route("/api/webhooks", webhooks);

app.notFound(() => {
  throw new ApiError("NOT_FOUND", "No such endpoint.");
});

app.onError((error, c) => {
  if (error instanceof ApiError) return c.json({ code: error.code, message: error.message }, error.status);
  if (error instanceof HTTPException) {
    // Hono's own refusals: its JSON validator throws 400 on a body that is not JSON.
    const code = error.status === 413 ? "PAYLOAD_TOO_LARGE" : /json/i.test(error.message) ? "MALFORMED_JSON" : "INVALID_REQUEST";
    const e = new ApiError(code, code === "MALFORMED_JSON" ? "The body is not valid JSON." : error.message || "Bad request.");
    return c.json({ code: e.code, message: e.message }, e.status);
  }
  console.error(JSON.stringify({ event: "internal_error", path: c.req.path, error: String(error), stack: (error as Error)?.stack }));
  return c.json({ code: "INTERNAL_ERROR", message: "Something went wrong on our side. Nothing was charged twice: try again." }, 500);
});

/** Whether a browser at `origin` may call the API: listed, `*`, or the worker's own origin. */
export function isAllowed(origin: string, requestUrl: string, allowed: "*" | string[]): boolean {
  if (allowed === "*") return true;
  if (origin === new URL(requestUrl).origin) return true;
  return allowed.includes(origin);
}

import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { Hono } from "hono/quick";
import type { ApiErrorBody } from "../contract/index.ts";
import { adminApi } from "./admin/api.ts";
import { adminGuard } from "./admin/guard.ts";
import { adminPages } from "./admin/pages.ts";
import { catalog } from "./routes/catalog.ts";
import type { AppEnv } from "./routes/env.ts";
import { ApiError } from "./routes/http-error.ts";
import { orders } from "./routes/orders.ts";
import { shopperOrigin } from "./routes/origin.ts";
import { payments } from "./routes/payments.ts";
import { webhooks } from "./routes/webhooks.ts";
import { webhooksV1 } from "./routes/webhooks-v1.ts";
import { shopperPages } from "./shopper/pages.ts";

/** Request bodies larger than this are refused before they are read (413). */
const MAX_BODY_BYTES = 8 * 1024;
/** PortOne's webhook bodies are ids only; this leaves ample room. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/** Every endpoint and the methods it answers (`Allow` of a 405); HEAD comes with GET. */
const ENDPOINTS = {
  "/api/catalog": "GET, HEAD, OPTIONS",
  "/api/orders": "POST, OPTIONS",
  "/api/orders/:paymentId": "GET, HEAD, OPTIONS",
  "/api/payments/complete": "POST, OPTIONS",
  "/api/webhooks/portone": "POST",
  "/api/webhooks/portone-v1": "POST",
  "/api/admin/session": "POST, DELETE",
  "/api/admin/orders": "GET, HEAD",
  "/api/admin/orders.csv": "GET, HEAD",
  "/api/admin/orders/:paymentId": "GET, HEAD",
  "/api/admin/orders/:paymentId/fulfilment": "POST",
  "/api/admin/orders/:paymentId/refunds": "POST",
  "/api/admin/stock": "GET, HEAD",
  "/api/admin/stock/:productId": "POST",
} as const;

const tooLarge = (): never => {
  throw new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.");
};

/**
 * Refuses a body over `maxSize` bytes (413). A declared `Content-Length` is checked as it stands,
 * without touching the body; a chunked body is counted as it is read (Hono's `bodyLimit`). A GET
 * or HEAD body is never read by any route, so it is not looked at.
 */
function limitBody(maxSize: number): MiddlewareHandler {
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined) return counted(c, next);
    // A length that is not a plain count is refused like an oversized one, never waved through.
    const declared = length === "" ? 0 : Number(length);
    return Number.isSafeInteger(declared) && declared >= 0 && declared <= maxSize ? next() : tooLarge();
  };
}

/**
 * The verifier. Routes parse and validate, call one service, and map its result to JSON;
 * every error leaves through `onError` as `{ code, message }`.
 *
 * `hono/quick`: a linear router with no build step. The default RegExpRouter compiles every route
 * on an isolate's first request (2-4 ms of CPU, `npm run bench -- cpu`); matching our few dozen
 * routes linearly costs microseconds.
 *
 * @example export default app; // wrangler.toml: main = "worker/index.ts"
 */
export const app = new Hono<AppEnv>();

// The services come from the composition root through `servicesOf(c)`, once per env (compose.ts).

// `/api/orders/*` matches `/api/orders` itself too: each path gets the origin checks once.
for (const path of ["/api/catalog", "/api/orders/*", "/api/payments/*"]) app.use(path, shopperOrigin);

app.use("/api/orders", limitBody(MAX_BODY_BYTES));
app.use("/api/payments/*", limitBody(MAX_BODY_BYTES));
app.use("/api/webhooks/*", limitBody(MAX_WEBHOOK_BYTES));
app.use("/api/admin/*", limitBody(MAX_BODY_BYTES));
app.use("/admin/*", limitBody(MAX_BODY_BYTES));

// The back office: no CORS, a session or the admin token, state changes only from itself.
app.use("/api/admin/*", adminGuard({ open: ["/api/admin/session"] }));

app.route("/api/catalog", catalog);
app.route("/api/orders", orders);
app.route("/api/payments", payments);
app.route("/api/webhooks", webhooks);
app.route("/api/webhooks", webhooksV1);
app.route("/api/admin", adminApi);
app.route("/admin", adminPages);
app.route("/orders", shopperPages);

// Reached only when no route above answered the method: a known path, the wrong method.
for (const [path, allow] of Object.entries(ENDPOINTS)) {
  app.all(path, (c) => {
    throw new ApiError("METHOD_NOT_ALLOWED", `${c.req.method} is not allowed here: use ${allow}.`, { Allow: allow });
  });
}

app.notFound(() => {
  throw new ApiError("NOT_FOUND", "No such endpoint.");
});

app.onError((error, c) => {
  if (error instanceof ApiError) return c.json(error.body, error.status, error.headers);
  if (error instanceof HTTPException) {
    // Hono's own refusals: its JSON validator throws 400 on a body that is not JSON.
    const e =
      error.status === 413
        ? new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.")
        : /json/i.test(error.message)
          ? new ApiError("MALFORMED_JSON", "The body is not valid JSON.")
          : new ApiError("INVALID_REQUEST", error.message || "Bad request.");
    return c.json(e.body, e.status);
  }
  console.error(
    JSON.stringify({ event: "internal_error", path: c.req.path, error: String(error), stack: (error as Error)?.stack }),
  );
  const body: ApiErrorBody = {
    code: "INTERNAL_ERROR",
    message: "Something went wrong on our side. Nothing was charged twice: try again.",
  };
  return c.json(body, 500);
});

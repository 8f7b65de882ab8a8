import { sValidator } from "@hono/standard-validator";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./http-error.ts";

/**
 * Hono's Standard Schema validator with our error shape: the first issue becomes a
 * 400 `INVALID_REQUEST` with its path.
 *
 * @example app.post("/api/orders", json(CreateOrderSchema), (c) => c.req.valid("json"))
 */
export const json = <S extends StandardSchemaV1>(schema: S) =>
  sValidator("json", schema, (result) => {
    if (!result.success) throw new ApiError("INVALID_REQUEST", describe(result.error));
  });

/** @example app.get("/api/orders/:paymentId", param(schema)) */
export const param = <S extends StandardSchemaV1>(schema: S) =>
  sValidator("param", schema, (result) => {
    if (!result.success) throw new ApiError("INVALID_REQUEST", describe(result.error));
  });

function describe(issues: readonly StandardSchemaV1.Issue[]): string {
  const [first] = issues;
  if (!first) return "The request is invalid.";
  const path = (first.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p))).join(".");
  return path ? `${path}: ${first.message}` : first.message;
}

/**
 * JSON bodies only, sent as `application/json` or as `text/plain` holding JSON: the element sends
 * the latter, a CORS "simple" request, so a purchase pays no preflight round trip. That is safe
 * because the origin is checked before this (`refuseOtherOrigins`), whatever the content type:
 * another site's plain-text post is refused before any storage or PortOne call. A form post or
 * anything else gets a clear 415.
 *
 * @example app.post("/api/orders", requireJson, json(CreateOrderSchema), handler)
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  if (/^text\/plain\b/i.test(type)) {
    // Read on as JSON: the validator below parses it and answers MALFORMED_JSON if it is not.
    const headers = new Headers(c.req.raw.headers);
    headers.set("content-type", "application/json");
    c.req.raw = new Request(c.req.raw, { headers });
  } else if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the body as JSON (application/json, or text/plain holding JSON).",
    );
  }
  await next();
};

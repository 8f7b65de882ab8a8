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
 * JSON bodies only: a form post or text gets a clear 415 instead of a confusing validation error.
 *
 * @example app.post("/api/orders", requireJson, json(CreateOrderSchema), handler)
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  }
  await next();
};

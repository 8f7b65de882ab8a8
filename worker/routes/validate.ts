import { sValidator } from "@hono/standard-validator";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Env as HonoEnv, MiddlewareHandler } from "hono";
import { ApiError } from "./http-error.ts";

/**
 * The JSON body checked against `schema` (any Standard Schema), for `c.req.valid("json")`: a body
 * that is not JSON is a 400 `MALFORMED_JSON`, the first issue a 400 `INVALID_REQUEST` with its
 * path. Reads the body as JSON whatever its content type: put {@link requireJson} first, which
 * decides which types are taken.
 *
 * @example app.post("/api/orders", requireJson, json(CreateOrderSchema), (c) => c.req.valid("json"))
 */
export const json = <S extends StandardSchemaV1>(
  schema: S,
): MiddlewareHandler<
  HonoEnv,
  string,
  { in: { json: StandardSchemaV1.InferInput<S> }; out: { json: StandardSchemaV1.InferOutput<S> } }
> =>
  async function json(c, next) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ApiError("MALFORMED_JSON", "The body is not valid JSON.");
    }
    let result = schema["~standard"].validate(body);
    if (result instanceof Promise) result = await result;
    if (result.issues) throw new ApiError("INVALID_REQUEST", describe(result.issues));
    c.req.addValidatedData("json", result.value as object);
    await next();
  };

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
 * because the origin is checked before this (`shopperOrigin`), whatever the content type:
 * another site's plain-text post is refused before any storage or PortOne call. A form post or
 * anything else gets a clear 415.
 *
 * @example app.post("/api/orders", requireJson, json(CreateOrderSchema), handler)
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  // text/plain is read on as JSON: `json()` parses it and answers MALFORMED_JSON if it is not.
  if (!/^text\/plain\b/i.test(type) && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the body as JSON (application/json, or text/plain holding JSON).",
    );
  }
  await next();
};

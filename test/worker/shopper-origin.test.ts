import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { servicesFor } from "../../worker/compose.ts";
import { call, ORIGIN, seedCatalog } from "./support.ts";

const EVIL = "https://evil.example";

beforeAll(seedCatalog);

describe("CORS on the shopper API (one middleware, headers set before the route)", () => {
  it("answers a preflight with 204, the methods, Content-Type, a two-hour max age and Vary on Origin and the requested headers", async () => {
    const response = await call("/api/payments/complete", {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "access-control-allow-origin": ORIGIN,
      "access-control-allow-methods": "GET,POST,OPTIONS",
      "access-control-allow-headers": "Content-Type",
      "access-control-max-age": "7200",
      vary: "Origin, Access-Control-Request-Headers",
    });
  });

  it("grants an allowed origin on a refusal by validation with 400 INVALID_REQUEST, Vary: Origin once", async () => {
    const response = await call("/api/payments/complete", { method: "POST", headers: { origin: ORIGIN }, json: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("vary")).toBe("Origin");
  });

  it("refuses another origin on POST /api/orders with 403 ORIGIN_NOT_ALLOWED, its grant and Vary: Origin once", async () => {
    const response = await call("/api/orders", {
      method: "POST",
      headers: { origin: EVIL },
      json: { items: [{ productId: "mug", quantity: 1 }] },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBe(EVIL);
    expect(response.headers.get("vary")).toBe("Origin");
  });

  it("answers a call without Origin with Vary: Origin and no grant", async () => {
    const response = await call("/api/catalog");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("vary")).toBe("Origin");
  });
});

describe("body limits", () => {
  it("refuses a declared Content-Length over 8 KiB with 413 PAYLOAD_TOO_LARGE", async () => {
    const response = await call("/api/payments/complete", {
      method: "POST",
      headers: { origin: ORIGIN },
      json: { paymentId: "x".repeat(9000) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("refuses a streamed body without Content-Length over 8 KiB with 413 PAYLOAD_TOO_LARGE, counted as it is read", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ paymentId: "x".repeat(9000) }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const response = await call("/api/payments/complete", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("reads a streamed text/plain body under the limit as JSON and validates it with 400 INVALID_REQUEST", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{}"));
        controller.close();
      },
    });
    const response = await call("/api/payments/complete", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "text/plain;charset=UTF-8" },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
  });
});

describe("servicesFor", () => {
  it("builds the services once per env object and anew for another, so a test's overrides are never cached", () => {
    const first = servicesFor(env);
    expect(first.ok).toBe(true);
    expect(servicesFor(env)).toBe(first);
    expect(servicesFor({ ...env })).not.toBe(first);
    expect(servicesFor({ ...env, PORTONE_API_SECRET: "" })).toEqual({
      ok: false,
      error: { code: "NOT_CONFIGURED", missing: ["PORTONE_API_SECRET"] },
    });
  });
});

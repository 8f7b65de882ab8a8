/**
 * A diagnostic host for the bench: our worker's own Hono app (worker/app.ts, unchanged) served
 * by Node through @hono/node-server, with Workers KV replaced by an in-memory Map. Same code as
 * the worker, same runtime as the reference, so the gap between the two tells how much of the
 * difference is our code and how much is workerd + Miniflare's local KV. Not how the checkout
 * runs in production, and never part of the product.
 *
 * Environment: PORTONE_API_BASE, PORTONE_API_SECRET, PORTONE_STORE_ID, PORTONE_CHANNEL_KEY.
 *
 * @example
 * PORTONE_API_BASE=http://127.0.0.1:8790 PORTONE_API_SECRET=... node bench/node-host.ts
 */
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { loadCatalog } from "../scripts/catalog.ts";

type Fetch = (request: Request, env: unknown, ctx: unknown) => Response | Promise<Response>;

/** The part of a KV namespace the worker uses, over a Map of strings (values kept as text, as KV does). */
function memoryKv(data = new Map<string, string>()) {
  return {
    async get(key: string, options?: string | { type?: string }) {
      const value = data.get(key);
      if (value === undefined) return null;
      const type = typeof options === "string" ? options : options?.type;
      return type === "json" ? JSON.parse(value) : value;
    },
    async put(key: string, value: string) {
      data.set(key, String(value));
    },
    async delete(key: string) {
      data.delete(key);
    },
  };
}

// A variable specifier: the worker is type-checked with its own tsconfig (workerd's types).
const appModule = "../worker/app.ts";
const { app } = (await import(appModule)) as { app: { fetch: Fetch } };

const kv = memoryKv();
await kv.put("catalog", JSON.stringify(loadCatalog(fileURLToPath(new URL("../catalog.json", import.meta.url)))));
const env = {
  CHECKOUT_KV: kv,
  PORTONE_API_BASE: process.env.PORTONE_API_BASE ?? "",
  PORTONE_API_SECRET: process.env.PORTONE_API_SECRET ?? "",
  PORTONE_WEBHOOK_SECRET: process.env.PORTONE_WEBHOOK_SECRET ?? "",
  PORTONE_STORE_ID: process.env.PORTONE_STORE_ID ?? "",
  PORTONE_CHANNEL_KEY: process.env.PORTONE_CHANNEL_KEY ?? "",
  PORTONE_CHANNEL_KEYS: "",
  ALLOWED_ORIGINS: "",
  ALLOW_TEST_PAYMENTS: "true",
  PORTONE_TIMEOUT_MS: "15000",
};
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} };

const server = serve(
  { fetch: (request) => app.fetch(request, env, ctx), port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" },
  (info) => {
    console.log(`node host listening on http://127.0.0.1:${info.port}`);
  },
);
process.once("SIGTERM", () => server.close(() => process.exit(0)));

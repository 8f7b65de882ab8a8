/**
 * The bench's host of our worker's own Hono app (worker/app.ts, unchanged) served by Node through
 * @hono/node-server, with Workers KV and D1 replaced by the in-memory stand-ins of `stand-ins.ts`
 * (a Map of strings; SQLite in memory with the schema of `migrations/`), the same ones the
 * reference server stores its orders in. Same runtime and same store costs as the reference, so
 * the ratio between the two measures our code. Not how the checkout runs in production, and never
 * part of the product.
 *
 * Environment: PORTONE_API_BASE, PORTONE_API_SECRET, PORTONE_STORE_ID, PORTONE_CHANNEL_KEY.
 *
 * @example
 * PORTONE_API_BASE=http://127.0.0.1:8790 PORTONE_API_SECRET=... node bench/node-host.ts
 */
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { loadCatalog } from "../scripts/catalog.ts";
import { memoryD1, memoryKv, migrationsSql } from "./stand-ins.ts";

type Fetch = (request: Request, env: unknown, ctx: unknown) => Response | Promise<Response>;

/**
 * The runtime's own modules the worker imports, as Node stubs: `waitUntil` has nothing to extend
 * (the promise runs on by itself), and no email is ever sent from the bench.
 */
const RUNTIME_STUBS: Record<string, string> = {
  "cloudflare:workers": "export function waitUntil() {}",
  "cloudflare:email": "export class EmailMessage { constructor() { throw new Error('no email in the bench'); } }",
};
registerHooks({
  resolve(specifier, context, next) {
    const stub = RUNTIME_STUBS[specifier];
    if (stub !== undefined) return { url: `data:text/javascript,${encodeURIComponent(stub)}`, shortCircuit: true };
    return next(specifier, context);
  },
});

// A variable specifier: the worker is type-checked with its own tsconfig (workerd's types).
const appModule = "../worker/app.ts";
const { app } = (await import(appModule)) as { app: { fetch: Fetch } };

const kv = memoryKv();
await kv.put("catalog", JSON.stringify(loadCatalog(fileURLToPath(new URL("../catalog.json", import.meta.url)))));
const env = {
  CHECKOUT_KV: kv,
  CHECKOUT_DB: memoryD1(migrationsSql()),
  // A load test from one address: the order rate limit is off, as the bench's wrangler dev runs it.
  ORDER_RATE_LIMIT: "off",
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

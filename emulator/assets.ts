import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { cors } from "hono/cors";

const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");

/** The browser SDK stand-in and the pages' scripts and styles, read once at start-up. */
const FILES = {
  "/sdk/browser-sdk.js": { body: read("browser-sdk.js"), type: "text/javascript; charset=utf-8" },
  "/assets/window.js": { body: read("window.js"), type: "text/javascript; charset=utf-8" },
  "/assets/dashboard.js": { body: read("dashboard.js"), type: "text/javascript; charset=utf-8" },
  "/assets/emulator.css": { body: read("emulator.css"), type: "text/css; charset=utf-8" },
} as const;

/**
 * Serves `GET /sdk/browser-sdk.js` (load it before `@portone/browser-sdk` runs, and that package
 * uses it instead of PortOne's CDN) and the pages' assets, with CORS `*`.
 */
export function assetRoutes(): Hono {
  const routes = new Hono();
  const anyOrigin = cors({ origin: "*" });
  for (const [path, file] of Object.entries(FILES)) {
    routes.get(path, anyOrigin, (c) =>
      c.body(file.body, 200, { "content-type": file.type, "cache-control": "no-cache" }),
    );
  }
  return routes;
}

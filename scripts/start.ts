/**
 * `npm start`: builds the drop-in script, then starts the PortOne emulator, the worker
 * (wrangler dev, local KV) and the demo shop on another origin, seeds the catalog and prints
 * the URLs. With PORTONE_API_SECRET in .dev.vars it talks to the real PortOne instead.
 *
 * Refuses to start (one line) when a port it needs is taken or catalog.json is invalid. While it
 * runs, an edit to catalog.json is validated and pushed to local KV, or reported and ignored.
 * Ctrl-C, SIGTERM, a crashed `wrangler dev` or an error of its own stops everything (no stray
 * workerd).
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { readCatalogText } from "./catalog.ts";
import { assertPortsFree, type Stack, startStack } from "./stack.ts";
import { ROOT } from "./wrangler-env.ts";

const HELP = `Usage: npm start [-- --allow-origin <origin>]... [--catalog <file>]

  --allow-origin <origin>  also let this origin call the local worker (your own app, e.g.
                           http://localhost:5173); repeatable, or comma-separated; "*" for any.
                           Also read from ALLOWED_ORIGINS in .dev.vars or the environment.
  --catalog <file>         the catalog to serve (default catalog.json)

Ports: SHOP_PORT (8080), WORKER_PORT (8787), EMULATOR_PORT (8790).`;

const { values } = parseArgs({
  options: {
    "allow-origin": { type: "string", multiple: true },
    catalog: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = {
  workerPort: port("WORKER_PORT", 8787),
  emulatorPort: port("EMULATOR_PORT", 8790),
  shopPort: port("SHOP_PORT", 8080),
};
const catalogFile = resolve(ROOT, values.catalog ?? "catalog.json");

/** Prints one line and exits, before anything has started. */
const refuse = (message: string) => {
  console.error(message);
  process.exit(1);
};

// Checked before the build, so a second `npm start` says why at once instead of talking to the first.
try {
  readCatalogText(catalogFile);
  await assertPortsFree([
    { port: ports.workerPort, role: "the worker", variable: "WORKER_PORT" },
    { port: ports.emulatorPort, role: "the PortOne emulator", variable: "EMULATOR_PORT" },
    { port: ports.shopPort, role: "the demo shop", variable: "SHOP_PORT" },
  ]);
} catch (error) {
  refuse((error as Error).message);
}

const build = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const starting = new AbortController();
let stack: Stack | undefined;
let stopping = false;
/** Every way out comes here: stop all children, then exit with `code`. */
const shutdown = async (code: number, why?: string) => {
  if (stopping) return;
  stopping = true;
  if (why) console.error(why);
  console.log("\nstopping…");
  // While starting, the abort makes startStack stop what it has started before it rejects.
  starting.abort();
  await (stack ? stack.stop() : started.then((s) => s.stop()).catch(() => {}));
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));
process.on("uncaughtException", (error) => void shutdown(1, `npm start: ${error.stack ?? error.message}`));
process.on("unhandledRejection", (error) => void shutdown(1, `npm start: ${String(error)}`));

const started = startStack({
  ...ports,
  catalogFile,
  watchCatalog: true,
  allowedOrigins: [
    ...(process.env.ALLOWED_ORIGINS ? [process.env.ALLOWED_ORIGINS] : []),
    ...(values["allow-origin"] ?? []),
  ],
  signal: starting.signal,
  ...(process.env.PERSIST_TO ? { persistTo: process.env.PERSIST_TO } : {}),
  log: (line) => console.log(line),
});
started.then(
  (s) => {
    stack = s;
    void s.exited.then((why) => shutdown(1, why));
    console.log(`\nOpen the demo shop: ${s.shopUrl}\nPress Ctrl-C to stop.`);
  },
  (error: Error) => void shutdown(1, error.message),
);

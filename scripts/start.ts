/**
 * `npm start`: builds the drop-in script, then starts the PortOne emulator, the worker
 * (wrangler dev, local KV) and the demo shop on another origin, seeds the catalog and prints
 * the URLs. With PORTONE_API_SECRET in .dev.vars it talks to the real PortOne instead.
 * Ctrl-C stops everything (no stray workerd).
 */
import { spawnSync } from "node:child_process";
import { startStack } from "./stack.ts";
import { ROOT } from "./wrangler-env.ts";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const build = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const stack = await startStack({
  workerPort: port("WORKER_PORT", 8787),
  emulatorPort: port("EMULATOR_PORT", 8790),
  shopPort: port("SHOP_PORT", 8080),
  ...(process.env.PERSIST_TO ? { persistTo: process.env.PERSIST_TO } : {}),
  log: (line) => console.log(line),
});
console.log(`\nOpen the demo shop: ${stack.shopUrl}\nPress Ctrl-C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping…");
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

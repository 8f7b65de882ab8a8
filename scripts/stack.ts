/**
 * The whole local stack: the PortOne emulator, the worker under `wrangler dev` (local KV),
 * and the demo shop on its own origin. Used by `npm start`, the smoke test, the widget's
 * end-to-end tests and `npm run bench`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import {
  DEV_API_SECRET,
  DEV_V1_API_KEY,
  DEV_V1_API_SECRET,
  DEV_V1_IMP_CODE,
  DEV_WEBHOOK_SECRET,
} from "../emulator/dev-secrets.ts";
import { startEmulator } from "../emulator/server.ts";
import { pushCatalog } from "./catalog.ts";
import { applyMigrations } from "./migrations.ts";
import { startShop } from "./shop-server.ts";
import { QUIET_WRANGLER_ENV, ROOT, WRANGLER_BIN } from "./wrangler-env.ts";

export interface StackOptions {
  workerPort?: number;
  emulatorPort?: number;
  shopPort?: number;
  /** Where wrangler keeps local KV; each test run passes its own. */
  persistTo?: string;
  catalogFile?: string;
  /** Extra worker vars (e.g. PORTONE_TIMEOUT_MS). */
  vars?: Record<string, string>;
  /** Use the emulator even if .dev.vars holds real PortOne secrets. */
  forceEmulator?: boolean;
  log?: (line: string) => void;
}

/** The back office's token in development (`npm start` prints it); production sets its own secret. */
export const DEV_ADMIN_TOKEN = "dev-admin-token-not-a-secret-0000";
/** Signs the shoppers' order links in development. */
const DEV_ORDER_LINK_SECRET = "dev-order-link-secret-not-a-secret-00";

export interface Stack {
  /** The sale notifications the local inbox received (when no chat is configured), oldest first. */
  notifications: string[];
  /** The admin page and the token that signs in to it. */
  adminUrl: string;
  adminToken: string;
  workerUrl: string;
  shopUrl: string;
  emulatorUrl: string | null;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  // A port is free only until someone binds it; the OS may offer the one it just freed again, so
  // never hand out a port this process handed out recently (the worker's and its inspector's
  // ports are bound later, by wrangler).
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

const handedOut = new Set<number>();

/** A free port kept bound (so nobody else gets it) until `release()`. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  handedOut.add(port);
  let released: Promise<void> | undefined;
  return {
    port,
    release: () => (released ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

/** Reads `.dev.vars` (KEY=value lines) if present. */
export function readDevVars(): Record<string, string> {
  const file = join(ROOT, ".dev.vars");
  if (!existsSync(file)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (m?.[1] && m[2]) vars[m[1]] = m[2];
  }
  return vars;
}

/** The cron of `wrangler.toml`'s `[triggers]`, and how often `npm start` runs it locally. */
const CRON = "*/10 * * * *";
const SCHEDULED_EVERY_MS = 60_000;

/** Starts everything; resolves when the worker answers. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const devVars = readDevVars();
  const realPortOne = !options.forceEmulator && Boolean(devVars.PORTONE_API_SECRET);
  // Held open until wrangler starts, so the emulator and the inbox (which take any free port) and
  // the inspector cannot be given the worker's port meanwhile.
  const held = options.workerPort ? null : await holdPort();
  const workerPort = options.workerPort ?? (held as { port: number }).port;
  const shopPort = options.shopPort ?? (await freePort());
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const persistTo = options.persistTo ?? join(ROOT, ".wrangler", "state");
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  if (held) stops.push(() => held.release().catch(() => {}));

  try {
    let emulatorUrl: string | null = null;
    const version = (
      options.vars?.PORTONE_VERSION ??
      process.env.PORTONE_VERSION ??
      devVars.PORTONE_VERSION ??
      "V2"
    ).toUpperCase();
    const vars: Record<string, string> = {
      PORTONE_VERSION: version,
      ALLOW_TEST_PAYMENTS: "true",
      ADMIN_TOKEN: devVars.ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
      ORDER_LINK_SECRET: devVars.ORDER_LINK_SECRET ?? DEV_ORDER_LINK_SECRET,
      ...options.vars,
    };
    if (!realPortOne) {
      const emulator = await startEmulator({
        port: options.emulatorPort ?? 0,
        apiSecret: DEV_API_SECRET,
        webhookSecret: DEV_WEBHOOK_SECRET,
        webhookUrl: `${workerUrl}/api/webhooks/portone`,
        // PortOne V1 (iamport) beside V2: `PORTONE_VERSION=V1 npm start` runs the shop on it.
        v1WebhookUrl: `${workerUrl}/api/webhooks/portone-v1`,
      });
      stops.push(() => emulator.close());
      emulatorUrl = emulator.url;
      Object.assign(vars, {
        PORTONE_API_BASE: emulator.url,
        PORTONE_API_SECRET: DEV_API_SECRET,
        PORTONE_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET,
        PORTONE_STORE_ID: "store-demo-0000-emulator",
        PORTONE_CHANNEL_KEY: "channel-key-demo-card",
        PORTONE_V1_API_BASE: emulator.url,
        PORTONE_V1_API_KEY: DEV_V1_API_KEY,
        PORTONE_V1_API_SECRET: DEV_V1_API_SECRET,
        PORTONE_V1_IMP_CODE: DEV_V1_IMP_CODE,
        PORTONE_V1_CHANNEL_KEY: "channel-key-demo-v1",
        // The emulator's notices come from this machine, not PortOne's addresses.
        PORTONE_V1_WEBHOOK_IPS: "*",
        ...options.vars,
      });
      log(`PortOne emulator  ${emulator.url}  (dashboard: ${emulator.url}/)`);
    } else {
      log("PortOne: the real API (PORTONE_API_SECRET found in .dev.vars, test channels)");
    }

    // Sale notifications: with no chat configured in .dev.vars, a local inbox stands in for a
    // Slack webhook and prints each message, so the demo shows what the merchant would get.
    const notificationLog: string[] = [];
    const chatConfigured = ["NOTIFY_SLACK_WEBHOOK_URL", "NOTIFY_DISCORD_WEBHOOK_URL", "NOTIFY_TELEGRAM_BOT_TOKEN"].some(
      (name) => devVars[name],
    );
    if (!chatConfigured && !options.vars?.NOTIFY_SLACK_WEBHOOK_URL) {
      const inbox = await startInbox((text) => {
        notificationLog.push(text);
        log(`Notification      ${text.replace(/\s+/g, " ").slice(0, 300)}`);
      });
      stops.push(() => inbox.close());
      vars.NOTIFY_SLACK_WEBHOOK_URL = `${inbox.url}/slack`;
    }
    vars.PUBLIC_URL ??= devVars.PUBLIC_URL ?? workerUrl;

    const shop = await startShop({
      port: shopPort,
      workerUrl,
      emulatorUrl,
      catalogFile: options.catalogFile,
      version: version === "V1" ? "V1" : "V2",
    });
    stops.push(() => shop.close());
    vars.ALLOWED_ORIGINS = [shop.url, vars.ALLOWED_ORIGINS].filter(Boolean).join(",");

    // The ledger's tables first: the catalog push writes stock counts into them.
    await applyMigrations({ target: "local", persistTo });
    await pushCatalog({
      ...(options.catalogFile ? { file: options.catalogFile } : {}),
      target: "local",
      persistTo,
      log,
    });

    const inspectorPort = await freePort();
    const args = [
      WRANGLER_BIN,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(workerPort),
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      // Serves GET /__scheduled, which runs the worker's scheduled handler (below).
      "--test-scheduled",
      "--log-level",
      "warn",
      "--inspector-port",
      String(inspectorPort),
    ];
    for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
    await held?.release();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...QUIET_WRANGLER_ENV },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    stops.push(() => killTree(child));
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    await waitFor(`${workerUrl}/api/orders/ping`, child, () => output);
    // Cron triggers never fire under `wrangler dev`: run the scheduled work (reconciliation,
    // expiry, retention) once a minute, so the demo shows a sale whose webhook was lost settle.
    const scheduled = setInterval(() => {
      fetch(`${workerUrl}/__scheduled?cron=${encodeURIComponent(CRON)}`)
        .then((response) => response.body?.cancel())
        .catch(() => {});
    }, SCHEDULED_EVERY_MS);
    scheduled.unref();
    stops.push(() => clearInterval(scheduled));
    log(`Worker            ${workerUrl}  (drop-in script: ${workerUrl}/portone-checkout.js)`);
    log(`Demo shop         ${shop.url}`);
    log(`Admin             ${workerUrl}/admin  (token: ${vars.ADMIN_TOKEN})`);
    return {
      notifications: notificationLog,
      adminUrl: `${workerUrl}/admin`,
      adminToken: vars.ADMIN_TOKEN as string,
      workerUrl,
      shopUrl: shop.url,
      emulatorUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitFor(url: string, child: ChildProcess, output: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 404 || response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer at ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Stops wrangler and its workerd children (they share the detached process group). */
async function killTree(child: ChildProcess) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {}
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** A local stand-in for a Slack incoming webhook: every posted `{ text }` is handed to `onMessage`. */
async function startInbox(onMessage: (text: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      try {
        const text = (JSON.parse(body) as { text?: unknown }).text;
        if (typeof text === "string") onMessage(text);
      } catch {
        // Not a message: answered all the same, as Slack would refuse it without harm.
      }
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The whole local stack: the PortOne emulator, the worker under `wrangler dev` (local KV),
 * and the demo shop on its own origin. Used by `npm start`, the smoke test, the widget's
 * end-to-end tests and `npm run bench`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, unwatchFile, watchFile, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  DEV_API_SECRET,
  DEV_V1_API_KEY,
  DEV_V1_API_SECRET,
  DEV_V1_IMP_CODE,
  DEV_WEBHOOK_SECRET,
} from "../emulator/dev-secrets.ts";
import { startEmulator } from "../emulator/server.ts";
import { describeCatalogProblems, pushCatalog, readCatalogText } from "./catalog.ts";
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
  /**
   * Origins allowed to call the worker besides the demo shop's (a developer's own app), added to
   * `ALLOWED_ORIGINS` from `.dev.vars`; `*` allows any.
   */
  allowedOrigins?: string[];
  /**
   * Re-reads the catalog file when it changes: a valid edit is pushed to local KV, an invalid one
   * is reported and the stack keeps the last good catalog (`npm start`).
   */
  watchCatalog?: boolean;
  /** Aborting stops whatever has started so far and rejects (Ctrl-C while the stack comes up). */
  signal?: AbortSignal;
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
  /** Resolves with what happened if `wrangler dev` exits on its own (the stack is then stopped). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** Thrown when a port the stack needs is taken; its message is one line for the terminal. */
export class PortsInUseError extends Error {
  override name = "PortsInUseError";
}

/** A port the stack must bind, with what it is for and the variable that changes it. */
export interface NamedPort {
  port: number;
  role: string;
  variable: string;
}

/**
 * Refuses ports that are already taken (a stale `npm start` still holding the worker's port would
 * otherwise answer in its place), with one line naming each and how to change it.
 *
 * @example await assertPortsFree([{ port: 8787, role: "the worker", variable: "WORKER_PORT" }]);
 */
export async function assertPortsFree(ports: NamedPort[]): Promise<void> {
  const taken: NamedPort[] = [];
  for (const entry of ports) {
    if (entry.port === 0) continue;
    try {
      await (await holdPort(entry.port)).release();
    } catch {
      taken.push(entry);
    }
  }
  if (taken.length > 0) throw new PortsInUseError(portsInUseMessage(taken));
}

/** The one line `npm start` prints when its ports are taken. */
export function portsInUseMessage(taken: NamedPort[]): string {
  const list = taken.map((p) => `${p.port} (${p.role}, ${p.variable})`).join(", ");
  return `Port${taken.length > 1 ? "s" : ""} ${list} already in use: is another \`npm start\` still running? Stop it, or set ${taken.map((p) => p.variable).join("/")} to a free port.`;
}

/**
 * The worker's local `ALLOWED_ORIGINS`: the demo shop's origin, then any from `.dev.vars` and the
 * command line, without duplicates; `*` anywhere allows any origin.
 *
 * @example localAllowedOrigins("http://127.0.0.1:8080", "http://localhost:5173", ["http://localhost:3000"])
 */
export function localAllowedOrigins(shopUrl: string, devVarsOrigins = "", extra: string[] = []): string {
  const origins = [shopUrl, ...devVarsOrigins.split(","), ...extra.flatMap((o) => o.split(","))]
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
  if (origins.includes("*")) return "*";
  return [...new Set(origins)].join(",");
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

/** A port (any free one by default) kept bound, so nobody else gets it, until `release()`. */
async function holdPort(wanted = 0): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wanted, "127.0.0.1", () => resolve());
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
  const catalogFile = resolve(ROOT, options.catalogFile ?? "catalog.json");
  // A catalog that does not validate stops the start here, before anything runs.
  let goodCatalog = readCatalogText(catalogFile);
  // The worker's port is held until wrangler starts (a taken one is refused here), so the
  // emulator and the inbox (which take any free port) and the inspector cannot be given it.
  const held = await holdPort(options.workerPort ?? 0).catch(() => {
    throw new PortsInUseError(
      portsInUseMessage([{ port: options.workerPort ?? 0, role: "the worker", variable: "WORKER_PORT" }]),
    );
  });
  const workerPort = held.port;
  const shopPort = options.shopPort ?? (await freePort());
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const persistTo = options.persistTo ?? join(ROOT, ".wrangler", "state");
  const stops: (() => Promise<void> | void)[] = [() => held.release().catch(() => {})];
  // Idempotent, and safe to call while the start is still under way: each call waits for the
  // previous one, then runs the stops registered since, newest first, each exactly once.
  let stopped = Promise.resolve();
  const stop = () =>
    (stopped = stopped.then(async () => {
      for (let s = stops.pop(); s; s = stops.pop())
        await Promise.resolve()
          .then(s)
          .catch(() => {});
    }));
  const signal = options.signal;
  const stopOnAbort = () => void stop();
  signal?.addEventListener("abort", stopOnAbort, { once: true });
  const checkAborted = () => {
    if (signal?.aborted) throw new Error("stopped while starting");
  };
  let resolveExited: (reason: string) => void = () => {};
  const exited = new Promise<string>((r) => (resolveExited = r));

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
      // Off locally (every order comes from 127.0.0.1); `ORDER_RATE_LIMIT=on` in .dev.vars to try it.
      ORDER_RATE_LIMIT: devVars.ORDER_RATE_LIMIT ?? "off",
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
        // Beside the worker's local KV and D1: the dashboard keeps its payments across restarts,
        // and `rm -rf .wrangler/state` empties both.
        stateFile: join(persistTo, "portone-emulator.json"),
      });
      stops.push(() => emulator.close());
      checkAborted();
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
      checkAborted();
      vars.NOTIFY_SLACK_WEBHOOK_URL = `${inbox.url}/slack`;
    }
    vars.PUBLIC_URL ??= devVars.PUBLIC_URL ?? workerUrl;

    // The shop renders from a copy of the last catalog that validated, so a bad edit of the
    // merchant's file never reaches it (it re-reads the file on every page).
    const shownDir = mkdtempSync(join(tmpdir(), "portone-catalog-"));
    stops.push(() => rmSync(shownDir, { recursive: true, force: true }));
    const shownCatalog = join(shownDir, "catalog.json");
    writeFileSync(shownCatalog, goodCatalog);
    const shop = await startShop({
      port: shopPort,
      workerUrl,
      emulatorUrl,
      catalogFile: shownCatalog,
      version: version === "V1" ? "V1" : "V2",
    });
    stops.push(() => shop.close());
    checkAborted();
    vars.ALLOWED_ORIGINS = localAllowedOrigins(
      shop.url,
      [options.vars?.ALLOWED_ORIGINS, devVars.ALLOWED_ORIGINS].filter(Boolean).join(","),
      options.allowedOrigins,
    );

    // The ledger's tables first: the catalog push writes stock counts into them.
    await applyMigrations({ target: "local", persistTo });
    checkAborted();
    await pushCatalog({ file: shownCatalog, target: "local", persistTo, log });
    checkAborted();

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
    await held.release();
    // Its own process group (detached), so stopping it reaches workerd, which wrangler spawns.
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...QUIET_WRANGLER_ENV },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stopping = false;
    stops.push(() => {
      stopping = true;
      return killTree(child);
    });
    let output = "";
    child.stdout?.on("data", (d) => (output = (output + d).slice(-20_000)));
    child.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));
    await waitFor(`${workerUrl}/api/orders/ping`, child, () => output, signal);
    // Anything that ends wrangler but the stack's own stop is a crash: stop the rest with it.
    child.once("exit", (code, sig) => {
      if (stopping) return;
      resolveExited(
        `wrangler dev exited (${sig ?? `code ${code}`}):\n${output.trim().split("\n").slice(-20).join("\n")}`,
      );
      void stop();
    });
    if (child.exitCode !== null) child.emit("exit", child.exitCode, child.signalCode);
    // Cron triggers never fire under `wrangler dev`: run the scheduled work (reconciliation,
    // expiry, retention) once a minute, so the demo shows a sale whose webhook was lost settle.
    const scheduled = setInterval(() => {
      fetch(`${workerUrl}/__scheduled?cron=${encodeURIComponent(CRON)}`)
        .then((response) => response.body?.cancel())
        .catch(() => {});
    }, SCHEDULED_EVERY_MS);
    scheduled.unref();
    stops.push(() => clearInterval(scheduled));
    if (options.watchCatalog) {
      stops.push(
        watchCatalog(
          catalogFile,
          (text) => {
            goodCatalog = text;
            writeFileSync(shownCatalog, text);
            return pushCatalog({ file: shownCatalog, target: "local", persistTo, log }).then(() => {});
          },
          log,
        ),
      );
    }
    checkAborted();
    log(`Worker            ${workerUrl}  (drop-in script: ${workerUrl}/portone-checkout.js)`);
    log(`Demo shop         ${shop.url}`);
    log(`Admin             ${workerUrl}/admin  (token: ${vars.ADMIN_TOKEN})`);
    log(`Allowed origins   ${vars.ALLOWED_ORIGINS}`);
    return {
      notifications: notificationLog,
      adminUrl: `${workerUrl}/admin`,
      adminToken: vars.ADMIN_TOKEN as string,
      workerUrl,
      shopUrl: shop.url,
      emulatorUrl,
      exited,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    signal?.removeEventListener("abort", stopOnAbort);
  }
}

/**
 * Polls the catalog file; calls `apply` with its text after each edit that validates, and logs
 * what is wrong with one that does not (the last good catalog stays). Returns the stop function.
 */
function watchCatalog(file: string, apply: (text: string) => Promise<void>, log: (line: string) => void) {
  let last = readFileSync(file, "utf8");
  let queue = Promise.resolve();
  const check = () => {
    queue = queue.then(async () => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        return; // being replaced by an editor: the next poll sees the new file
      }
      if (text === last) return;
      last = text;
      const problems = describeCatalogProblems(text, file);
      if (problems) {
        log(`${problems}\n  The shop and the worker keep the last good catalog; fix the file to apply it.`);
        return;
      }
      try {
        await apply(text);
      } catch (error) {
        log(`catalog: could not push the edited catalog to local KV: ${(error as Error).message}`);
      }
    });
  };
  // Polling, not fs.watch: editors that save by renaming the file would end an fs.watch watcher.
  watchFile(file, { interval: 300 }, check);
  return async () => {
    unwatchFile(file, check);
    await queue;
  };
}

async function waitFor(
  url: string,
  child: ChildProcess,
  output: () => string,
  signal?: AbortSignal,
  timeoutMs = 90_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error("stopped while starting");
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

/**
 * Stops wrangler and its workerd children: they share the detached process group, which is
 * signalled even when wrangler itself has already gone (its workerd may outlive it).
 */
async function killTree(child: ChildProcess) {
  if (child.pid === undefined) return;
  const pgid = child.pid;
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false; // ESRCH: nobody left in the group
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    if (!signalGroup("SIGTERM")) child.kill("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  // Whatever of the group is still there (workerd, if wrangler went first) gets a moment, then SIGKILL.
  for (let i = 0; i < 20 && signalGroup("SIGTERM"); i++) await new Promise((r) => setTimeout(r, 100));
  signalGroup("SIGKILL");
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

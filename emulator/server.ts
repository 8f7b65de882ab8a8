import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createEmulator, type Emulator, type EmulatorOptions } from "./app.ts";
import { DEV_API_SECRET, DEV_WEBHOOK_SECRET } from "./dev-secrets.ts";

/** A listening emulator. */
export type RunningEmulator = {
  /** Its base URL, e.g. `http://127.0.0.1:8790` (no trailing slash). */
  url: string;
  port: number;
  emulator: Emulator;
  /** Stops webhook deliveries in flight (no more retries) and stops listening. */
  close(): Promise<void>;
};

/**
 * Serves an emulator over HTTP on `hostname` (default 127.0.0.1) and `port` (0: any free port).
 *
 * @example
 * ```ts
 * const running = await startEmulator({ apiSecret: DEV_API_SECRET, webhookSecret: DEV_WEBHOOK_SECRET, port: 0 });
 * const client = PaymentClient({ secret: DEV_API_SECRET, baseUrl: running.url });
 * await running.close();
 * ```
 */
export async function startEmulator(
  options: EmulatorOptions & { port?: number; hostname?: string },
): Promise<RunningEmulator> {
  const emulator = createEmulator(options);
  const hostname = options.hostname ?? "127.0.0.1";
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve(
        { fetch: emulator.app.fetch, port: options.port ?? 0, hostname, overrideGlobalObjects: false },
        (address) => resolve({ server, address }),
      );
      server.once("error", reject);
    },
  );
  const host = address.address.includes(":") ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    emulator,
    async close() {
      await emulator.stopWebhooks();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
    },
  };
}

/**
 * Where `npm run emulator` keeps its state (`EMULATOR_STATE_FILE`, `none`: memory only): beside
 * the worker's local KV and D1, so both survive a restart and `rm -rf .wrangler/state` clears both.
 */
export const DEFAULT_STATE_FILE = fileURLToPath(new URL("../.wrangler/state/portone-emulator.json", import.meta.url));

async function main(): Promise<void> {
  const env = process.env;
  const stateFile = env.EMULATOR_STATE_FILE === "none" ? undefined : env.EMULATOR_STATE_FILE || DEFAULT_STATE_FILE;
  const running = await startEmulator({
    ...(stateFile ? { stateFile } : {}),
    port: Number(env.EMULATOR_PORT ?? 8790),
    hostname: env.EMULATOR_HOST ?? "127.0.0.1",
    apiSecret: env.PORTONE_API_SECRET || DEV_API_SECRET,
    webhookSecret: env.PORTONE_WEBHOOK_SECRET || DEV_WEBHOOK_SECRET,
    ...(env.WEBHOOK_URL ? { webhookUrl: env.WEBHOOK_URL } : {}),
    ...(env.PORTONE_V1_API_KEY ? { v1ApiKey: env.PORTONE_V1_API_KEY } : {}),
    ...(env.PORTONE_V1_API_SECRET ? { v1ApiSecret: env.PORTONE_V1_API_SECRET } : {}),
    ...(env.V1_WEBHOOK_URL ? { v1WebhookUrl: env.V1_WEBHOOK_URL } : {}),
    ...(env.V1_WEBHOOK_CONTENT_TYPE === "form" ? { v1WebhookContentType: "form" as const } : {}),
  });
  console.log(`PortOne 에뮬레이터 · TEST listening on ${running.url}`);
  console.log(`  REST API:  ${running.url}/payments/{paymentId}   (Authorization: PortOne <secret>)`);
  console.log(`  SDK:       ${running.url}/sdk/browser-sdk.js`);
  console.log(`  V1 REST:   ${running.url}/payments/{imp_uid}   (POST /users/getToken first)`);
  console.log(`  V1 SDK:    ${running.url}/sdk/v1/iamport.js   (IMP.init("imp00000000"))`);
  console.log(`  Dashboard: ${running.url}/`);
  console.log(`  State:     ${stateFile ?? "memory only (EMULATOR_STATE_FILE=none): empty after a restart"}`);
  console.log(`  Webhooks:  ${env.WEBHOOK_URL || "(kept in the outbox: set WEBHOOK_URL to deliver)"}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the emulator`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

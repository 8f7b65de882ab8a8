/**
 * What the bench serves besides the stack: the reference server and the Node host of our
 * worker's code (child processes, so that their CPU time can be read on their own), and a
 * merchant page on its own origin that loads the drop-in script from the worker.
 *
 * @example
 * const reference = await startReference(emulatorUrl);
 * const page = await startMerchantPage(workerUrl);
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { DEV_API_SECRET } from "../emulator/dev-secrets.ts";

export const STORE_ID = "store-demo-0000-emulator";
export const CHANNEL_KEY = "channel-key-demo-card";

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs `script` with Node and resolves once it prints "listening on <url>". */
function startChild(script: string, env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 20_000);
    child.stderr.on("data", (d) => (output += d));
    child.stdout.on("data", (d) => {
      output += d;
      const url = /listening on (\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        pid: child.pid as number,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

const portOneEnv = (emulatorUrl: string) => ({
  PORT: "0",
  PORTONE_API_BASE: emulatorUrl,
  PORTONE_API_SECRET: DEV_API_SECRET,
  PORTONE_STORE_ID: STORE_ID,
  PORTONE_CHANNEL_KEY: CHANNEL_KEY,
});

/** Starts bench/reference/server.ts (PortOne's sample, in Express) against the emulator. */
export const startReference = (emulatorUrl: string) => startChild("./reference/server.ts", portOneEnv(emulatorUrl));

/** Starts bench/node-host.ts (our worker's app in Node, KV in memory) against the emulator. */
export const startNodeHost = (emulatorUrl: string) => startChild("./node-host.ts", portOneEnv(emulatorUrl));

/** A merchant's product page, as the README tells merchants to write it. */
export function merchantPage(workerUrl: string): string {
  return `<!doctype html>
<html lang="ko">
  <head>
    <meta charset="utf-8" />
    <title>Merchant page (bench)</title>
    <script src="${workerUrl}/portone-checkout.js"></script>
  </head>
  <body>
    <h1>화이트 머그</h1>
    <p>350 ml stoneware mug. The shopper reads this while the page loads the payment SDK.</p>
    <portone-checkout product="mug-white"></portone-checkout>
  </body>
</html>`;
}

/** Serves {@link merchantPage} on 127.0.0.1 (another origin than the worker's). */
export async function startMerchantPage(): Promise<{
  url: string;
  setWorker(url: string): void;
  stop(): Promise<void>;
}> {
  let workerUrl = "";
  const server = createServer((req, res) => {
    if (req.url !== "/") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(merchantPage(workerUrl));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setWorker: (url) => {
      workerUrl = url;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

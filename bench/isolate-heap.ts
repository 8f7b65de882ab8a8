/**
 * The worker isolate's own V8 heap under `wrangler dev`, read through wrangler's inspector
 * (`Runtime.getHeapUsage`, the DevTools protocol) and sampled while some work runs. Unlike the
 * workerd process's RSS, this leaves out Miniflare's D1 and KV simulators and the runtime: it is
 * the figure to hold against Workers' 128 MB per isolate.
 *
 * @example
 * const heap = await connectIsolateHeap(workerPort);
 * const sampling = heap.sample();
 * await work();
 * const { peakUsedBytes } = await sampling.stop();
 * heap.close();
 */
import { readFileSync } from "node:fs";
import { descendants } from "./cpu.ts";

/** The inspector port wrangler dev (serving `workerPort`) was started with. */
function inspectorPort(workerPort: number): number {
  for (const pid of descendants()) {
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue;
    }
    const port = /--inspector-port (\d+)/.exec(cmd)?.[1];
    if (port && cmd.includes(`--port ${workerPort} `)) return Number(port);
  }
  throw new Error(`no wrangler dev with an inspector port serves port ${workerPort}`);
}

/** The isolate's heap over a sampling window, in bytes. */
export interface HeapWindow {
  baselineUsedBytes: number;
  peakUsedBytes: number;
  /** V8's heap size (used and free pages it holds), at its largest. */
  peakTotalBytes: number;
  samples: number;
}

/** Connects to the worker's isolate; `sample()` reads its heap every `everyMs` until stopped. */
export async function connectIsolateHeap(workerPort: number) {
  const port = inspectorPort(workerPort);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error("wrangler's inspector lists no worker");
  // Wrangler's inspector proxy only accepts DevTools' origins.
  const ws = new WebSocket(url, { headers: { origin: "https://devtools.devprod.cloudflare.dev" } } as never);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error("the inspector refused the connection")), { once: true });
  });
  let id = 0;
  const pending = new Map<number, (result: { usedSize: number; totalSize: number }) => void>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: { usedSize: number; totalSize: number } };
    if (message.id !== undefined && message.result) pending.get(message.id)?.(message.result);
    if (message.id !== undefined) pending.delete(message.id);
  });
  const usage = () =>
    new Promise<{ usedSize: number; totalSize: number }>((resolve) => {
      const my = ++id;
      pending.set(my, resolve);
      ws.send(JSON.stringify({ id: my, method: "Runtime.getHeapUsage" }));
    });
  return {
    usage,
    sample(everyMs = 20) {
      let running = true;
      const window: HeapWindow = { baselineUsedBytes: 0, peakUsedBytes: 0, peakTotalBytes: 0, samples: 0 };
      const loop = (async () => {
        while (running) {
          const now = await usage();
          if (!window.samples) window.baselineUsedBytes = now.usedSize;
          window.peakUsedBytes = Math.max(window.peakUsedBytes, now.usedSize);
          window.peakTotalBytes = Math.max(window.peakTotalBytes, now.totalSize);
          window.samples++;
          await new Promise((r) => setTimeout(r, everyMs));
        }
      })();
      return {
        async stop(): Promise<HeapWindow> {
          running = false;
          await loop;
          return window;
        },
      };
    },
    close: () => ws.close(),
  };
}

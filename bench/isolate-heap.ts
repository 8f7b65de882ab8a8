/**
 * The worker isolate's own V8 heap under `wrangler dev`, read through wrangler's inspector
 * (`Runtime.getHeapUsage`, the DevTools protocol) and sampled while some work runs. Unlike the
 * workerd process's RSS, this leaves out Miniflare's D1 and KV simulators and the runtime: it is
 * the figure to hold against Workers' 128 MB per isolate.
 *
 * @example
 * const heap = await connectIsolateHeap(workerPort);
 * await heap.collectGarbage();
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
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.result ?? null);
    pending.delete(message.id);
  });
  // An answer that never comes (the isolate gone, a method workerd ignores) fails the figure, not the bench.
  const call = <T>(method: string) =>
    new Promise<T>((resolve, reject) => {
      const my = ++id;
      const timer = setTimeout(() => reject(new Error(`the inspector did not answer ${method}`)), 10_000);
      pending.set(my, (result) => {
        clearTimeout(timer);
        resolve(result as T);
      });
      ws.send(JSON.stringify({ id: my, method }));
    });
  const usage = () => call<{ usedSize: number; totalSize: number }>("Runtime.getHeapUsage");
  await call("HeapProfiler.enable");
  /**
   * A full garbage collection in the isolate, so that what is left is what is still referenced.
   * workerd runs it only when the isolate next has work, so a cheap request (a 404) gives it some.
   */
  const collectGarbage = async () => {
    let done = false;
    const collected = call<null>("HeapProfiler.collectGarbage").finally(() => (done = true));
    while (!done) {
      await (await fetch(`http://127.0.0.1:${workerPort}/api/orders/ping`)).arrayBuffer();
      await Promise.race([collected, new Promise((r) => setTimeout(r, 20))]);
    }
    await collected;
  };
  return {
    usage,
    collectGarbage,
    /** With `live`, every sample first collects garbage: slower, but the peak is of live objects only. */
    sample(everyMs = 20, live = false) {
      let running = true;
      const window: HeapWindow = { baselineUsedBytes: 0, peakUsedBytes: 0, peakTotalBytes: 0, samples: 0 };
      const loop = (async () => {
        while (running) {
          const now = await (live ? collectGarbage() : Promise.resolve()).then(usage).catch(() => null);
          if (!now) break;
          if (!window.samples) window.baselineUsedBytes = now.usedSize;
          window.peakUsedBytes = Math.max(window.peakUsedBytes, now.usedSize);
          window.peakTotalBytes = Math.max(window.peakTotalBytes, now.totalSize);
          window.samples++;
          await new Promise((r) => setTimeout(r, everyMs));
        }
      })();
      return {
        async stop(): Promise<HeapWindow | null> {
          running = false;
          await loop;
          return window.samples ? window : null;
        },
      };
    },
    close: () => ws.close(),
  };
}

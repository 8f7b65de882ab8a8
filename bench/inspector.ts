/**
 * A DevTools-protocol session with the worker's isolate under `wrangler dev`, through wrangler's
 * inspector proxy (`--inspector-port`). workerd allows one session per isolate and wrangler's
 * proxy holds it, so the bench talks through the proxy rather than to workerd's own inspector.
 *
 * @example
 * const session = await connectInspector(inspectorPort);
 * await session.call("Profiler.enable");
 * session.close();
 */

/** One DevTools session: commands with answers, and the events the isolate sends. */
export interface InspectorSession {
  call<T = unknown>(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  close(): void;
}

/** Waits until wrangler's inspector lists the worker, then connects to it. */
export async function connectInspector(inspectorPort: number, waitMs = 60_000): Promise<InspectorSession> {
  const until = Date.now() + waitMs;
  let url: string | undefined;
  while (!url) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
        webSocketDebuggerUrl?: string;
      }[];
      url = targets[0]?.webSocketDebuggerUrl;
    } catch {
      // Not listening yet.
    }
    if (!url) {
      if (Date.now() > until) throw new Error(`wrangler's inspector on port ${inspectorPort} lists no worker`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Wrangler's inspector proxy only accepts DevTools' origins.
  const ws = new WebSocket(url, { headers: { origin: "https://devtools.devprod.cloudflare.dev" } } as never);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error("the inspector refused the connection")), { once: true });
  });
  let id = 0;
  const pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message?: string } };
    if (message.id === undefined) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(`inspector: ${message.error.message ?? "error"}`));
    else waiting?.resolve(message.result ?? null);
  });
  return {
    call<T>(method: string, params?: Record<string, unknown>, timeoutMs = 30_000) {
      return new Promise<T>((resolve, reject) => {
        const my = ++id;
        const timer = setTimeout(() => {
          pending.delete(my);
          reject(new Error(`the inspector did not answer ${method}`));
        }, timeoutMs);
        pending.set(my, {
          resolve: (result) => {
            clearTimeout(timer);
            resolve(result as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        ws.send(JSON.stringify({ id: my, method, ...(params ? { params } : {}) }));
      });
    },
    close: () => ws.close(),
  };
}

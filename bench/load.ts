/**
 * One load run with autocannon, in a child process of its own so the load generator never
 * shares an event loop with the emulator (which runs inside the bench process).
 *
 * Each request's body is the next one of `bodies`, round robin. Latencies are kept per
 * request (autocannon's own histogram rounds to whole milliseconds) and reduced to percentiles.
 *
 * @example
 * const result = await runLoad({ url, path: "/api/payments/complete", bodies, connections: 10, duration: 5 });
 * console.log(result.rps, result.latency.p99, result.non2xx);
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { quantile } from "./stats.ts";

export interface LoadSpec {
  /** Origin of the server, e.g. http://127.0.0.1:8787 */
  url: string;
  path: string;
  /** Paths sent in turn instead of `path` (e.g. one GET per order). */
  paths?: string[];
  method?: "GET" | "POST";
  /** JSON bodies, sent in turn (ignored for GET). */
  bodies: string[];
  connections: number;
  /** Seconds to run; or `amount` requests in all. */
  duration?: number;
  amount?: number;
  /** A JSON field to collect from every 2xx answer (e.g. the new order's paymentId). */
  capture?: string;
}

export interface LoadResult {
  connections: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  /** Answers per second over the whole run. */
  rps: number;
  /** Milliseconds, from every answer. */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  captured: string[];
  /** The first few non-2xx answers, to say what went wrong. */
  failures: string[];
}

/** Runs `spec` in a child process and resolves with its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${out.slice(0, 500)}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(JSON.stringify(spec));
  });
}

async function generate(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const captured: string[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration ?? 5 }),
    timeout: 30,
    requests: [
      {
        method: spec.method ?? "POST",
        path: spec.path,
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const i = next++;
          const path = spec.paths ? (spec.paths[i % spec.paths.length] as string) : spec.path;
          return spec.method === "GET"
            ? { ...request, path }
            : { ...request, path, body: spec.bodies[i % spec.bodies.length] as string };
        },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300) {
            if (spec.capture) {
              const value = (JSON.parse(body) as Record<string, unknown>)[spec.capture];
              if (typeof value === "string") captured.push(value);
            }
          } else if (failures.length < 5) failures.push(`${status} ${body.slice(0, 200)}`);
        },
      },
    ],
  });
  let lastAnswerAt = started;
  instance.on("response", (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
    lastAnswerAt = performance.now();
  });
  const result = await new Promise<Result>((resolve) => instance.on("done", resolve));
  // From the start to the last answer: autocannon's own duration only ends on its 1 s tick.
  const seconds = (lastAnswerAt - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const answered = result["2xx"] + result.non2xx;
  return {
    connections: spec.connections,
    requests: answered,
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: seconds,
    rps: answered / seconds,
    latency: {
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1) ?? Number.NaN,
      mean: sorted.reduce((s, v) => s + v, 0) / (sorted.length || Number.NaN),
    },
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    captured,
    failures,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  process.stdout.write(JSON.stringify(await generate(JSON.parse(input) as LoadSpec)));
}

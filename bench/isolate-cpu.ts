/**
 * Our worker's own CPU time per request, inside local workerd: V8's CPU profiler on the worker's
 * isolate (through wrangler's inspector), each request's samples picked by the window the bench
 * timed it in (bench/cpu-profile.ts says why a sample is the isolate's CPU and nothing else's).
 * Miniflare's KV, D1 and entry workers run in other isolates, so they leave no samples; the
 * figures are "isolate CPU under local workerd on this machine", not what Cloudflare bills.
 *
 * - Warm: one stack; per kind of request, a few warm-ups, then `requests` sent one at a time,
 *   each window running from its request being sent to the next one (so work the worker does
 *   after answering, `waitUntil`, counts).
 * - First request after start: per kind, a fresh `wrangler dev` (the stack's own command line,
 *   other ports, a copy of its local state), the profiler started before anything reaches the
 *   isolate, then one request. Module evaluation happens at start-up, before it.
 * - Validation: a fixture worker (bench/cpu-burn.js) that burns a fixed loop per request; the
 *   profiler's extra CPU per request is held against the extra CPU of the workerd process read
 *   from /proc, which counts everything.
 *
 * @example
 * const figures = await benchIsolateCpu({ stack, allowedOrigin, requests: 60, coldRuns: 3, log });
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { CreatedOrder, CreateOrderRequest } from "../contract/index.ts";
import { DEV_WEBHOOK_SECRET } from "../emulator/dev-secrets.ts";
import { buildWebhook } from "../emulator/webhooks.ts";
import { freePort } from "../scripts/stack.ts";
import { QUIET_WRANGLER_ENV, ROOT, WRANGLER_BIN } from "../scripts/wrangler-env.ts";
import { paymentRequest } from "../widget/payment-request.ts";
import { descendants } from "./cpu.ts";
import {
  type CpuProfile,
  cpuPerWindow,
  type Hotspot,
  hotspots,
  monotonicUs,
  tickSpacingUs,
  type Window,
  type WindowCpu,
} from "./cpu-profile.ts";
import { connectInspector, type InspectorSession } from "./inspector.ts";
import { rounded, summarize } from "./stats.ts";

/** The kinds of request measured, in the order they run. */
export const KINDS = {
  preflight: "CORS preflight (OPTIONS /api/orders)",
  refused: "refused: another site's POST /api/orders (403)",
  create: "order creation (POST /api/orders, 201)",
  completeFirst: "completion, first (POST /api/payments/complete, settles)",
  completeRepeat: "completion, repeat (already PAID)",
  webhook: "webhook Transaction.Paid (settles the order)",
  adminList: "admin list (GET /api/admin/orders)",
} as const;
export type Kind = keyof typeof KINDS;

/** The goals of issue 12, warm p50 in ms (first request after start: 5 ms for every kind). */
export const WARM_GOAL_MS: Partial<Record<Kind, number>> = {
  preflight: 0.5,
  refused: 0.5,
  create: 1.5,
  completeFirst: 1.5,
  completeRepeat: 1.5,
};
export const FIRST_REQUEST_GOAL_MS = 5;

const FOREIGN_ORIGIN = "https://another-shop.example";
const STORE_ID = "store-demo-0000-emulator";
const ORDER_BODY = JSON.stringify({
  items: [{ productId: "mug-white", quantity: 1 }],
  payMethod: "CARD",
} satisfies CreateOrderRequest);

export interface IsolateCpuOptions {
  workerUrl: string;
  emulatorUrl: string;
  adminToken: string;
  /** An origin in the stack's ALLOWED_ORIGINS. */
  allowedOrigin: string;
  /** The stack's local state directory (copied for each fresh start). */
  persistTo: string;
  requests: number;
  warmups: number;
  /** Fresh starts per kind for the first request after start (0: not measured). */
  coldRuns: number;
  /** V8's sampling interval, µs. */
  intervalUs: number;
  log: (line: string) => void;
}

interface Paid {
  paymentId: string;
  txId: string;
}

/** One request of a kind, as a fetch; `ok` says whether the answer is the expected one. */
type Send = (base: string) => Promise<{ ok: boolean; status: number }>;

type Senders = Record<Kind, (i: number) => Send> & { paymentOf(kind: Kind, i: number): string };

function senders(o: IsolateCpuOptions, paid: { first: Paid[]; webhook: Paid[] }): Senders {
  const text = (origin: string, body: string) => ({
    method: "POST",
    headers: { origin, "content-type": "text/plain;charset=UTF-8" },
    body,
  });
  const expect = (status: number, init: RequestInit, path: string) => async (base: string) => {
    const response = await fetch(base + path, init);
    await response.arrayBuffer();
    return { ok: response.status === status, status: response.status };
  };
  const nth = (list: Paid[], i: number) => list[i % list.length] as Paid;
  return {
    paymentOf: (kind, i) => nth(kind === "webhook" ? paid.webhook : paid.first, i).paymentId,
    preflight: () =>
      expect(
        204,
        {
          method: "OPTIONS",
          headers: {
            origin: o.allowedOrigin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
          },
        },
        "/api/orders",
      ),
    refused: () => expect(403, text(FOREIGN_ORIGIN, ORDER_BODY), "/api/orders"),
    create: () => expect(201, text(o.allowedOrigin, ORDER_BODY), "/api/orders"),
    completeFirst: (i) =>
      expect(
        200,
        text(o.allowedOrigin, JSON.stringify({ paymentId: nth(paid.first, i).paymentId })),
        "/api/payments/complete",
      ),
    completeRepeat: (i) =>
      expect(
        200,
        text(o.allowedOrigin, JSON.stringify({ paymentId: nth(paid.first, i).paymentId })),
        "/api/payments/complete",
      ),
    webhook: (i) => async (base) => {
      const p = nth(paid.webhook, i);
      const webhook = await buildWebhook({
        secret: DEV_WEBHOOK_SECRET,
        id: `msg_bench_${p.paymentId}`,
        now: new Date(),
        type: "Transaction.Paid",
        data: { paymentId: p.paymentId, storeId: STORE_ID, transactionId: p.txId },
      });
      const response = await fetch(`${base}/api/webhooks/portone`, {
        method: "POST",
        headers: webhook.headers,
        body: webhook.body,
      });
      await response.arrayBuffer();
      return { ok: response.ok, status: response.status };
    },
    adminList: () =>
      expect(200, { headers: { authorization: `Bearer ${o.adminToken}` } }, "/api/admin/orders?limit=50"),
  };
}

/** An order created on the worker and paid in the emulator (webhooks held back), not yet settled. */
async function paidOrder(o: IsolateCpuOptions): Promise<Paid> {
  const created = await fetch(`${o.workerUrl}/api/orders`, {
    method: "POST",
    headers: { origin: o.allowedOrigin, "content-type": "text/plain;charset=UTF-8" },
    body: ORDER_BODY,
  });
  if (created.status !== 201) throw new Error(`order not created: ${created.status} ${await created.text()}`);
  const order = (await created.json()) as CreatedOrder;
  const request = paymentRequest(order, { redirectUrl: `${o.emulatorUrl}/` });
  const response = await fetch(`${o.emulatorUrl}/_emulator/payments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...request, outcome: "PAID", channelType: "LIVE" }),
  });
  const answer = (await response.json()) as { code?: string; txId?: string };
  if (!response.ok || answer.code) throw new Error(`emulator refused: ${response.status} ${JSON.stringify(answer)}`);
  return { paymentId: order.paymentId, txId: answer.txId ?? "" };
}

/** An order's status, read through the admin API (outside every measured window). */
async function statusOf(o: IsolateCpuOptions, paymentId: string): Promise<string> {
  const response = await fetch(`${o.workerUrl}/api/admin/orders/${encodeURIComponent(paymentId)}`, {
    headers: { authorization: `Bearer ${o.adminToken}` },
  });
  const body = (await response.json().catch(() => ({}))) as { status?: string; order?: { status?: string } };
  return body.status ?? body.order?.status ?? `HTTP ${response.status}`;
}

/** Per-request CPU of one kind, in ms. */
export interface KindFigures {
  kind: Kind;
  label: string;
  requests: number;
  /** Total isolate CPU per request. */
  ms: ReturnType<typeof rounded>;
  /** Medians of the parts. */
  jsMs: number | null;
  gcMs: number | null;
  programMs: number | null;
  /** Answers that were not the expected status (must be 0). */
  wrong: number;
  /** First completions and webhooks left out: their order was settled by reconciliation before. */
  settledBefore?: number;
}

/** The whole section for results.json. */
export interface IsolateCpuResults {
  how: string;
  intervalUs: number;
  /** The ticks' usual spacing, µs (median over the warm profiles). */
  tickSpacingUs: number;
  /** Profile clock against this process's: the profile's start minus the bench's reading before Profiler.start (µs). */
  clockSkewUs: number;
  warm: KindFigures[];
  first: {
    kind: Kind;
    label: string;
    runs: number;
    ms: ReturnType<typeof rounded>;
    wrong: number;
    /** Where the first request's time went, summed over its runs, ms per request. */
    self: HotspotRow[];
    total: HotspotRow[];
  }[];
  validation: BurnValidation | { error: string };
  /** Top places by self and total time, per kind (warm), mapped to the sources. */
  hotspots: { kind: Kind; windowMs: number; self: HotspotRow[]; total: HotspotRow[] }[];
  checks: { name: string; ok: boolean; detail: string }[];
}

export interface HotspotRow {
  where: string;
  selfMsPerRequest: number;
  totalMsPerRequest: number;
}

const figures = (kind: Kind, cpu: WindowCpu[], wrong: number): KindFigures => {
  const ms = (us: number[]) => summarize(us.map((u) => u / 1000));
  const med = (values: number[]) => rounded(ms(values), 3).median;
  return {
    kind,
    label: KINDS[kind],
    requests: cpu.length,
    ms: rounded(ms(cpu.map((c) => c.totalUs)), 3),
    jsMs: med(cpu.map((c) => c.jsUs)),
    gcMs: med(cpu.map((c) => c.gcUs)),
    programMs: med(cpu.map((c) => c.programUs)),
    wrong,
  };
};

/** Starts V8's profiler on a session; `stop()` answers the profile and the clock skew. */
async function profile(session: InspectorSession, intervalUs: number) {
  // Wrangler's proxy turns the debugger and network reporting on whenever it (re)connects to a
  // new isolate while a DevTools client is attached; production has neither.
  for (const domain of ["Debugger", "Network"]) await session.call(`${domain}.disable`).catch(() => {});
  await session.call("Profiler.enable");
  await session.call("Profiler.setSamplingInterval", { interval: intervalUs });
  const before = monotonicUs();
  await session.call("Profiler.start");
  return {
    before,
    /** Null when the isolate was replaced meanwhile (wrangler reloads when a file under worker/ changes). */
    async stop() {
      const answer = await session.call<{ profile?: CpuProfile } | null>("Profiler.stop", undefined, 120_000);
      const profile = answer?.profile;
      return profile ? { profile, skewUs: profile.startTime - before } : null;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The args of the `wrangler dev` serving `workerPort` (from /proc), to start another like it. */
function wranglerArgs(workerPort: number): string[] {
  for (const pid of descendants()) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
      continue;
    }
    const port = args.indexOf("--port");
    if (args.includes("dev") && port > 0 && args[port + 1] === String(workerPort) && args.includes("--inspector-port"))
      return args.slice(1);
  }
  throw new Error(`no wrangler dev serves port ${workerPort}`);
}

const withArg = (args: string[], name: string, value: string) => {
  const out = [...args];
  out[out.indexOf(name) + 1] = value;
  return out;
};

/** A wrangler dev started by the bench, stopped with its whole process group. */
function startWrangler(
  args: string[],
  cwd: string,
): { child: ChildProcess; output: () => string; stop(): Promise<void> } {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...QUIET_WRANGLER_ENV },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), "SIGKILL");
        } catch {}
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The bundle is minified: a short name is replaced by the one declared on the source line the
 * frame maps to (`function money(`, `const plainText =`, `listOrders(`), when there is one.
 */
function originalName(name: string, source: string, line: number): string {
  if (name.length > 3 && !name.startsWith("#")) return name;
  let text = "";
  try {
    text = readFileSync(join(ROOT, source), "utf8").split("\n")[line - 1] ?? "";
  } catch {
    return name;
  }
  const declared =
    /(?:function\*?\s+|(?:const|let|var)\s+|^\s*(?:export\s+)?(?:async\s+)?(?:static\s+)?(?:get\s+|set\s+)?#?)([A-Za-z_$][\w$]*)\s*(?:=|\(|:|<)/.exec(
      text,
    )?.[1];
  return declared && !["if", "for", "while", "switch", "return", "catch"].includes(declared) ? declared : name;
}

/** Names a profile frame by its source file and line, through the bundle's source map. */
function sourceLocator(): (frame: CpuProfile["nodes"][number]["callFrame"]) => string {
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (url: string): SourceMap | null => {
    if (maps.has(url)) return maps.get(url) ?? null;
    let file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (!existsSync(file)) {
      // Wrangler names the module by its path in its bundle directory: find the newest one.
      const tmp = join(ROOT, ".wrangler", "tmp");
      const name = file.split("/").at(-1) ?? "";
      const candidates = existsSync(tmp)
        ? readdirSync(tmp)
            .map((d) => join(tmp, d, name))
            .filter((f) => existsSync(f) && existsSync(`${f}.map`))
            .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
        : [];
      file = candidates[0] ?? file;
    }
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {}
    maps.set(url, map);
    dirs.set(url, dirname(file));
    return map;
  };
  const dirs = new Map<string, string>();
  return (frame) => {
    const name = frame.functionName || "(anonymous)";
    // V8's own entries ((program), (garbage collector), (idle), (root)) and workerd's built-ins have no script.
    if (!frame.url) return name;
    const map = mapFor(frame.url);
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
      | { originalSource?: string; originalLine?: number }
      | undefined;
    if (entry?.originalSource) {
      let source = entry.originalSource;
      if (source.startsWith("file://")) source = fileURLToPath(source);
      else source = join(dirs.get(frame.url) ?? ROOT, source);
      source = relative(ROOT, source);
      const line = (entry.originalLine ?? 0) + 1;
      return `${originalName(name, source, line)} ${source}:${line}`;
    }
    return `${name} ${frame.url.split("/").at(-1)}:${frame.lineNumber + 1}`;
  };
}

/** A frame of the worker's own code or of a library it bundles (not wrangler's, not workerd's). */
const ourCode = (where: string) =>
  where.includes(" worker/") || (where.includes("node_modules/") && !where.includes("node_modules/wrangler/"));

/** Warm per-request CPU of every kind, one profile per kind. */
async function measureWarm(
  o: IsolateCpuOptions,
  session: InspectorSession,
  sendersFor: (kind: Kind) => Promise<Senders>,
  locate: ReturnType<typeof sourceLocator>,
) {
  const warm: KindFigures[] = [];
  const spots: IsolateCpuResults["hotspots"] = [];
  let skew = 0;
  const spacings: number[] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) {
    let measured: { p: CpuProfile; windows: Window[]; wrong: number; settledBefore: number } | null = null;
    for (let attempt = 1; !measured; attempt++) {
      const send = await sendersFor(kind);
      // Warm-ups of this kind use their own items (a first completion must meet an unsettled order).
      for (let i = 0; i < o.warmups; i++) await send[kind](o.requests + i)(o.workerUrl);
      const run = await profile(session, o.intervalUs);
      const windows: Window[] = [];
      let wrong = 0;
      let settledBefore = 0;
      for (let i = 0; i < o.requests; i++) {
        // A first completion or webhook must meet an unsettled order: npm start's once-a-minute
        // reconciliation may have settled it meanwhile (such a request is left out, and counted).
        if (
          (kind === "completeFirst" || kind === "webhook") &&
          (await statusOf(o, send.paymentOf(kind, i))) !== "PENDING"
        ) {
          settledBefore++;
          continue;
        }
        const start = monotonicUs();
        const answer = await send[kind](i)(o.workerUrl);
        if (!answer.ok) wrong++;
        // Time for work after the answer (waitUntil) to finish inside this request's window.
        await sleep(15);
        windows.push({ start, end: monotonicUs() });
      }
      const stopped = await run.stop();
      if (stopped) {
        skew = stopped.skewUs;
        measured = { p: stopped.profile, windows, wrong, settledBefore };
      } else if (attempt >= 3) throw new Error(`the worker reloaded during every attempt at ${kind}`);
      else o.log(`  isolate cpu ${kind}: the worker reloaded (a file under worker/ changed), measuring again`);
    }
    const { p, windows, wrong, settledBefore } = measured;
    spacings.push(tickSpacingUs(p, o.intervalUs));
    const cpu = cpuPerWindow(p, windows, o.intervalUs);
    const f = { ...figures(kind, cpu, wrong), settledBefore };
    warm.push(f);
    const top = hotspots(p, windows, o.intervalUs, locate);
    const row = (h: Hotspot): HotspotRow => ({
      where: h.where,
      selfMsPerRequest: Math.round((h.selfUs / windows.length / 1000) * 1000) / 1000,
      totalMsPerRequest: Math.round((h.totalUs / windows.length / 1000) * 1000) / 1000,
    });
    spots.push({
      kind,
      windowMs: Math.round(top.windowUs / 10) / 100,
      self: top.self.slice(0, 12).map(row),
      total: top.total
        .filter((h) => ourCode(h.where))
        .slice(0, 25)
        .map(row),
    });
    o.log(
      `  isolate cpu ${kind.padEnd(15)} p50 ${f.ms.median?.toFixed(3)} ms [${f.ms.min?.toFixed(3)}–${f.ms.max?.toFixed(3)}], p90 ${f.ms.p90?.toFixed(3)}${wrong ? `, ${wrong} wrong answers` : ""}`,
    );
  }
  return { warm, spots, skew, spacingUs: summarize(spacings).median };
}

/** The first request on a fresh isolate, `runs` times per kind. */
async function measureFirst(
  o: IsolateCpuOptions,
  send: Senders,
  fresh: () => Promise<Senders>,
  locate: ReturnType<typeof sourceLocator>,
) {
  const base = wranglerArgs(Number(new URL(o.workerUrl).port));
  const first: IsolateCpuResults["first"] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const totals: number[] = [];
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let wrong = 0;
    let attempts = 0;
    for (let run = 0; run < o.coldRuns && attempts++ < 3 * o.coldRuns; run++) {
      // A fresh unsettled order for the kinds that settle one, copied with the state at once.
      const sender = kind === "completeFirst" || kind === "webhook" ? await fresh() : send;
      const state = mkdtempSync(join(tmpdir(), "portone-bench-cold-"));
      cpSync(o.persistTo, state, { recursive: true });
      if (sender !== send && (await statusOf(o, sender.paymentOf(kind, 0))) !== "PENDING") {
        rmSync(state, { recursive: true, force: true });
        run--;
        continue;
      }
      const port = await freePort();
      const inspectorPort = await freePort();
      let args = withArg(base, "--port", String(port));
      args = withArg(args, "--inspector-port", String(inspectorPort));
      args = withArg(args, "--persist-to", state);
      const wrangler = startWrangler(args, ROOT);
      try {
        const session = await connectInspector(inspectorPort);
        try {
          const p = await profile(session, o.intervalUs);
          const start = monotonicUs();
          const answer = await sender[kind](0)(`http://127.0.0.1:${port}`);
          if (!answer.ok) wrong++;
          await sleep(300);
          const end = monotonicUs();
          const stopped = await p.stop();
          if (!stopped) {
            o.log(`  first request ${kind}: the worker reloaded (a file under worker/ changed), measuring again`);
            run--;
            continue;
          }
          totals.push((cpuPerWindow(stopped.profile, [{ start, end }], o.intervalUs)[0] as WindowCpu).totalUs / 1000);
          const top = hotspots(stopped.profile, [{ start, end }], o.intervalUs, locate);
          for (const h of top.self) self.set(h.where, (self.get(h.where) ?? 0) + h.selfUs);
          for (const h of top.total) total.set(h.where, (total.get(h.where) ?? 0) + h.totalUs);
        } finally {
          session.close();
        }
      } catch (error) {
        throw new Error(`fresh start for ${kind}: ${(error as Error).message}\n${wrangler.output().slice(-2000)}`);
      } finally {
        await wrangler.stop();
        rmSync(state, { recursive: true, force: true });
      }
    }
    const s = rounded(summarize(totals), 3);
    const rows = (
      m: Map<string, number>,
      key: "selfMsPerRequest" | "totalMsPerRequest",
      keep: (w: string) => boolean,
    ) =>
      [...m.entries()]
        .filter(([w]) => keep(w))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([where, us]) => {
          const other = key === "selfMsPerRequest" ? total.get(where) : self.get(where);
          const perRequest = (v: number) => Math.round(v / Math.max(1, totals.length)) / 1000;
          return {
            where,
            selfMsPerRequest: perRequest(key === "selfMsPerRequest" ? us : (other ?? 0)),
            totalMsPerRequest: perRequest(key === "totalMsPerRequest" ? us : (other ?? 0)),
          };
        });
    first.push({
      kind,
      label: KINDS[kind],
      runs: totals.length,
      ms: s,
      wrong,
      self: rows(self, "selfMsPerRequest", () => true),
      total: rows(total, "totalMsPerRequest", ourCode),
    });
    o.log(
      `  first request ${kind.padEnd(15)} median ${s.median?.toFixed(3)} ms [${s.min?.toFixed(3)}–${s.max?.toFixed(3)}]`,
    );
  }
  return first;
}

/** The validation against a known burn: the profiler's extra CPU against /proc's. */
export interface BurnValidation {
  requests: number;
  loops: number;
  profilerMsPerRequest: { idle: number; burn: number; extra: number };
  /** CPU of workerd's main thread, which runs our isolate, Miniflare's entry worker and the HTTP; no profiler on. */
  threadMsPerRequest: { idle: number; burn: number; extra: number };
  /** The same with the profiler on: the difference is the profiler's own cost (its signal handler). */
  threadProfiledMsPerRequest: { idle: number; burn: number; extra: number };
  /** profiler extra / thread extra (without the profiler): the loop's cost as the profiler sees it. */
  ratio: number;
}

const BURN_WORKER = fileURLToPath(new URL("./cpu-burn.js", import.meta.url));
/** Loop turns per request: about 2 ms of isolate CPU on this kind of machine. */
const BURN_LOOPS = 2_000_000;

/** utime + stime of one thread of a process, ms (NaN when gone). */
function threadCpuMs(pid: number, tid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = 100;

/**
 * Runs the burn fixture under its own wrangler dev: passes without and with the loop, first with
 * the profiler off (the CPU of workerd's main thread, the isolate's thread, from /proc in 10 ms
 * ticks, hence many requests: the loop's true cost), then on (the profiler's figure). The loop's
 * cost is the difference between the passes in each.
 */
async function validate(o: IsolateCpuOptions, requests: number): Promise<BurnValidation> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "portone-bench-burn-"));
  const wrangler = startWrangler(
    [
      WRANGLER_BIN,
      "dev",
      BURN_WORKER,
      "--name",
      "cpu-burn",
      "--compatibility-date",
      "2025-09-01",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    cwd,
  );
  try {
    const session = await connectInspector(inspectorPort);
    const url = `http://127.0.0.1:${port}`;
    const workerd = () => {
      const pids = descendants(wrangler.child.pid).filter((pid) => {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
        return /workerd\S*\s+serve/.test(cmd) && !cmd.includes(`entry=127.0.0.1:${port}`);
      });
      if (pids.length !== 1) throw new Error(`expected one workerd running the burn worker, found ${pids.length}`);
      return pids[0] as number;
    };
    // Per pass, the CPU of workerd's main thread; with `profiled`, also the profiler's figure.
    const pass = async (n: number, profiled: boolean) => {
      for (let i = 0; i < 20; i++) await (await fetch(`${url}/?n=${n}`)).arrayBuffer();
      const pid = workerd();
      const p = profiled ? await profile(session, o.intervalUs) : null;
      const cpuBefore = threadCpuMs(pid, pid);
      const start = monotonicUs();
      for (let i = 0; i < requests; i++) {
        const response = await fetch(`${url}/?n=${n}`);
        if (!response.ok) throw new Error(`burn worker answered ${response.status}`);
        await response.arrayBuffer();
      }
      const end = monotonicUs();
      const cpuAfter = threadCpuMs(pid, pid);
      let profiledMs = Number.NaN;
      if (p) {
        const stopped = await p.stop();
        if (!stopped) throw new Error("the burn worker's isolate was replaced during the pass");
        profiledMs = (cpuPerWindow(stopped.profile, [{ start, end }], o.intervalUs)[0] as WindowCpu).totalUs / 1000;
      }
      return { profiler: profiledMs / requests, thread: (cpuAfter - cpuBefore) / requests };
    };
    const idle = await pass(0, false);
    const burn = await pass(BURN_LOOPS, false);
    const idleProfiled = await pass(0, true);
    const burnProfiled = await pass(BURN_LOOPS, true);
    session.close();
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    const loop = { profiler: burnProfiled.profiler - idleProfiled.profiler, thread: burn.thread - idle.thread };
    return {
      requests,
      loops: BURN_LOOPS,
      profilerMsPerRequest: {
        idle: r3(idleProfiled.profiler),
        burn: r3(burnProfiled.profiler),
        extra: r3(loop.profiler),
      },
      threadMsPerRequest: { idle: r3(idle.thread), burn: r3(burn.thread), extra: r3(loop.thread) },
      threadProfiledMsPerRequest: {
        idle: r3(idleProfiled.thread),
        burn: r3(burnProfiled.thread),
        extra: r3(burnProfiled.thread - idleProfiled.thread),
      },
      ratio: Math.round((loop.profiler / loop.thread) * 100) / 100,
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${wrangler.output().slice(-2000)}`);
  } finally {
    await wrangler.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Warm figures, first requests after start, the burn validation and the hotspots. */
export async function benchIsolateCpu(o: IsolateCpuOptions): Promise<IsolateCpuResults> {
  const count = o.requests + o.warmups;
  const prepare = async (n: number) => {
    const list: Paid[] = [];
    for (let i = 0; i < n; i++) list.push(await paidOrder(o));
    return list;
  };
  // Orders paid in the emulator, prepared just before the kind that settles them.
  let firstPaid: Paid[] = [];
  const sendersFor = async (kind: Kind) => {
    if (kind === "completeFirst") firstPaid = await prepare(count);
    const webhook = kind === "webhook" ? await prepare(count) : [];
    return senders(o, { first: firstPaid, webhook });
  };
  const locate = sourceLocator();
  const args = wranglerArgs(Number(new URL(o.workerUrl).port));
  const session = await connectInspector(Number(args[args.indexOf("--inspector-port") + 1]));
  let warmRun: Awaited<ReturnType<typeof measureWarm>>;
  try {
    warmRun = await measureWarm(o, session, sendersFor, locate);
  } finally {
    session.close();
  }
  // Fresh starts work on a copy of the state: a repeat completion meets an order the warm runs
  // settled; a first completion and a webhook a new order paid in the emulator just before.
  const firstRequests = o.coldRuns
    ? await measureFirst(
        o,
        senders(o, { first: firstPaid, webhook: [] }),
        async () => {
          const unsettled = await paidOrder(o);
          return senders(o, { first: [unsettled], webhook: [unsettled] });
        },
        locate,
      )
    : [];
  let validation: IsolateCpuResults["validation"];
  try {
    validation = await validate(o, 200);
    o.log(
      `  validation: a loop adds ${validation.profilerMsPerRequest.extra} ms per request by the profiler, ${validation.threadMsPerRequest.extra} ms by /proc for workerd's main thread (ratio ${validation.ratio})`,
    );
  } catch (error) {
    validation = { error: (error as Error).message.split("\n")[0] ?? String(error) };
    o.log(`  validation failed: ${validation.error}`);
  }
  const checks = [
    ...warmRun.warm.map((f) => ({
      name: `warm ${f.kind}: every answer as expected`,
      ok: f.wrong === 0,
      detail: `${f.wrong} of ${f.requests} not`,
    })),
    ...firstRequests.map((f) => ({
      name: `first request ${f.kind}: answer as expected`,
      ok: f.wrong === 0,
      detail: `${f.wrong} of ${f.runs} not`,
    })),
  ];
  return {
    how: HOW,
    intervalUs: o.intervalUs,
    tickSpacingUs: Math.round(warmRun.spacingUs),
    clockSkewUs: warmRun.skew,
    warm: warmRun.warm,
    first: firstRequests,
    validation,
    hotspots: warmRun.spots,
    checks,
  };
}

export const HOW =
  "Isolate CPU under local workerd on this machine, not what Cloudflare bills. V8's CPU profiler on the worker's isolate, through wrangler dev's inspector (the DevTools protocol): workerd runs an isolate only under its lock, and V8's sampler drops every tick that finds the isolate unlocked, so the samples are our isolate's own CPU (our JavaScript and the libraries', V8's garbage collector, workerd's C++ inside the lock) and never Miniflare's KV, D1 or entry workers, which are other isolates. " +
  "Each request's samples are those timed between its sending and the next request's (the worker's work after answering included); the profiler's clock is the bench's (CLOCK_MONOTONIC). " +
  "Warm: a few warm-ups, then requests one at a time. First request after start: a fresh wrangler dev per run (a copy of the stack's state), the profiler on before anything reaches the isolate; module evaluation happens at start-up, before it. " +
  "Validated against a fixture worker that burns a fixed loop: the CPU the profiler adds per request is held against what /proc adds for workerd's main thread, which runs the isolate. " +
  "wrangler dev keeps an inspector session on the isolate (console output goes through it), which makes console calls dearer than in production.";

/**
 * `npm run size`: bytes of the drop-in script, its on-demand views (the virtual-account panel
 * and the receipt), the ESM build and the worker bundle, raw, gzipped (level 9) and brotli
 * (quality 11), against the drop-in's gzip budget (the views are not in it: only a page whose
 * order awaits a deposit, or with a `VIRTUAL_ACCOUNT` button, downloads the panel, and the
 * receipt comes after a payment; PortOne V1's window comes with a V1 order), and what each
 * purchase path downloads.
 *
 * The widget is built first when a build is missing or older than its sources; the worker is
 * bundled with `wrangler deploy --dry-run --minify --outdir bench/out/worker`, which uploads nothing.
 *
 * @example
 * const sizes = await measureSizes();
 * console.log(sizes.dropIn.gzip <= sizes.budgetGzipBytes);
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { QUIET_WRANGLER_ENV, ROOT, WRANGLER_BIN } from "../scripts/wrangler-env.ts";

/** The drop-in script's budget: 12 KiB gzipped. */
export const BUDGET_GZIP_BYTES = 12 * 1024;

export const DROP_IN = join(ROOT, "dist", "assets", "portone-checkout.js");
/** The virtual-account panel, built by the same `vite build`, loaded by the element on demand. */
export const PANEL = join(ROOT, "dist", "assets", "portone-checkout-va.js");
/** The receipt, built by the same `vite build`, loaded by the element once a payment is done. */
export const RECEIPT = join(ROOT, "dist", "assets", "portone-checkout-receipt.js");
/** PortOne V1's payment window, built by the same `vite build`, loaded for a V1 order (or `portone-version="V1"`). */
export const V1_WINDOW = join(ROOT, "dist", "assets", "portone-checkout-v1.js");
export const ESM = join(ROOT, "dist", "widget", "portone-checkout.mjs");
const WORKER_OUT = join(ROOT, "bench", "out", "worker");

/** One file's size three ways. */
export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface Sizes {
  dropIn: FileSize;
  panel: FileSize;
  receipt: FileSize;
  v1Window: FileSize;
  esm: FileSize;
  worker: FileSize & { wranglerReported: string | null };
  budgetGzipBytes: number;
  /** What was (re)built before measuring, if anything. */
  built: string[];
}

/** Raw, gzip -9 and brotli q11 bytes of a file. */
export function sizeOf(file: string): FileSize {
  const bytes = readFileSync(file);
  return {
    file: relative(ROOT, file),
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed:\n${result.stderr || result.stdout}`);
  return `${result.stdout}\n${result.stderr}`;
};

/** Newest modification time of the widget's sources (and the build config). */
function newestSource(): number {
  const files = [join(ROOT, "vite.config.ts"), join(ROOT, "package-lock.json")];
  for (const name of readdirSync(join(ROOT, "widget")))
    if (name.endsWith(".ts")) files.push(join(ROOT, "widget", name));
  return Math.max(...files.filter(existsSync).map((f) => statSync(f).mtimeMs));
}

/** Builds the drop-in (IIFE) and the ESM build with Vite when missing or older than the sources. */
export function buildWidgetIfNeeded(): string[] {
  const built: string[] = [];
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const stale = (file: string) => !existsSync(file) || statSync(file).mtimeMs < newestSource();
  if (stale(DROP_IN) || stale(PANEL) || stale(RECEIPT) || stale(V1_WINDOW)) {
    run([vite, "build", "--logLevel", "warn"]);
    built.push(relative(ROOT, DROP_IN), relative(ROOT, PANEL), relative(ROOT, RECEIPT), relative(ROOT, V1_WINDOW));
  }
  if (stale(ESM)) {
    run([vite, "build", "--mode", "esm", "--logLevel", "warn"]);
    built.push(relative(ROOT, ESM));
  }
  return built;
}

/** Bundles the worker as `wrangler deploy` would, without uploading, and measures it. */
export function measureWorkerBundle(): Sizes["worker"] {
  rmSync(WORKER_OUT, { recursive: true, force: true });
  const output = run([WRANGLER_BIN, "deploy", "--dry-run", "--minify", "--outdir", WORKER_OUT], {
    ...process.env,
    ...QUIET_WRANGLER_ENV,
  });
  const reported = /Total Upload:\s*([^\n]+)/.exec(output)?.[1]?.trim() ?? null;
  const main = readdirSync(WORKER_OUT).find((f) => f.endsWith(".js"));
  if (!main) throw new Error(`wrangler wrote no .js to ${WORKER_OUT}`);
  return { ...sizeOf(join(WORKER_OUT, main)), wranglerReported: reported };
}

/** Builds what is missing, then measures all three artefacts. */
export async function measureSizes(): Promise<Sizes> {
  const built = buildWidgetIfNeeded();
  return {
    dropIn: sizeOf(DROP_IN),
    panel: sizeOf(PANEL),
    receipt: sizeOf(RECEIPT),
    v1Window: sizeOf(V1_WINDOW),
    esm: sizeOf(ESM),
    worker: measureWorkerBundle(),
    budgetGzipBytes: BUDGET_GZIP_BYTES,
    built,
  };
}

/** "13.0 KiB" */
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The size rows as text lines. */
export function sizeLines(s: Sizes): string[] {
  const over = s.dropIn.gzip - s.budgetGzipBytes;
  const verdict = over > 0 ? `over budget by ${kib(over)}` : `within budget (${kib(-over)} to spare)`;
  const row = (name: string, f: FileSize) =>
    `  ${name.padEnd(42)} ${kib(f.raw).padStart(10)} ${kib(f.gzip).padStart(10)} ${kib(f.brotli).padStart(10)}`;
  return [
    `  ${"".padEnd(42)} ${"raw".padStart(10)} ${"gzip -9".padStart(10)} ${"brotli".padStart(10)}`,
    row("/portone-checkout.js (drop-in)", s.dropIn),
    row("/portone-checkout-va.js (on demand)", s.panel),
    row("/portone-checkout-receipt.js (once paid)", s.receipt),
    row("/portone-checkout-v1.js (PortOne V1 only)", s.v1Window),
    row("portone-checkout.mjs (ESM, deps external)", s.esm),
    row("worker bundle (wrangler --minify)", s.worker),
    `  drop-in budget ${kib(s.budgetGzipBytes)} gzipped: ${verdict} (${s.dropIn.gzip} B)`,
    `  a card purchase downloads the drop-in before paying: ${s.dropIn.gzip} B gzipped, and the receipt after: ${s.receipt.gzip} B`,
    `  a virtual-account purchase adds the panel: ${s.dropIn.gzip} + ${s.panel.gzip} = ${s.dropIn.gzip + s.panel.gzip} B gzipped`,
    `  a V1 card purchase adds the V1 window, in idle time with portone-version="V1", else after the order answer: ${s.dropIn.gzip} + ${s.v1Window.gzip} = ${s.dropIn.gzip + s.v1Window.gzip} B gzipped (plus PortOne's iamport.js instead of the V2 SDK)`,
    ...(s.worker.wranglerReported ? [`  wrangler's own count (incl. metadata): ${s.worker.wranglerReported}`] : []),
    ...(s.built.length ? [`  (built first: ${s.built.join(", ")})`] : []),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await measureSizes();
  console.log(`Size\n${sizeLines(sizes).join("\n")}`);
}

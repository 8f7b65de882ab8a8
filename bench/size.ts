/**
 * `npm run size`: bytes of the drop-in script, its on-demand scripts (the virtual-account panel,
 * the receipt, PortOne V1's window, the error messages, the redirect-return reader and the form
 * reader), the ESM build and the worker bundle, raw, gzipped (level 9) and brotli (quality 11), against the
 * drop-in's gzip budget (the on-demand scripts are not in it: only a page whose order awaits a
 * deposit, or with a `VIRTUAL_ACCOUNT` button, downloads the panel; the receipt comes after a
 * payment; V1's window with a V1 order; the messages with a failure; the return reader on a
 * return from PortOne's page; the form reader with `form="..."`), and what each shopper path
 * downloads, with and without PortOne's own SDK.
 *
 * PortOne's SDK is measured by fetching what the element loads (`https://cdn.portone.io/v2/browser-sdk.js`,
 * and `https://cdn.iamport.kr/v1/iamport.js` for V1) once, uncompressed, and compressing it here
 * the same way; offline (or `SIZE_OFFLINE=1`) those figures are `null` with the reason, never a
 * guess. The npm package `@portone/browser-sdk` is only the loader of that script (plus enums),
 * measured minified for reference: a bundler user pays it on top of the CDN script.
 *
 * The widget is built first when a build is missing or older than its sources; the worker is
 * bundled with `wrangler deploy --dry-run --minify --outdir bench/out/worker`, which uploads nothing.
 *
 * @example
 * const sizes = await measureSizes();
 * console.log(sizes.dropIn.gzip <= sizes.budgetGzipBytes, sizes.paths.card.gzip);
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
/** Every error code's message, built by the same `vite build`, loaded before a failure is reported. */
export const ERRORS = join(ROOT, "dist", "assets", "portone-checkout-errors.js");
/** The reader of PortOne's redirect return, built by the same `vite build`, loaded only on a return. */
export const RETURN = join(ROOT, "dist", "assets", "portone-checkout-return.js");
/** The reader of a merchant's `<form>`, built by the same `vite build`, loaded only by an element with `form="..."`. */
export const FORM = join(ROOT, "dist", "assets", "portone-checkout-form.js");
/** What the element loads for PortOne V2's window (widget/sdk-loader.ts). */
export const PORTONE_SDK_URL = "https://cdn.portone.io/v2/browser-sdk.js";
/** What V1's window loads (widget/payment-window-v1.ts). */
export const IAMPORT_SDK_URL = "https://cdn.iamport.kr/v1/iamport.js";
const SDK_LOADER = join(ROOT, "node_modules", "@portone", "browser-sdk", "dist", "v2.js");
export const ESM = join(ROOT, "dist", "widget", "portone-checkout.mjs");
const WORKER_OUT = join(ROOT, "bench", "out", "worker");

/** One file's size three ways. */
export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/**
 * A third-party script measured over the network: its bytes as served uncompressed, then
 * compressed here like ours; `null` figures with `error` when it could not be fetched.
 */
export interface RemoteSize {
  url: string;
  raw: number | null;
  gzip: number | null;
  brotli: number | null;
  /** How it was measured, in words (for the README). */
  how: string;
  error?: string;
}

/** The scripts one kind of shopper downloads, in order, and their sum. */
export interface ShopperPath {
  /** What the shopper does, in words. */
  label: string;
  /** Our scripts, drop-in first (names as served: `/portone-checkout.js`, ...). */
  files: string[];
  /** Our scripts' gzip bytes, summed. */
  gzip: number;
  brotli: number;
  /** Of `gzip`, what the page loads before the click: the drop-in alone. */
  beforeClickGzip: number;
  /** PortOne's SDK this path loads (V2's or V1's). */
  sdk: "v2" | "v1";
  /** `gzip` plus that SDK's gzip bytes; `null` when the SDK could not be measured. */
  withSdkGzip: number | null;
}

/** The shopper paths {@link measureSizes} reports, by key (the keys are stable for bench results). */
export type PathKey =
  | "card"
  | "cardWithForm"
  | "cardFailed"
  | "virtualAccount"
  | "v1Card"
  | "redirectReturn"
  | "receiptReload";

export interface Sizes {
  dropIn: FileSize;
  panel: FileSize;
  receipt: FileSize;
  v1Window: FileSize;
  errors: FileSize;
  redirectReturn: FileSize;
  form: FileSize;
  esm: FileSize;
  worker: FileSize & { wranglerReported: string | null };
  /** PortOne's browser SDKs as the element loads them, and the npm loader package for reference. */
  portOneSdk: { v2: RemoteSize; v1: RemoteSize; npmLoader: FileSize & { how: string } };
  /** What each kind of shopper downloads: our scripts, then with PortOne's SDK. */
  paths: Record<PathKey, ShopperPath>;
  budgetGzipBytes: number;
  /** What was (re)built before measuring, if anything. */
  built: string[];
}

/** Raw, gzip -9 and brotli q11 bytes of `bytes`. */
function compressed(bytes: Uint8Array): { raw: number; gzip: number; brotli: number } {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Raw, gzip -9 and brotli q11 bytes of a file. */
export function sizeOf(file: string): FileSize {
  return { file: relative(ROOT, file), ...compressed(readFileSync(file)) };
}

/**
 * Fetches a third-party script once (uncompressed, 10 s at most) and measures it like ours.
 * Offline, or with `SIZE_OFFLINE=1`, every figure is `null` and `error` says why.
 */
export async function remoteSizeOf(url: string): Promise<RemoteSize> {
  const how = `fetched ${url} once with Accept-Encoding: identity, then gzip -9 and brotli q11 here`;
  const none = (error: string): RemoteSize => ({ url, raw: null, gzip: null, brotli: null, how, error });
  if (process.env.SIZE_OFFLINE === "1") return none("SIZE_OFFLINE=1");
  try {
    const response = await fetch(url, {
      headers: { "accept-encoding": "identity" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return none(`HTTP ${response.status}`);
    return { url, ...compressed(new Uint8Array(await response.arrayBuffer())), how };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return none(cause ?? String(error));
  }
}

/** The npm package `@portone/browser-sdk`'s loader, minified with esbuild as a bundler would ship it. */
async function npmLoaderSize(): Promise<Sizes["portOneSdk"]["npmLoader"]> {
  const { transform } = await import("esbuild");
  const { code } = await transform(readFileSync(SDK_LOADER, "utf8"), { minify: true, format: "esm", target: "es2022" });
  return {
    file: relative(ROOT, SDK_LOADER),
    ...compressed(Buffer.from(code)),
    how: "node_modules/@portone/browser-sdk/dist/v2.js minified by esbuild (the loader of the CDN script and the SDK's enums; not the SDK itself)",
  };
}

/** The shopper paths: which of our scripts each downloads, and which PortOne SDK. */
export function shopperPaths(s: Omit<Sizes, "paths" | "budgetGzipBytes" | "built">): Record<PathKey, ShopperPath> {
  const path = (label: string, files: [string, FileSize][], sdk: "v2" | "v1"): ShopperPath => {
    const gzip = files.reduce((sum, [, f]) => sum + f.gzip, 0);
    const sdkGzip = s.portOneSdk[sdk].gzip;
    return {
      label,
      files: files.map(([name]) => name),
      gzip,
      brotli: files.reduce((sum, [, f]) => sum + f.brotli, 0),
      beforeClickGzip: s.dropIn.gzip,
      sdk,
      withSdkGzip: sdkGzip === null ? null : gzip + sdkGzip,
    };
  };
  const dropIn: [string, FileSize] = ["/portone-checkout.js", s.dropIn];
  const receipt: [string, FileSize] = ["/portone-checkout-receipt.js", s.receipt];
  return {
    card: path("card purchase, paid in PortOne's window (the receipt after)", [dropIn, receipt], "v2"),
    cardWithForm: path(
      "card purchase from a page with form=... (the form's reader while the shopper fills it in, the receipt after)",
      [dropIn, ["/portone-checkout-form.js", s.form], receipt],
      "v2",
    ),
    cardFailed: path(
      "card purchase that fails or is cancelled (the messages)",
      [dropIn, ["/portone-checkout-errors.js", s.errors]],
      "v2",
    ),
    virtualAccount: path(
      "virtual-account purchase (the panel, then the receipt once paid or with an order link)",
      [dropIn, ["/portone-checkout-va.js", s.panel], receipt],
      "v2",
    ),
    v1Card: path(
      "PortOne V1 card purchase (V1's window instead of the V2 SDK, the receipt after)",
      [dropIn, ["/portone-checkout-v1.js", s.v1Window], receipt],
      "v1",
    ),
    redirectReturn: path(
      "return from PortOne's page after a redirect payment (mobile), paid (the reader, the receipt)",
      [dropIn, ["/portone-checkout-return.js", s.redirectReturn], receipt],
      "v2",
    ),
    receiptReload: path(
      "reload of a page whose payment is done (the receipt from sessionStorage)",
      [dropIn, receipt],
      "v2",
    ),
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
  const scripts = [DROP_IN, PANEL, RECEIPT, V1_WINDOW, ERRORS, RETURN, FORM];
  if (scripts.some(stale)) {
    run([vite, "build", "--logLevel", "warn"]);
    built.push(...scripts.map((file) => relative(ROOT, file)));
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

/** Builds what is missing, then measures every artefact, PortOne's SDKs and the shopper paths. */
export async function measureSizes(): Promise<Sizes> {
  const built = buildWidgetIfNeeded();
  const [v2, v1, npmLoader] = await Promise.all([
    remoteSizeOf(PORTONE_SDK_URL),
    remoteSizeOf(IAMPORT_SDK_URL),
    npmLoaderSize(),
  ]);
  const files = {
    dropIn: sizeOf(DROP_IN),
    panel: sizeOf(PANEL),
    receipt: sizeOf(RECEIPT),
    v1Window: sizeOf(V1_WINDOW),
    errors: sizeOf(ERRORS),
    redirectReturn: sizeOf(RETURN),
    form: sizeOf(FORM),
    esm: sizeOf(ESM),
    worker: measureWorkerBundle(),
    portOneSdk: { v2, v1, npmLoader },
  };
  return { ...files, paths: shopperPaths(files), budgetGzipBytes: BUDGET_GZIP_BYTES, built };
}

/** "13.0 KiB" */
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The size rows as text lines. */
export function sizeLines(s: Sizes): string[] {
  const over = s.dropIn.gzip - s.budgetGzipBytes;
  const verdict = over > 0 ? `over budget by ${kib(over)}` : `within budget (${kib(-over)} to spare)`;
  const row = (name: string, f: { raw: number | null; gzip: number | null; brotli: number | null }) =>
    `  ${name.padEnd(46)} ${[f.raw, f.gzip, f.brotli].map((n) => (n === null ? "?" : kib(n)).padStart(10)).join(" ")}`;
  const sdk = (r: RemoteSize) => (r.gzip === null ? `unmeasured (${r.error})` : `${r.gzip} B gzipped`);
  return [
    `  ${"".padEnd(46)} ${"raw".padStart(10)} ${"gzip -9".padStart(10)} ${"brotli".padStart(10)}`,
    row("/portone-checkout.js (drop-in)", s.dropIn),
    row("/portone-checkout-va.js (virtual account)", s.panel),
    row("/portone-checkout-receipt.js (once paid)", s.receipt),
    row("/portone-checkout-v1.js (PortOne V1 only)", s.v1Window),
    row("/portone-checkout-errors.js (on a failure)", s.errors),
    row("/portone-checkout-return.js (redirect return)", s.redirectReturn),
    row("/portone-checkout-form.js (with form=...)", s.form),
    row("portone-checkout.mjs (ESM, deps external)", s.esm),
    row("worker bundle (wrangler --minify)", s.worker),
    row("PortOne V2 SDK (cdn.portone.io, fetched)", s.portOneSdk.v2),
    row("PortOne V1 SDK (cdn.iamport.kr, fetched)", s.portOneSdk.v1),
    row("@portone/browser-sdk npm loader (minified)", s.portOneSdk.npmLoader),
    `  drop-in budget ${kib(s.budgetGzipBytes)} gzipped: ${verdict} (${s.dropIn.gzip} B)`,
    `  what each shopper downloads, gzipped (our scripts; with PortOne's SDK):`,
    ...Object.values(s.paths).map(
      (p) =>
        `    ${p.label}: ${p.files.join(" + ")} = ${p.gzip} B; with the ${p.sdk.toUpperCase()} SDK ${p.withSdkGzip === null ? `? (SDK ${sdk(s.portOneSdk[p.sdk])})` : `${p.withSdkGzip} B`}`,
    ),
    `  PortOne's SDK: ${s.portOneSdk.v2.how}`,
    ...(s.worker.wranglerReported ? [`  wrangler's own count (incl. metadata): ${s.worker.wranglerReported}`] : []),
    ...(s.built.length ? [`  (built first: ${s.built.join(", ")})`] : []),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await measureSizes();
  console.log(`Size\n${sizeLines(sizes).join("\n")}`);
}

/**
 * `npm run catalog -- push [file] [--local|--remote [--yes]] [--persist-to dir]`
 * `npm run catalog -- check [file]`
 *
 * Validates the merchant's catalog file (product id, name, amount in minor units, currency),
 * shows what changes against what KV holds, and writes it to the CHECKOUT_KV namespace under
 * the key `catalog`. Prices reach the worker only this way, never from a browser.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import type { Currency } from "../contract/index.ts";
import { type Catalog, parseCatalog } from "../worker/domain/catalog.ts";
import { ROOT, wrangler } from "./wrangler-env.ts";

export interface PushOptions {
  file?: string;
  target?: "local" | "remote";
  persistTo?: string;
  log?: (line: string) => void;
}

export const HELP = `Usage:
  npm run catalog -- check [file]                 validate only (default file: catalog.json)
  npm run catalog -- push [file]                  validate, show the changes, write to local KV (npm start's)
  npm run catalog -- push [file] --remote         the same to your Cloudflare KV (production); asks first
  npm run catalog -- push [file] --remote --yes   ... without asking (CI)

Options:
  --local             write to the local KV of \`wrangler dev\` (the default)
  --remote            write to the KV namespace in wrangler.toml (needs \`wrangler login\` or CLOUDFLARE_API_TOKEN)
  --env <name>        a wrangler environment, e.g. staging (with --remote)
  --yes, -y           do not ask before writing remotely
  --persist-to <dir>  where the local KV lives (default .wrangler/state)
  --help, -h          this text

Amounts are whole numbers in the currency's minor unit: won for KRW and yen for JPY (29000 is
₩29,000), cents for USD and EUR (1999 is $19.99).`;

/** What amounts of a currency count: the worker stores and PortOne takes the minor unit. */
const MINOR_UNIT: Record<Currency, string> = {
  KRW: "KRW amounts are in won (29000 is ₩29,000)",
  JPY: "JPY amounts are in yen (1500 is ¥1,500)",
  USD: "USD amounts are in cents (1999 is $19.99)",
  EUR: "EUR amounts are in cents (1999 is €19.99)",
};

/**
 * What is wrong with a catalog file's text, one line per problem, each naming the product by its
 * id (or its position when it has none), every duplicated id, and the unit amounts are in; empty
 * when the catalog is valid.
 *
 * @example catalogProblems('{"products":[{"id":"cap","name":"Cap","amount":19.99,"currency":"USD"}]}')
 * // ['product "cap": amount: ... (USD amounts are in cents (1999 is $19.99))']
 */
export function catalogProblems(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [`not readable JSON (${(error as Error).message})`];
  }
  const parsed = parseCatalog(json);
  const raw = (typeof json === "object" && json !== null ? json : {}) as { currency?: unknown; products?: unknown };
  const products = Array.isArray(raw.products) ? (raw.products as unknown[]) : [];
  const field = (i: number, key: string): unknown => {
    const p = products[i];
    return typeof p === "object" && p !== null ? (p as Record<string, unknown>)[key] : undefined;
  };
  const label = (i: number) => {
    const id = field(i, "id");
    return typeof id === "string" && id !== "" ? `product "${id}"` : `product #${i + 1} (no id)`;
  };
  const problems: string[] = [];
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      // Reported below, with the ids that repeat.
      if (issue === "product ids must be unique") continue;
      const m = /^products\.(\d+)(?:\.([^:]+))?: (.*)$/s.exec(issue);
      if (!m) {
        problems.push(issue);
        continue;
      }
      const i = Number(m[1]);
      const [, , key, message] = m;
      let line = `${label(i)}: ${key ? `${key}: ` : ""}${message}`;
      if (key === "amount") {
        const currency = field(i, "currency") ?? raw.currency ?? "KRW";
        if (typeof currency === "string" && currency in MINOR_UNIT) line += ` (${MINOR_UNIT[currency as Currency]})`;
        else line += " (amounts are whole numbers in the currency's minor unit)";
      }
      problems.push(line);
    }
  }
  const positions = new Map<string, number[]>();
  products.forEach((_, i) => {
    const id = field(i, "id");
    if (typeof id === "string") positions.set(id, [...(positions.get(id) ?? []), i + 1]);
  });
  for (const [id, at] of positions) {
    if (at.length > 1)
      problems.push(`product id "${id}" is used ${at.length} times (products #${at.join(", #")}): ids must be unique`);
  }
  return problems;
}

/** The message for an invalid catalog file, or null when it is valid. */
export function describeCatalogProblems(text: string, file: string): string | null {
  const problems = catalogProblems(text);
  if (problems.length === 0) return null;
  const name = relative(ROOT, file).startsWith("..") ? file : relative(ROOT, file);
  return `${name} is not a valid catalog:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

/** Reads a catalog file and returns its text if it validates; throws with every problem listed. */
export function readCatalogText(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: not readable (${(error as Error).message})`);
  }
  const problems = describeCatalogProblems(text, file);
  if (problems) throw new Error(problems);
  return text;
}

/** Reads and validates a catalog file; throws with every problem listed. */
export function loadCatalog(file: string): Catalog {
  const parsed = parseCatalog(JSON.parse(readCatalogText(file)));
  if (!parsed.ok) throw new Error(`${file} is not a valid catalog:\n${parsed.issues.join("\n")}`);
  return parsed.catalog;
}

/** Lines describing what `next` changes compared with `current`. */
export function diffCatalog(current: Catalog | null, next: Catalog): string[] {
  const before = current?.products ?? {};
  const lines: string[] = [];
  for (const [id, p] of Object.entries(next.products)) {
    const old = before[id];
    if (!old)
      lines.push(
        `+ ${id}: ${p.name}, ${p.amount} ${p.currency}${p.active ? "" : " (inactive)"}${p.shipping ? " (ships)" : ""}`,
      );
    else {
      const changes: string[] = [];
      if (old.amount !== p.amount || old.currency !== p.currency)
        changes.push(`price ${old.amount} ${old.currency} → ${p.amount} ${p.currency}`);
      if (old.name !== p.name) changes.push(`name "${old.name}" → "${p.name}"`);
      if (old.active !== p.active) changes.push(p.active ? "now active" : "now inactive");
      if (Boolean(old.shipping) !== Boolean(p.shipping))
        changes.push(p.shipping ? "now ships (needs an address)" : "no longer ships");
      if (changes.length) lines.push(`~ ${id}: ${changes.join(", ")}`);
    }
  }
  for (const id of Object.keys(before)) if (!next.products[id]) lines.push(`- ${id}: removed`);
  return lines;
}

/** Where a push writes: local (`wrangler dev`'s state) or the Cloudflare account, per environment. */
interface Target {
  target: "local" | "remote";
  env?: string | undefined;
  persistTo?: string | undefined;
}

function targetArgs({ target, env, persistTo }: Target) {
  return [
    target === "remote" ? "--remote" : "--local",
    ...(env ? ["--env", env] : []),
    ...(persistTo && target === "local" ? ["--persist-to", persistTo] : []),
  ];
}

/**
 * The SQL that brings the ledger's `stock` in line with a catalog push. A product whose `stock` is
 * new or changed in `catalog.json` gets that on-hand count, keeping reservations and sales (a
 * count below what is already reserved and sold is raised to that). An unchanged `stock` only
 * fills a missing row: the count the merchant set in the back office since (a restock, a sell-out)
 * is never undone by pushing the same catalog again, as every deploy does. A product that lost its
 * `stock` becomes unlimited.
 *
 * @example stockStatements(next, current, new Date().toISOString()).join(" ")
 */
export function stockStatements(next: Catalog, current: Catalog | null, at: string): string[] {
  const statements: string[] = [];
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  for (const p of Object.values(next.products)) {
    if (p.stock === undefined) continue;
    const insert = `INSERT INTO stock (product_id, on_hand, updated_at) VALUES (${quote(p.id)}, ${p.stock}, ${quote(at)}) `;
    statements.push(
      current?.products[p.id]?.stock === p.stock
        ? `${insert}ON CONFLICT (product_id) DO NOTHING;`
        : `${insert}ON CONFLICT (product_id) DO UPDATE SET on_hand = MAX(${p.stock}, reserved + sold - oversold), updated_at = ${quote(at)};`,
    );
  }
  for (const p of Object.values(current?.products ?? {})) {
    if (p.stock !== undefined && next.products[p.id]?.stock === undefined) {
      statements.push(`DELETE FROM stock WHERE product_id = ${quote(p.id)};`);
    }
  }
  return statements;
}

async function pushStock(next: Catalog, current: Catalog | null, to: Target) {
  const statements = stockStatements(next, current, new Date().toISOString());
  if (statements.length === 0) return;
  await wrangler(["d1", "execute", "CHECKOUT_DB", ...targetArgs(to), "--command", statements.join(" ")]);
}

/**
 * Validates, diffs and writes the catalog to KV (and stock counts to D1). With `confirm`, shows
 * the changes first and writes only if it resolves true.
 */
export async function pushCatalog(
  options: PushOptions & { env?: string; confirm?: (changes: string[]) => Promise<boolean> } = {},
): Promise<string[]> {
  const log = options.log ?? console.log;
  const file = resolve(ROOT, options.file ?? "catalog.json");
  const to: Target = { target: options.target ?? "local", env: options.env, persistTo: options.persistTo };
  const where = `${to.target}${to.env ? ` (${to.env})` : ""}`;
  const next = loadCatalog(file);
  let current: Catalog | null = null;
  try {
    const { stdout } = await wrangler(["kv", "key", "get", "catalog", "--binding", "CHECKOUT_KV", ...targetArgs(to)]);
    current = JSON.parse(stdout) as Catalog;
  } catch {
    current = null; // nothing there yet
  }
  const changes = diffCatalog(current, next);
  if (options.confirm) {
    log(`catalog: ${Object.keys(next.products).length} products for ${where} KV, ${changes.length} changed:`);
    for (const line of changes) log(`  ${line}`);
    if (!(await options.confirm(changes))) {
      log("catalog: nothing written.");
      return [];
    }
  }
  // Stock counts live in D1 beside the reservations; set them even when nothing else changed.
  await pushStock(next, current, to);
  if (changes.length === 0) {
    log(`catalog: ${Object.keys(next.products).length} products, no changes (${where}).`);
    return changes;
  }
  const dir = mkdtempSync(join(tmpdir(), "catalog-"));
  try {
    const path = join(dir, "catalog.json");
    writeFileSync(path, JSON.stringify(next));
    await wrangler(["kv", "key", "put", "catalog", "--path", path, "--binding", "CHECKOUT_KV", ...targetArgs(to)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(`catalog: pushed ${Object.keys(next.products).length} products to ${where} KV:`);
  for (const line of changes) log(`  ${line}`);
  return changes;
}

/** Asks on the terminal (main() has made sure there is one). */
async function askBeforeRemote(where: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`Write these prices to the ${where} KV (live shoppers pay them)? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      local: { type: "boolean" },
      remote: { type: "boolean" },
      env: { type: "string" },
      yes: { type: "boolean", short: "y" },
      help: { type: "boolean", short: "h" },
      "persist-to": { type: "string" },
    },
  });
  const [command = "push", file] = positionals;
  if (values.help || command === "help") {
    console.log(HELP);
    return;
  }
  if (command === "check") {
    const catalog = loadCatalog(resolve(ROOT, file ?? "catalog.json"));
    console.log(`catalog: valid, ${Object.keys(catalog.products).length} products.`);
    return;
  }
  if (command !== "push") throw new Error(`unknown command "${command}": use push or check (--help for more)`);
  if (values.local && values.remote) throw new Error("catalog: --local or --remote, not both");
  const remote = Boolean(values.remote);
  const where = values.env ? `${values.env} environment's` : "production";
  // Nobody to ask (CI, a pipe): refuse before reading anything remote.
  if (remote && !values.yes && !process.stdin.isTTY) {
    throw new Error(`catalog: refusing to write the ${where} KV without asking: pass --yes to push from CI.`);
  }
  await pushCatalog({
    ...(file ? { file } : {}),
    target: remote ? "remote" : "local",
    ...(values.env ? { env: values.env } : {}),
    ...(values["persist-to"] ? { persistTo: values["persist-to"] } : {}),
    // Prices shoppers pay: a remote write shows the changes and asks, unless --yes (CI).
    ...(remote && !values.yes ? { confirm: () => askBeforeRemote(where) } : {}),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

/**
 * `npm run catalog -- push [file] [--local|--remote] [--persist-to dir]`
 * `npm run catalog -- check [file]`
 *
 * Validates the merchant's catalog file (product id, name, amount in minor units, currency),
 * shows what changes against what KV holds, and writes it to the CHECKOUT_KV namespace under
 * the key `catalog`. Prices reach the worker only this way, never from a browser.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Catalog, parseCatalog } from "../worker/domain/catalog.ts";
import { ROOT, wrangler } from "./wrangler-env.ts";

export interface PushOptions {
  file?: string;
  target?: "local" | "remote";
  persistTo?: string;
  log?: (line: string) => void;
}

/** Reads and validates a catalog file; throws with every problem listed. */
export function loadCatalog(file: string): Catalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = parseCatalog(json);
  if (!parsed.ok)
    throw new Error(`${file} is not a valid catalog:\n${parsed.issues.map((i) => `  - ${i}`).join("\n")}`);
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

function kvArgs(target: "local" | "remote", persistTo?: string) {
  return [
    "--binding",
    "CHECKOUT_KV",
    target === "remote" ? "--remote" : "--local",
    ...(persistTo && target === "local" ? ["--persist-to", persistTo] : []),
  ];
}

/**
 * Writes each limited product's on-hand count to the ledger (`stock`), keeping reservations and
 * sales: a count below what is already reserved and sold is raised to that. A product that lost
 * its `stock` becomes unlimited.
 */
async function pushStock(next: Catalog, current: Catalog | null, target: "local" | "remote", persistTo?: string) {
  const at = new Date().toISOString();
  const statements: string[] = [];
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  for (const p of Object.values(next.products)) {
    if (p.stock === undefined) continue;
    statements.push(
      `INSERT INTO stock (product_id, on_hand, updated_at) VALUES (${quote(p.id)}, ${p.stock}, ${quote(at)}) ` +
        `ON CONFLICT (product_id) DO UPDATE SET on_hand = MAX(${p.stock}, reserved + sold - oversold), updated_at = ${quote(at)};`,
    );
  }
  for (const p of Object.values(current?.products ?? {})) {
    if (p.stock !== undefined && next.products[p.id]?.stock === undefined) {
      statements.push(`DELETE FROM stock WHERE product_id = ${quote(p.id)};`);
    }
  }
  if (statements.length === 0) return;
  await wrangler([
    "d1",
    "execute",
    "CHECKOUT_DB",
    target === "remote" ? "--remote" : "--local",
    ...(persistTo && target === "local" ? ["--persist-to", persistTo] : []),
    "--command",
    statements.join(" "),
  ]);
}

/** Validates, diffs and writes the catalog to KV. */
export async function pushCatalog(options: PushOptions = {}): Promise<string[]> {
  const log = options.log ?? console.log;
  const file = resolve(ROOT, options.file ?? "catalog.json");
  const target = options.target ?? "local";
  const next = loadCatalog(file);
  let current: Catalog | null = null;
  try {
    const { stdout } = await wrangler(["kv", "key", "get", "catalog", ...kvArgs(target, options.persistTo)]);
    current = JSON.parse(stdout) as Catalog;
  } catch {
    current = null; // nothing there yet
  }
  const changes = diffCatalog(current, next);
  // Stock counts live in D1 beside the reservations; set them even when nothing else changed.
  await pushStock(next, current, target, options.persistTo);
  if (changes.length === 0) {
    log(`catalog: ${Object.keys(next.products).length} products, no changes (${target}).`);
    return changes;
  }
  const dir = mkdtempSync(join(tmpdir(), "catalog-"));
  try {
    const path = join(dir, "catalog.json");
    writeFileSync(path, JSON.stringify(next));
    await wrangler(["kv", "key", "put", "catalog", "--path", path, ...kvArgs(target, options.persistTo)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(`catalog: pushed ${Object.keys(next.products).length} products to ${target} KV:`);
  for (const line of changes) log(`  ${line}`);
  return changes;
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { local: { type: "boolean" }, remote: { type: "boolean" }, "persist-to": { type: "string" } },
  });
  const [command = "push", file] = positionals;
  if (command === "check") {
    const catalog = loadCatalog(resolve(ROOT, file ?? "catalog.json"));
    console.log(`catalog: valid, ${Object.keys(catalog.products).length} products.`);
    return;
  }
  if (command !== "push") throw new Error(`unknown command "${command}": use push or check`);
  await pushCatalog({
    ...(file ? { file } : {}),
    target: values.remote ? "remote" : "local",
    ...(values["persist-to"] ? { persistTo: values["persist-to"] } : {}),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

/**
 * Applies the ledger's D1 migrations (`migrations/`) with wrangler: to the local SQLite that
 * `wrangler dev` uses (`npm start`, the smoke test, the bench), or to the real database.
 *
 * @example await applyMigrations({ target: "local", persistTo: ".wrangler/state" });
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { QUIET_WRANGLER_ENV, ROOT, WRANGLER_BIN } from "./wrangler-env.ts";

const run = promisify(execFile);

export async function applyMigrations(options: { target: "local" | "remote"; persistTo?: string }): Promise<void> {
  const args = [
    WRANGLER_BIN,
    "d1",
    "migrations",
    "apply",
    "CHECKOUT_DB",
    options.target === "remote" ? "--remote" : "--local",
  ];
  if (options.persistTo && options.target === "local") args.push("--persist-to", options.persistTo);
  // CI=true: wrangler applies without asking (there is nobody to answer).
  await run(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...QUIET_WRANGLER_ENV, CI: "true" } });
}

/**
 * `npm test`: the type check, then every test (workerd + Chromium), then one closing line
 * `N passed, N failed` that CI reads. Exits non-zero if anything failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { QUIET_WRANGLER_ENV, ROOT } from "./wrangler-env.ts";

const env = { ...process.env, ...QUIET_WRANGLER_ENV };
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env }).status === 0;
const npx = (bin: string, args: string[]) =>
  run(process.execPath, [join(ROOT, "node_modules", ...bin.split("/")), ...args]);

let failedChecks = 0;
const step = (name: string, ok: boolean) => {
  console.log(`${ok ? "✓" : "✗"} ${name}`);
  if (!ok) failedChecks++;
  return ok;
};

step(
  "wrangler types",
  npx("wrangler/bin/wrangler.js", [
    "types",
    "worker/worker-configuration.d.ts",
    "--strict-vars",
    "false",
    "--env-file",
    ".dev.vars.example",
  ]),
);
for (const project of ["tsconfig.json", "worker/tsconfig.json", "widget/tsconfig.json"]) {
  step(`tsc -p ${project}`, npx("typescript/bin/tsc", ["--noEmit", "-p", project]));
}
step("biome check (format + lint)", npx("@biomejs/biome/bin/biome", ["check", "."]));
step("build the drop-in widget", run("npm", ["run", "--silent", "build:widget"]));

const results = join(ROOT, "coverage", "vitest-results.json");
rmSync(results, { force: true });
const passedRun = npx("vitest/vitest.mjs", ["run", ...process.argv.slice(2)]);

let passed = 0;
let failed = failedChecks;
let skipped = 0;
if (existsSync(results)) {
  const report = JSON.parse(readFileSync(results, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    success: boolean;
  };
  passed = report.numPassedTests;
  failed += report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
  if (!passedRun && report.numFailedTests === 0) failed++; // a suite that crashed before its tests
} else {
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);

/**
 * `npm test`: the type check, then every test (workerd + Chromium), then the package's tests
 * (`npm pack` installed into the example apps, built), then one closing line
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
for (const project of ["tsconfig.json", "worker/tsconfig.json", "widget/tsconfig.json", "test/package/tsconfig.json"]) {
  step(`tsc -p ${project}`, npx("typescript/bin/tsc", ["--noEmit", "-p", project]));
}
step("biome check (format + lint)", npx("@biomejs/biome/bin/biome", ["check", "."]));
step("build the drop-in widget", run("npm", ["run", "--silent", "build:widget"]));

/** What a vitest run's JSON report counts; a run that crashed before its tests counts as one failure. */
function vitest(args: string[], report: string): { passed: number; failed: number; skipped: number } {
  const results = join(ROOT, "coverage", report);
  rmSync(results, { force: true });
  const passedRun = npx("vitest/vitest.mjs", ["run", ...args]);
  if (!existsSync(results)) return { passed: 0, failed: 1, skipped: 0 };
  const counts = JSON.parse(readFileSync(results, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return {
    passed: counts.numPassedTests,
    failed: counts.numFailedTests + (!passedRun && counts.numFailedTests === 0 ? 1 : 0),
    skipped: counts.numPendingTests + counts.numTodoTests,
  };
}

const runs = [vitest(process.argv.slice(2), "vitest-results.json")];
// The package (npm pack, the examples installed from the tarball and built): after the suites
// above, since its `prepack` rebuilds dist/; skipped when `npm test -- <filter>` picks tests.
if (process.argv.length <= 2)
  runs.push(vitest(["--config", "test/package/vitest.config.ts"], "vitest-package-results.json"));

const passed = runs.reduce((sum, run) => sum + run.passed, 0);
const failed = runs.reduce((sum, run) => sum + run.failed, failedChecks);
const skipped = runs.reduce((sum, run) => sum + run.skipped, 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);

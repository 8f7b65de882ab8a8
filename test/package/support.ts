/**
 * What the package tests share: the repository's root, a child process runner that cannot
 * touch the repository by accident, and `npm pack` into a temporary folder.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The root package.json, as npm reads it. */
export const rootPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  files: string[];
  scripts: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  customElements: string;
  types: string;
  module: string;
};

/**
 * The environment for a child npm: without what `npm test` passes to its scripts, above all
 * `npm_config_local_prefix`, which would make an `npm install` in a temporary folder install
 * into this repository instead.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(config_local_prefix|package_|lifecycle_)|^INIT_CWD$/i.test(key)) env[key] = value;
  }
  return env;
}

/** Runs a command to completion in `cwd`; throws with its output's tail when it exits non-zero. */
export function run(command: string, args: string[], cwd: string): string {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    env: childEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`\`${command} ${args.join(" ")}\` in ${cwd} exited ${result.status ?? result.signal}:\n${output}`);
  }
  return result.stdout;
}

/** What `npm pack --json` reports about the tarball. */
export interface PackedTarball {
  /** Absolute path of the `.tgz`. */
  path: string;
  /** Every file inside, relative to the package root. */
  files: string[];
}

/** `npm pack` of this repository (its `prepack` builds the element) into a new temporary folder. */
export function packTarball(): PackedTarball {
  const destination = mkdtempSync(join(tmpdir(), "portone-checkout-pack-"));
  const stdout = run("npm", ["pack", "--json", "--pack-destination", destination], ROOT);
  // prepack's own output comes first on stdout; the report is the JSON array after it, from a line "[".
  const report = JSON.parse(stdout.slice(stdout.search(/^\[$/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const [packed] = report;
  if (!packed) throw new Error(`npm pack reported nothing:\n${stdout}`);
  return { path: join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

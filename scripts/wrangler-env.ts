import { type SpawnOptions, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Keeps wrangler from phoning home: no metrics, no error reports, no cf fetch, no banner. */
export const QUIET_WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
} as const;

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const WRANGLER_BIN = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));

/** Runs `wrangler <args>` to completion; resolves with its output, rejects on a non-zero exit. */
export function wrangler(
  args: string[],
  options: SpawnOptions & { input?: string } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      cwd: ROOT,
      ...options,
      env: { ...process.env, ...QUIET_WRANGLER_ENV, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.stdin?.end(options.input ?? "");
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(
            Object.assign(new Error(`wrangler ${args[0]} ${args[1] ?? ""} exited with ${code}\n${stderr || stdout}`), {
              stdout,
              stderr,
            }),
          ),
    );
  });
}

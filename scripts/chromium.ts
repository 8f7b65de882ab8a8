import { type Browser, chromium, type LaunchOptions } from "playwright-core";

/** Debian's Chromium (Playwright's own browser download cannot work on these machines). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless and quiet: no sandbox (root in CI), no GPU, no background traffic to Google. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Launches headless Chromium for the tests, the smoke test, screenshots and the bench.
 *
 * @example const browser = await launchChromium();
 */
export function launchChromium(options: { extraArgs?: string[] } & Omit<LaunchOptions, "args"> = {}): Promise<Browser> {
  const { extraArgs = [], ...rest } = options;
  return chromium.launch({ executablePath: CHROMIUM_PATH, ...rest, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/chromium.ts";
import { freePort } from "../../scripts/stack.ts";
import { ROOT } from "../../scripts/wrangler-env.ts";

/**
 * The README's first command, as a merchant runs it: `npm start` comes up, the demo shop
 * (its own origin) pays through the emulated PortOne window, the worker verifies, and Ctrl-C
 * stops everything.
 */
describe("npm start", () => {
  let child: ChildProcess;
  let browser: Browser;
  let output = "";
  let shopUrl = "";
  let workerPort = 0;
  const persistTo = mkdtempSync(join(tmpdir(), "portone-start-"));

  beforeAll(async () => {
    workerPort = await freePort();
    const env = {
      ...process.env,
      WORKER_PORT: String(workerPort),
      EMULATOR_PORT: String(await freePort()),
      SHOP_PORT: String(await freePort()),
      PERSIST_TO: persistTo,
    };
    child = spawn(process.execPath, [join(ROOT, "scripts/start.ts")], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    shopUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 110_000);
      const check = () => {
        const match = /Open the demo shop: (\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on("data", check);
      child.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    rmSync(persistTo, { recursive: true, force: true });
  });

  it("prints the worker, emulator, shop and admin URLs, with the development admin token", () => {
    expect(output).toMatch(/Worker\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/Admin\s+http:\/\/127\.0\.0\.1:\d+\/admin\s+\(token: \S{32,}\)/);
    expect(output).toMatch(/PortOne emulator\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(shopUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("sells a product: the shopper pays in the emulated window and sees the verified paid state", async () => {
    const page = await browser.newPage();
    await page.goto(shopUrl);
    const card = page.locator("article.card").first();
    await card.locator("portone-checkout").first().locator("button").first().click();
    const frame = page.frameLocator("iframe").first();
    await frame.locator('[data-action="pay"]').click();
    await expect.poll(() => page.locator("#log").textContent(), { timeout: 30_000 }).toContain("portone-paid");
    const status = await card.locator("portone-checkout").first().locator("[part~='status']").textContent();
    expect(status).toMatch(/결제가 완료되었습니다|Payment complete/);
    await page.close();
    // The sale is in the back office, with the token npm start printed.
    const token = /\(token: (\S+)\)/.exec(output)?.[1];
    const list = await fetch(`http://127.0.0.1:${workerPort}/api/admin/orders?status=PAID`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { orders: unknown[] }).orders).toHaveLength(1);
  });

  it("stops cleanly on Ctrl-C, leaving no worker listening", async () => {
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    expect(code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${workerPort}/api/orders/ping`)).rejects.toThrow();
  });
});

import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/chromium.ts";
import { freePort } from "../../scripts/stack.ts";
import { ROOT } from "../../scripts/wrangler-env.ts";

/** Ids of the live processes whose process group is `pgid` (Linux /proc). */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after its closing paren.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") members.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return members;
}

/** The pid of the `wrangler dev` that keeps its state in `persistTo` (it leads its own process group). */
function wranglerPid(persistTo: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args.some((a) => a.endsWith("wrangler.js")) && args.includes("dev") && args.includes(persistTo))
        return Number(entry);
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
}

/** `npm start` (scripts/start.ts) on free ports of its own, with its output collected. */
async function startNpmStart(
  extraArgs: string[] = [],
  again?: { dir: string; ports: { worker: number; emulator: number; shop: number } },
) {
  const dir = again?.dir ?? mkdtempSync(join(tmpdir(), "portone-start-"));
  const persistTo = join(dir, "state");
  const catalogFile = join(dir, "catalog.json");
  if (!again) copyFileSync(join(ROOT, "catalog.json"), catalogFile);
  const ports = again?.ports ?? { worker: await freePort(), emulator: await freePort(), shop: await freePort() };
  const env = {
    ...process.env,
    WORKER_PORT: String(ports.worker),
    EMULATOR_PORT: String(ports.emulator),
    SHOP_PORT: String(ports.shop),
    PERSIST_TO: persistTo,
  };
  const child = spawn(process.execPath, [join(ROOT, "scripts/start.ts"), "--catalog", catalogFile, ...extraArgs], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run = {
    child,
    dir,
    env,
    persistTo,
    catalogFile,
    ports,
    output: "",
    exited: new Promise<number | null>((r) => child.once("exit", r)),
    /** Resolves once the output matches. */
    waitForOutput(pattern: RegExp, timeoutMs = 30_000) {
      return expect.poll(() => run.output, { timeout: timeoutMs, interval: 200 }).toMatch(pattern);
    },
  };
  child.stdout?.on("data", (d) => (run.output += d));
  child.stderr?.on("data", (d) => (run.output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${run.output}`)), 110_000);
    const check = () => {
      if (/Open the demo shop: \S+/.test(run.output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    void run.exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${run.output}`)));
  });
  return run;
}

type Run = Awaited<ReturnType<typeof startNpmStart>>;

async function stopRun(run: Run | undefined) {
  if (!run) return;
  if (run.child.exitCode === null) {
    run.child.kill("SIGTERM");
    await run.exited;
  }
  rmSync(run.dir, { recursive: true, force: true });
}

/**
 * The README's first command, as a merchant runs it: `npm start` comes up, the demo shop
 * (its own origin) pays through the emulated PortOne window, the worker verifies, a bad catalog
 * edit is reported and ignored, a second `npm start` is refused, and Ctrl-C stops everything.
 */
describe("npm start", () => {
  let run: Run;
  let browser: Browser;
  let shopUrl = "";
  let wrangler: number | undefined;
  let sold = "";

  beforeAll(async () => {
    run = await startNpmStart(["--allow-origin", "http://localhost:5173"]);
    shopUrl = /Open the demo shop: (\S+)/.exec(run.output)?.[1] ?? "";
    wrangler = wranglerPid(run.persistTo);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stopRun(run);
  });

  it("prints the worker, emulator, shop and admin URLs, with the development admin token", () => {
    expect(run.output).toMatch(/Worker\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(run.output).toMatch(/Admin\s+http:\/\/127\.0\.0\.1:\d+\/admin\s+\(token: \S{32,}\)/);
    expect(run.output).toMatch(/PortOne emulator\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(shopUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("lets the origin given with --allow-origin call the worker and still answers 403 ORIGIN_NOT_ALLOWED to any other", async () => {
    expect(run.output).toContain(`Allowed origins   ${shopUrl},http://localhost:5173`);
    // A plain-text post (a CORS simple request) with an empty body: the origin is checked first.
    const post = async (origin: string) => {
      const response = await fetch(`http://127.0.0.1:${run.ports.worker}/api/orders`, {
        method: "POST",
        headers: { origin, "content-type": "text/plain" },
        body: "{}",
      });
      return { status: response.status, code: ((await response.json()) as { code: string }).code };
    };
    expect(await post("http://localhost:5173")).toMatchObject({ code: "INVALID_REQUEST" });
    expect(await post("http://localhost:4000")).toEqual({ status: 403, code: "ORIGIN_NOT_ALLOWED" });
  });

  it("refuses a second npm start on the same ports with one line naming them, and leaves the first running", async () => {
    const second = spawn(process.execPath, [join(ROOT, "scripts/start.ts")], {
      cwd: ROOT,
      env: run.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    second.stdout?.on("data", (d) => (output += d));
    second.stderr?.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((r) => second.once("exit", r));
    expect(code).toBe(1);
    expect(output.trim().split("\n")).toHaveLength(1);
    expect(output).toContain(`${run.ports.worker} (the worker, WORKER_PORT)`);
    expect(output).toContain(`${run.ports.shop} (the demo shop, SHOP_PORT)`);
    expect(output).toMatch(/already in use/);
    expect((await fetch(`http://127.0.0.1:${run.ports.worker}/api/orders/ping`)).status).toBeLessThan(500);
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
    const token = /\(token: (\S+)\)/.exec(run.output)?.[1];
    const list = await fetch(`http://127.0.0.1:${run.ports.worker}/api/admin/orders?status=PAID`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
    const { orders } = (await list.json()) as { orders: { paymentId: string }[] };
    expect(orders).toHaveLength(1);
    sold = orders[0]?.paymentId ?? "";
  });

  it("reports a bad catalog edit by product id, keeps the shop and worker on the last good catalog, then applies a fix", async () => {
    const good = JSON.parse(readFileSync(run.catalogFile, "utf8")) as { products: { id: string; amount: unknown }[] };
    const edit = (amount: unknown) =>
      writeFileSync(
        run.catalogFile,
        JSON.stringify({ ...good, products: good.products.map((p) => (p.id === "mug-white" ? { ...p, amount } : p)) }),
      );
    const priceOfMug = async () => {
      const body = (await (await fetch(`http://127.0.0.1:${run.ports.worker}/api/catalog`)).json()) as {
        products: { id: string; amount: number }[];
      };
      return body.products.find((p) => p.id === "mug-white")?.amount;
    };

    edit("12,000");
    await run.waitForOutput(
      /catalog\.json is not a valid catalog:\n\s+- product "mug-white": amount: .*KRW amounts are in won/,
    );
    expect(run.output).toMatch(/keep the last good catalog/);
    const shop = await fetch(shopUrl);
    expect(shop.status).toBe(200);
    expect(await shop.text()).toContain('data-product="mug-white"');
    expect(await priceOfMug()).toBe(12000);

    edit(13000);
    await run.waitForOutput(/catalog: pushed 4 products to local KV:\n\s+~ mug-white: price 12000 KRW → 13000 KRW/);
    await expect.poll(priceOfMug, { timeout: 10_000 }).toBe(13000);
  });

  it("stops cleanly on Ctrl-C, leaving no worker listening and no process of wrangler's group", async () => {
    expect(wrangler).toBeDefined();
    expect(groupMembers(wrangler as number).length).toBeGreaterThan(1); // wrangler and its workerd
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${run.ports.worker}/api/orders/ping`)).rejects.toThrow();
    await expect(fetch(shopUrl)).rejects.toThrow();
    expect(groupMembers(wrangler as number)).toEqual([]);
  });

  it("keeps the emulator's payments beside the worker's state: the next npm start's dashboard still lists the sale", async () => {
    expect(sold).toMatch(/^pay/);
    const again = await startNpmStart([], run);
    try {
      const dashboard = await (await fetch(`http://127.0.0.1:${run.ports.emulator}/`)).text();
      expect(dashboard).toContain(`id="payment-${sold}"`);
      expect(dashboard).toContain(join(run.persistTo, "portone-emulator.json"));
    } finally {
      again.child.kill("SIGINT");
      await again.exited;
    }
  });
});

describe("npm start, when wrangler dev dies", () => {
  let run: Run;

  afterAll(() => stopRun(run));

  it("stops the emulator, the shop and workerd and exits 1 saying wrangler dev exited", async () => {
    run = await startNpmStart();
    const wrangler = wranglerPid(run.persistTo) as number;
    expect(wrangler).toBeDefined();
    // Only wrangler itself, as a crash would: its workerd is left for npm start to stop.
    process.kill(wrangler, "SIGKILL");
    expect(await run.exited).toBe(1);
    expect(run.output).toMatch(/wrangler dev exited \(SIGKILL\)/);
    expect(groupMembers(wrangler)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${run.ports.shop}/`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${run.ports.emulator}/`)).rejects.toThrow();
  }, 120_000);

  it("refuses to start on an invalid catalog, naming the product, and starts nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "portone-start-bad-"));
    const catalogFile = join(dir, "catalog.json");
    writeFileSync(
      catalogFile,
      JSON.stringify({
        products: [
          { id: "cap", name: "Cap", amount: 19.99, currency: "USD" },
          { id: "cap", name: "Cap again", amount: 1999, currency: "USD" },
        ],
      }),
    );
    const child = spawn(process.execPath, [join(ROOT, "scripts/start.ts"), "--catalog", catalogFile], {
      cwd: ROOT,
      env: { ...process.env, WORKER_PORT: String(await freePort()), SHOP_PORT: String(await freePort()) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    expect(await new Promise((r) => child.once("exit", r))).toBe(1);
    rmSync(dir, { recursive: true, force: true });
    expect(output).toContain('product "cap": amount:');
    expect(output).toContain("USD amounts are in cents");
    expect(output).toContain('product id "cap" is used 2 times');
    expect(output).not.toContain("Open the demo shop");
  });
});

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/wrangler-env.ts";

// Runs check-node.mjs as if on another Node: a preload replaces process.version(s).
const dir = mkdtempSync(join(tmpdir(), "check-node-"));
const preload = join(dir, "fake-node.mjs");
writeFileSync(
  preload,
  `Object.defineProperty(process, "versions", { value: { ...process.versions, node: process.env.FAKE_NODE } });
Object.defineProperty(process, "version", { value: "v" + process.env.FAKE_NODE });`,
);

describe("scripts/check-node.mjs (first in npm start, npm test and npm run deploy)", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    { version: "20.19.0", ok: false },
    { version: "22.12.0", ok: false },
    { version: "22.17.1", ok: false },
    { version: "22.18.0", ok: true },
    { version: "24.1.0", ok: true },
  ])("on Node $version: passes is $ok, else says in one line what to install", ({ version, ok }) => {
    const result = spawnSync(process.execPath, ["--import", preload, join(ROOT, "scripts/check-node.mjs")], {
      env: { ...process.env, FAKE_NODE: version },
      encoding: "utf8",
    });
    expect(result.status).toBe(ok ? 0 : 1);
    if (!ok) {
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(`needs Node 22.18 or newer (this is v${version}): install Node 24`);
    }
  });
});

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEV_API_SECRET, DEV_WEBHOOK_SECRET } from "../../emulator/dev-secrets.ts";
import { startEmulator } from "../../emulator/server.ts";

const SERVER = fileURLToPath(new URL("../../emulator/server.ts", import.meta.url));

describe("startEmulator", () => {
  it("listens on 127.0.0.1 on a free port and stops on close()", async () => {
    const running = await startEmulator({ apiSecret: "secret-1", webhookSecret: DEV_WEBHOOK_SECRET, port: 0 });
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    const response = await fetch(`${running.url}/payments/x`, { headers: { Authorization: "PortOne secret-1" } });
    expect(response.status).toBe(404);
    await running.close();
    await expect(fetch(`${running.url}/payments/x`)).rejects.toThrow();
  });
});

describe("node emulator/server.ts", () => {
  it("serves with the dev secrets from the environment's port and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, EMULATOR_PORT: "0", PORTONE_API_SECRET: "", PORTONE_WEBHOOK_SECRET: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", () => reject(new Error(`exited early: ${output}`)));
    });
    const response = await fetch(`${url}/payments/x`, { headers: { Authorization: `PortOne ${DEV_API_SECRET}` } });
    expect(response.status).toBe(404);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

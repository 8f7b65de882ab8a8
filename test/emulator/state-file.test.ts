import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_API_SECRET, DEV_WEBHOOK_SECRET } from "../../emulator/dev-secrets.ts";
import { type RunningEmulator, startEmulator } from "../../emulator/server.ts";
import { ORDER, setup } from "./setup.ts";
import { setupV1 } from "./v1-setup.ts";

const dirs: string[] = [];
const running: RunningEmulator[] = [];

/** A state file in a fresh temporary folder (which does not exist yet: the emulator makes it). */
function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "portone-emulator-state-"));
  dirs.push(dir);
  return join(dir, "state", "portone-emulator.json");
}

async function serve(file?: string): Promise<RunningEmulator> {
  const server = await startEmulator({
    apiSecret: DEV_API_SECRET,
    webhookSecret: DEV_WEBHOOK_SECRET,
    port: 0,
    ...(file ? { stateFile: file } : {}),
  });
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", Authorization: `PortOne ${DEV_API_SECRET}` },
    body: JSON.stringify(body),
  });

describe("createEmulator({ stateFile })", () => {
  it("keeps payments, pre-registrations and webhooks across a restart of the server, and a deposit still lands", async () => {
    const file = stateFile();
    const first = await serve(file);
    for (const id of ["order0001", "order0002"]) {
      await post(`${first.url}/payments/${id}/pre-register`, {
        storeId: ORDER.storeId,
        totalAmount: 39000,
        currency: "KRW",
      });
    }
    await post(`${first.url}/_emulator/payments`, {
      ...ORDER,
      payMethod: "VIRTUAL_ACCOUNT",
      outcome: "VIRTUAL_ACCOUNT_ISSUED",
    });
    const issued = first.emulator.payment("order0001");
    await first.close();
    running.splice(0);

    const second = await serve(file);
    expect(second.emulator.payment("order0001")).toEqual(issued);
    expect(second.emulator.webhooks("order0001").map((w) => w.type)).toEqual(["Transaction.VirtualAccountIssued"]);
    const dashboard = await (await fetch(`${second.url}/`)).text();
    expect(dashboard).toContain('data-post="/_emulator/payments/order0001/deposit"');
    expect(dashboard).toContain(`저장: <code>${file}</code>`);
    // The pre-registrations came back too: an amount other than the registered one is still refused.
    const other = await post(`${second.url}/_emulator/payments`, {
      ...ORDER,
      paymentId: "order0002",
      totalAmount: 1,
      outcome: "PAID",
    });
    expect(await other.json()).toMatchObject({ code: "AmountNotEqualToPredefined" });
    expect((await post(`${second.url}/_emulator/payments/order0001/deposit`, {})).status).toBe(200);
    await second.close();
    running.splice(0);

    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({
      version: 1,
      preRegistrations: [
        ["order0001", { totalAmount: 39000 }],
        ["order0002", {}],
      ],
    });
    expect(saved.payments).toMatchObject([
      { id: "order0001", status: "PAID" },
      { id: "order0002", status: "FAILED" },
    ]);
  });

  it("starts empty without a state file and says on the dashboard that a restart empties it", async () => {
    const { app, act } = setup();
    await act("PAID");
    const html = await (await app.request("/")).text();
    expect(html).toContain("메모리에만 보관합니다.");
    expect(html).toContain("EMULATOR_STATE_FILE");
    expect(setup().emulator.payment(ORDER.paymentId)).toBeUndefined();
  });

  it("writes nothing for reads, and an emptied state after POST /_emulator/reset", async () => {
    const file = stateFile();
    const { app, act } = setup({ stateFile: file });
    await app.request("/");
    expect(existsSync(file)).toBe(false);
    await act("PAID");
    expect(JSON.parse(readFileSync(file, "utf8")).payments).toHaveLength(1);
    await app.request("/_emulator/reset", { method: "POST" });
    expect(JSON.parse(readFileSync(file, "utf8")).payments).toEqual([]);
    expect(setup({ stateFile: file }).emulator.payment(ORDER.paymentId)).toBeUndefined();
  });

  it("moves an unreadable file aside to .broken, says why and starts empty", async () => {
    const file = stateFile();
    const { act } = setup({ stateFile: file });
    await act("PAID");
    writeFileSync(file, "{ not json");
    const lines: string[] = [];
    const { emulator } = setup({ stateFile: file, log: (line) => lines.push(line) });
    expect(emulator.payment(ORDER.paymentId)).toBeUndefined();
    expect(readFileSync(`${file}.broken`, "utf8")).toBe("{ not json");
    expect(lines).toEqual([expect.stringContaining(`moved to ${file}.broken, starting empty`)]);
  });

  it("keeps V1 payments and their tokens, and numbers the next imp_uid after the kept ones", async () => {
    const file = stateFile();
    const first = setupV1({ stateFile: file });
    const token = await first.token();
    const paid = await first.pay("PAID");
    const second = setupV1({ stateFile: file });
    expect(second.emulator.v1Payment(paid.imp_uid)).toMatchObject({ status: "paid", merchant_uid: "order-v1-0001" });
    const found = await second.call("GET", `/payments/${paid.imp_uid}`, undefined, {
      Authorization: `Bearer ${token}`,
    });
    expect(found.body).toMatchObject({ code: 0, response: { imp_uid: paid.imp_uid } });
    const next = await second.pay("PAID", { merchant_uid: "order-v1-0002" });
    expect(next.imp_uid).not.toBe(paid.imp_uid);
    expect(second.emulator.v1Payment(paid.imp_uid)?.merchant_uid).toBe("order-v1-0001");
  });
});

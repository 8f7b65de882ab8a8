/**
 * The emulator's state on disk, so its dashboard survives a restart of `npm start` the way the
 * worker's local KV and D1 do (a ledger whose payments the emulator forgot would be confusing,
 * and the worker's reconciliation would find them gone).
 *
 * What it keeps: V2 payments, pre-registrations and the webhook outbox; V1 payments, prepared
 * amounts, tokens and notices. What it does not: idempotency keys, queued faults and the config
 * (`PUT /_emulator/config`), which start from the options again. Limits: the whole file is
 * rewritten after each change (fine for a developer's hundreds of payments, not for a load test);
 * one process per file; a delivery that finishes after the last change is written at the next
 * change or at shutdown. A file it cannot read is moved aside to `<file>.broken` and the emulator
 * starts empty, saying so.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { EmulatorCore, PreRegistration } from "./core.ts";
import type { OutboxEntry } from "./outbox.ts";
import type { PaymentRecord } from "./payments.ts";
import type { V1NoticeEntry } from "./v1/notices.ts";
import type { V1Payment, V1State, V1Token } from "./v1/state.ts";

/** The file's shape; `version` changes when it does, and an older file is set aside. */
export type SavedState = {
  version: 1;
  payments: PaymentRecord[];
  preRegistrations: [string, PreRegistration][];
  webhooks: OutboxEntry[];
  v1: {
    payments: V1Payment[];
    prepared: [string, { merchant_uid: string; amount: number }][];
    tokens: [string, V1Token][];
    notices: V1NoticeEntry[];
  };
};

/** What the state is in memory. */
export type EmulatorState = { core: EmulatorCore; v1: V1State };

/** The state as the file holds it. */
export function snapshot({ core, v1 }: EmulatorState): SavedState {
  return {
    version: 1,
    payments: [...core.payments.values()],
    preRegistrations: [...core.preRegistrations],
    webhooks: core.outbox.list(),
    v1: {
      payments: [...v1.payments.values()],
      prepared: [...v1.prepared],
      tokens: [...v1.tokens],
      notices: v1.notices.list(),
    },
  };
}

/** Writes the state to `file` (through a temporary file, so a crash never leaves half a file). */
export function saveState(file: string, state: EmulatorState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(snapshot(state))}\n`);
  renameSync(temporary, file);
}

/**
 * Loads `file` into the (empty) state.
 * @returns `"loaded"` with the payments' count, `"none"` when there is no file, or `"broken"` when
 *   it could not be read (it is then moved to `<file>.broken`).
 */
export function loadState(
  file: string,
  { core, v1 }: EmulatorState,
): { result: "loaded"; payments: number } | { result: "none" } | { result: "broken"; reason: string } {
  if (!existsSync(file)) return { result: "none" };
  let saved: SavedState;
  try {
    saved = JSON.parse(readFileSync(file, "utf8")) as SavedState;
    if (saved?.version !== 1) throw new Error(`unknown version ${JSON.stringify(saved?.version)}`);
  } catch (error) {
    renameSync(file, `${file}.broken`);
    return { result: "broken", reason: error instanceof Error ? error.message : String(error) };
  }
  for (const payment of saved.payments) core.payments.set(payment.id, payment);
  for (const [id, registration] of saved.preRegistrations) core.preRegistrations.set(id, registration);
  core.outbox.restore(saved.webhooks);
  for (const payment of saved.v1.payments) v1.payments.set(payment.imp_uid, payment);
  for (const [id, prepared] of saved.v1.prepared) v1.prepared.set(id, prepared);
  for (const [token, entry] of saved.v1.tokens) v1.tokens.set(token, entry);
  v1.notices.restore(saved.v1.notices);
  return { result: "loaded", payments: saved.payments.length + saved.v1.payments.length };
}

/**
 * KV and D1 writes per checkout, counted where they land: SQLite triggers on the local KV and
 * D1 files log every KV put and every ledger row written (ledger-seed.ts), read before and after
 * each checkout. The checkout runs as in production: the order, the window, the browser's
 * completion, and every webhook delivered, then delivered again (PortOne delivers at least once).
 *
 * @example
 * const writes = await benchCheckoutWrites({ persistTo, runs: 3, log });
 */
import type { CreatedOrder, CreateOrderRequest, PublicOrder } from "../contract/index.ts";
import { startStack } from "../scripts/stack.ts";
import { paymentRequest } from "../widget/payment-request.ts";
import {
  installWriteCounters,
  prepareLocalState,
  readWriteCounts,
  type WriteCounts,
  writesBetween,
} from "./ledger-seed.ts";

export const SCENARIOS = {
  card: "card, paid",
  virtualAccount: "virtual account, issued then deposited",
  tampered: "tampered amount (refused, cancelled at PortOne)",
} as const;
export type WriteScenario = keyof typeof SCENARIOS;

export interface CheckoutWrites extends WriteCounts {
  /** Webhook deliveries the worker answered: each of PortOne's webhooks, twice. */
  webhookDeliveries: number;
  /** The order's status at the end, as the shopper's endpoint says. */
  finalStatus: string;
}

export interface CheckoutWritesResults {
  runs: number;
  scenarios: Record<WriteScenario, CheckoutWrites[]>;
}

async function post(url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function ok<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** One checkout of `scenario`, start to settled, with every webhook delivered twice. */
async function checkout(workerUrl: string, emulatorUrl: string, scenario: WriteScenario): Promise<CheckoutWrites> {
  const order = await ok<CreatedOrder>(
    await post(`${workerUrl}/api/orders`, {
      items: [{ productId: "mug-white", quantity: 1 }],
      payMethod: scenario === "virtualAccount" ? "VIRTUAL_ACCOUNT" : "CARD",
      customer: { fullName: "김민준", email: "buyer@example.com", phoneNumber: "010-1234-5678" },
    } satisfies CreateOrderRequest),
    "POST /api/orders",
  );
  const window = {
    ...paymentRequest(order, { redirectUrl: `${emulatorUrl}/` }),
    outcome: scenario === "virtualAccount" ? "VIRTUAL_ACCOUNT_ISSUED" : "PAID",
    channelType: "LIVE",
    ...(scenario === "tampered" ? { amountPaid: 100 } : {}),
  };
  await ok(await post(`${emulatorUrl}/_emulator/payments`, window), "emulator payment");
  // The browser's completion; a tampered amount is refused (409), which is the point.
  const completed = await post(`${workerUrl}/api/payments/complete`, { paymentId: order.paymentId });
  await completed.text();
  if (scenario === "tampered" ? completed.status !== 409 : !completed.ok)
    throw new Error(`${scenario}: completion answered ${completed.status}`);
  await ok(await post(`${emulatorUrl}/_emulator/webhooks/flush`), "flush");
  if (scenario === "virtualAccount") {
    await ok(await post(`${emulatorUrl}/_emulator/payments/${order.paymentId}/deposit`), "deposit");
    await ok(await post(`${emulatorUrl}/_emulator/webhooks/flush`), "flush");
  }
  const { webhooks } = await ok<{ webhooks: { id: string }[] }>(
    await fetch(`${emulatorUrl}/_emulator/webhooks?paymentId=${order.paymentId}`),
    "webhooks",
  );
  for (const webhook of webhooks)
    await ok(await post(`${emulatorUrl}/_emulator/webhooks/${webhook.id}/redeliver`, {}), "redeliver");
  await ok(await post(`${emulatorUrl}/_emulator/webhooks/flush`), "flush");
  const read = await ok<PublicOrder>(await fetch(`${workerUrl}/api/orders/${order.paymentId}`), "GET order");
  return {
    kv: 0,
    kvKeys: [],
    d1Rows: {},
    d1RowsTotal: 0,
    d1RowsWrittenBilled: 0,
    webhookDeliveries: webhooks.length * 2,
    finalStatus: read.status,
  };
}

/** Starts a fresh stack with write counters and runs each scenario `runs` times. */
export async function benchCheckoutWrites(options: {
  persistTo: string;
  runs: number;
  log: (line: string) => void;
}): Promise<CheckoutWritesResults> {
  const { persistTo, runs, log } = options;
  await prepareLocalState(persistTo);
  installWriteCounters(persistTo);
  // No rate limit: a limiter's count is not a write to measure, and runs follow each other fast.
  const stack = await startStack({ persistTo, forceEmulator: true, vars: { ORDER_RATE_LIMIT: "off" } });
  try {
    const scenarios = { card: [], virtualAccount: [], tampered: [] } as Record<WriteScenario, CheckoutWrites[]>;
    for (let run = 0; run < runs; run++) {
      for (const scenario of Object.keys(SCENARIOS) as WriteScenario[]) {
        const before = readWriteCounts(persistTo);
        const outcome = await checkout(stack.workerUrl, stack.emulatorUrl as string, scenario);
        // Settlement may still be writing after the last answer (waitUntil): let it land.
        await new Promise((r) => setTimeout(r, 500));
        const writes = writesBetween(before, readWriteCounts(persistTo));
        scenarios[scenario].push({ ...outcome, ...writes });
        log(
          `  ${scenario}: ${writes.kv} KV, ${writes.d1RowsTotal} D1 rows (${writes.d1RowsWrittenBilled} billed), ${outcome.webhookDeliveries} deliveries, ${outcome.finalStatus}`,
        );
      }
    }
    return { runs, scenarios };
  } finally {
    await stack.stop();
  }
}

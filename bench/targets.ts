/**
 * The two servers under load, behind one shape: how to create an order, where completion is
 * posted, how to read an order's final state, and which processes do the work.
 *
 * @example
 * const ids = await prepareOrders(target, emulatorUrl, 300); // created and PAID in the emulator
 */
import type { CreatedOrder, CreateOrderRequest, PublicOrder } from "../contract/index.ts";
import { paymentRequest } from "../widget/payment-request.ts";
import type { Watched } from "./cpu.ts";

export interface Target {
  name: "ours" | "reference" | "ours-node";
  label: string;
  url: string;
  ordersPath: string;
  completePath: string;
  /** The processes whose CPU time the target's work shows up in (looked up anew each run: wrangler may restart workerd). */
  processes(): Watched[];
}

/** A server the bench started: where it listens and which process it is. */
interface Started {
  url: string;
  pid: number;
}

/** PortOne's sample (bench/reference/, Express + the server SDK) as a target; `bench` is the emulator's process. */
export const referenceTarget = (reference: Started, bench: Watched): Target => ({
  name: "reference",
  label: "reference (Express)",
  url: reference.url,
  ordersPath: "/api/orders",
  completePath: "/api/payment/complete",
  processes: () => [{ pid: reference.pid, label: "reference (node)" }, bench],
});

/** Our worker's Hono app served by Node (bench/node-host.ts) as a target. */
export const nodeHostTarget = (host: Started, bench: Watched): Target => ({
  name: "ours-node",
  label: "our worker's app in Node (KV and D1 stand-ins, the same as the reference's)",
  url: host.url,
  ordersPath: "/api/orders",
  completePath: "/api/payments/complete",
  processes: () => [{ pid: host.pid, label: "our app (node)" }, bench],
});

/** The body both servers take for a new order. */
export const ORDER_BODY = JSON.stringify({
  items: [{ productId: "mug-white", quantity: 1 }],
  payMethod: "CARD",
} satisfies CreateOrderRequest);

/** Runs `work` over `items`, at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

async function postJson(url: string, body: string): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
}

/** `POST {ordersPath}` on the target. */
export async function createOrder(target: Target): Promise<CreatedOrder> {
  const response = await postJson(target.url + target.ordersPath, ORDER_BODY);
  if (response.status !== 201)
    throw new Error(`${target.name}: order not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedOrder;
}

/**
 * The shopper pays in the emulated window: the payment becomes PAID on a LIVE channel. The
 * request is the element's own (`paymentRequest` of widget/payment-request.ts), so the bench pays
 * exactly what the drop-in would ask for.
 */
export async function payInEmulator(emulatorUrl: string, order: CreatedOrder): Promise<void> {
  const request = paymentRequest(order, { redirectUrl: `${emulatorUrl}/` });
  const body = JSON.stringify({ ...request, outcome: "PAID", channelType: "LIVE" });
  const response = await postJson(`${emulatorUrl}/_emulator/payments`, body);
  const answer = (await response.json()) as { code?: string };
  if (!response.ok || answer.code)
    throw new Error(`emulator refused ${order.paymentId}: ${response.status} ${JSON.stringify(answer)}`);
}

/** `count` orders on the target, each paid in the emulator; resolves with their paymentIds. */
export async function prepareOrders(target: Target, emulatorUrl: string, count: number): Promise<string[]> {
  return pool(Array.from({ length: count }), 8, async () => {
    const order = await createOrder(target);
    await payInEmulator(emulatorUrl, order);
    return order.paymentId;
  });
}

/** Reads every order's status; resolves with how many there are of each. */
export async function statusCounts(target: Target, paymentIds: readonly string[]): Promise<Record<string, number>> {
  const statuses = await pool(paymentIds, 8, async (id) => {
    const response = await fetch(`${target.url}/api/orders/${encodeURIComponent(id)}`);
    if (!response.ok) return `HTTP ${response.status}`;
    return ((await response.json()) as Partial<PublicOrder>).status ?? "no status";
  });
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/** Keeps the emulator's webhooks in its outbox, so that settlement only happens through the load. */
export async function holdWebhooks(emulatorUrl: string): Promise<void> {
  const response = await fetch(`${emulatorUrl}/_emulator/config`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ webhookUrl: null }),
  });
  if (!response.ok) throw new Error(`emulator config: ${response.status} ${await response.text()}`);
}

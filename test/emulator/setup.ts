import { createEmulator, type EmulatorOptions } from "../../emulator/app.ts";
import { DEV_API_SECRET, DEV_WEBHOOK_SECRET } from "../../emulator/dev-secrets.ts";

// biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON, read field by field in assertions
type Json = Record<string, any>;

/** The request a test shop's page would pass to `requestPayment`. */
export const ORDER = {
  storeId: "store-test-0000",
  channelKey: "channel-key-test-card",
  paymentId: "order0001",
  orderName: "Black T-shirt (M)",
  totalAmount: 39000,
  currency: "KRW",
  payMethod: "CARD",
} as const;

/**
 * An emulator with a fixed clock and counting ids, plus shortcuts for its REST and control APIs.
 */
export function setup(options: Partial<EmulatorOptions> = {}) {
  let clock = new Date("2026-01-02T03:04:05.000Z");
  let counter = 0;
  const emulator = createEmulator({
    apiSecret: DEV_API_SECRET,
    webhookSecret: DEV_WEBHOOK_SECRET,
    now: () => clock,
    random: () => `id${String(++counter).padStart(4, "0")}`,
    webhookRetryDelaysMs: [],
    ...options,
  });
  const { app } = emulator;

  /** A REST call with the right secret (override `headers` to test auth). */
  async function rest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await app.request(path, {
      method,
      headers: { Authorization: `PortOne ${DEV_API_SECRET}`, ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json, response };
  }

  /** The shopper acting in the window (`POST /_emulator/payments`). */
  async function act(outcome: string, overrides: Record<string, unknown> = {}) {
    const response = await app.request("/_emulator/payments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...ORDER, outcome, ...overrides }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  /** A control call (`/_emulator/...`). */
  async function control(method: string, path: string, body?: unknown) {
    const response = await app.request(`/_emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json, response };
  }

  return {
    emulator,
    app,
    rest,
    act,
    control,
    getPayment: (paymentId: string = ORDER.paymentId) => rest("GET", `/payments/${encodeURIComponent(paymentId)}`),
    webhookTypes: (paymentId: string = ORDER.paymentId) => emulator.webhooks(paymentId).map((w) => w.type),
    advance(ms: number) {
      clock = new Date(clock.getTime() + ms);
    },
    now: () => clock,
  };
}

import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { call, ORIGIN, seedCatalog } from "./support.ts";

// The order rate limit through the real binding (Miniflare's, from wrangler.toml's [[ratelimits]]).
// The other worker tests run with ORDER_RATE_LIMIT=off (vitest.config.ts); these turn it on.

/** wrangler.toml: ORDER_RATE_LIMITER's `limit` (new carts, and retries, per client a minute). */
const LIMIT = 10;

const ON: Partial<Env> = { ORDER_RATE_LIMIT: "on" };

// Counters may outlive a run by up to a minute: every run counts against addresses of its own.
const [runA = 0, runB = 0] = crypto.getRandomValues(new Uint8Array(2));
let hosts = 0;
/** A client no other test has used (198.18.0.0/15 is set aside for benchmarks). */
const newClient = () => `198.${18 + (runA % 2)}.${runB}.${++hosts}`;

type Cart = { items: { productId: string; quantity: number }[] };
/** A cart no earlier request of this client sent: `n` mugs. */
const cart = (n: number): Cart => ({ items: [{ productId: "mug", quantity: n }] });

/** `POST /api/orders` as the element sends it (text/plain JSON from the shop) from `client`. */
function order(client: string, body: Cart, overrides: Partial<Env> = ON) {
  return call(
    "/api/orders",
    {
      method: "POST",
      headers: { "cf-connecting-ip": client, origin: ORIGIN, "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(body),
    },
    overrides,
  );
}

/** Sends `bodies` one after another (as one script would), answering the statuses. */
async function send(client: string, bodies: Cart[], overrides: Partial<Env> = ON) {
  const statuses: number[] = [];
  for (const body of bodies) statuses.push((await order(client, body, overrides)).status);
  return statuses;
}

const orderKeys = async () => (await env.CHECKOUT_KV.list({ prefix: "order:" })).keys.length;

/** Counts what order creation costs the merchant: orders written to KV, pre-registrations sent to PortOne. */
function meter() {
  const fetch = vi.spyOn(globalThis, "fetch");
  const before = orderKeys();
  return async () => ({
    kvOrders: (await orderKeys()) - (await before),
    preRegistrations: fetch.mock.calls.filter(([input]) =>
      (input instanceof Request ? input.url : String(input)).endsWith("/pre-register"),
    ).length,
  });
}

beforeAll(seedCatalog);
afterEach(() => {
  vi.restoreAllMocks();
});
// Miniflare's windows follow the clock's minutes: start each test early in one, so that a flood
// is counted in one window (waiting is set-up, never asserted on).
beforeEach(async () => {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}, 15_000);

describe("POST /api/orders rate limit", () => {
  it("refuses a flood from one client after 10 new carts with 429 TOO_MANY_REQUESTS and Retry-After, and the refused ones write nothing and call no PortOne", async () => {
    const client = newClient();
    const cost = meter();
    const statuses = await send(
      client,
      Array.from({ length: LIMIT }, (_, i) => cart(i + 1)),
    );
    const refused = await order(client, cart(LIMIT + 1));
    const more = await send(client, [cart(LIMIT + 2), cart(LIMIT + 3), cart(LIMIT + 4)]);

    expect(statuses).toEqual(Array(LIMIT).fill(201));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await refused.json()).toEqual({ code: "TOO_MANY_REQUESTS", message: expect.any(String) });
    expect(more).toEqual([429, 429, 429]);
    expect(await cost()).toEqual({ kvOrders: LIMIT, preRegistrations: LIMIT });
  });

  it("does not count the same cart sent again (the element's retries) against the client's new carts", async () => {
    const client = newClient();
    const first = await send(client, [cart(1), cart(1), cart(1), cart(1)]);
    // Nine more new carts fit: the three retries above took nothing from the ten.
    const fresh = await send(
      client,
      Array.from({ length: LIMIT - 1 }, (_, i) => cart(i + 2)),
    );
    const over = await order(client, cart(LIMIT + 1));

    expect(first).toEqual([201, 201, 201, 201]);
    expect(fresh).toEqual(Array(LIMIT - 1).fill(201));
    expect(over.status).toBe(429);
  });

  it("bounds one cart replayed in a loop by the retries' own budget of 10 with 429 TOO_MANY_REQUESTS", async () => {
    const client = newClient();
    const cost = meter();
    const statuses = await send(
      client,
      Array.from({ length: 2 * LIMIT }, () => cart(1)),
    );

    expect(statuses).toEqual([...Array(1 + LIMIT).fill(201), ...Array(LIMIT - 1).fill(429)]);
    expect(await cost()).toMatchObject({ kvOrders: 1 + LIMIT });
  });

  it("keeps another client's orders going while one client is refused with 429 TOO_MANY_REQUESTS", async () => {
    const flooder = newClient();
    await send(
      flooder,
      Array.from({ length: LIMIT }, (_, i) => cart(i + 1)),
    );
    expect((await order(flooder, cart(50))).status).toBe(429);

    const shopper = await order(newClient(), cart(1));
    expect(shopper.status).toBe(201);
    expect(await shopper.json()).toMatchObject({ totalAmount: 12000, currency: "KRW" });
  });

  it("counts an IPv6 client by its /64, so rotating addresses in it buys nothing, and answers 429 TOO_MANY_REQUESTS", async () => {
    const prefix = `2001:db8:${runA.toString(16)}:${(runB * 256 + hosts++).toString(16)}`;
    const statuses: number[] = [];
    for (let i = 1; i <= LIMIT + 1; i++)
      statuses.push((await order(`${prefix}:${i.toString(16)}::${i}`, cart(i))).status);
    const neighbour = await order(`${prefix.replace(/:[0-9a-f]+$/, ":ffff")}::1`, cart(1));

    expect(statuses).toEqual([...Array(LIMIT).fill(201), 429]);
    expect(neighbour.status).toBe(201);
  });

  it("creates every order of one client when ORDER_RATE_LIMIT is off", async () => {
    const client = newClient();
    const statuses = await send(
      client,
      Array.from({ length: LIMIT + 5 }, (_, i) => cart(i + 1)),
      { ORDER_RATE_LIMIT: "off" },
    );
    expect(statuses).toEqual(Array(LIMIT + 5).fill(201));
  });

  // Refusals for a product not in the catalog are counted too and write nothing: a cheap flood.
  it.each([
    ["nothing", undefined],
    ["empty", ""],
    ["OFF", "OFF"],
    ["Off", "Off"],
    ["false", "false"],
    ["0", "0"],
    ["no", "no"],
    ["disabled", "disabled"],
    ["of f", "of f"],
  ])("keeps the limit on when ORDER_RATE_LIMIT is %s and answers 429 TOO_MANY_REQUESTS", async (_, value) => {
    const client = newClient();
    const unknown = (n: number): Cart => ({ items: [{ productId: `gone-${n}`, quantity: 1 }] });
    const overrides = { ORDER_RATE_LIMIT: value } as Partial<Env>;
    const statuses = await send(
      client,
      Array.from({ length: LIMIT }, (_, i) => unknown(i)),
      overrides,
    );
    const refused = await order(client, cart(1), overrides);

    expect(statuses).toEqual(Array(LIMIT).fill(422));
    expect(refused.status).toBe(429);
  });

  it("does not count a request refused by validation, so a malformed flood leaves the budget alone", async () => {
    const client = newClient();
    for (let i = 0; i < LIMIT + 2; i++) expect((await order(client, { items: [] })).status).toBe(400);
    expect((await order(client, cart(1))).status).toBe(201);
  });

  it("refuses with 503 NOT_CONFIGURED and writes nothing when the limit is on and its binding is missing", async () => {
    const cost = meter();
    const missing = { ...ON, ORDER_RATE_LIMITER: undefined } as unknown as Partial<Env>;
    const response = await order(newClient(), cart(1), missing);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      code: "NOT_CONFIGURED",
      message: expect.stringContaining("ORDER_RATE_LIMITER"),
    });
    expect(await cost()).toEqual({ kvOrders: 0, preRegistrations: 0 });
    // Off, the binding is not needed.
    expect((await order(newClient(), cart(1), { ...missing, ORDER_RATE_LIMIT: "off" })).status).toBe(201);
  });

  it("lets orders through with 201 when the binding itself fails, rather than stop the shop's sales", async () => {
    const failing: RateLimit = { limit: () => Promise.reject(new Error("rate limiter unavailable")) };
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await order(newClient(), cart(1), { ...ON, ORDER_RATE_LIMITER: failing });

    expect(response.status).toBe(201);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("order_rate_limit_unavailable"));
  });
});

import type { EmulatorOptions } from "../../emulator/app.ts";
import { DEV_V1_API_KEY, DEV_V1_API_SECRET } from "../../emulator/dev-secrets.ts";
import { setup } from "./setup.ts";

// biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON, read field by field in assertions
type Json = Record<string, any>;

/** What a V1 shop passes to `IMP.request_pay`. */
export const V1_ORDER = {
  channelKey: "channel-key-v1-live",
  pay_method: "card",
  merchant_uid: "order-v1-0001",
  name: "Black T-shirt (M)",
  amount: 10000,
  currency: "KRW",
  buyer_name: "홍길동",
} as const;

/** The V2 setup (fixed clock, counting ids) plus V1 shortcuts: a token, REST calls and the window. */
export function setupV1(options: Partial<EmulatorOptions> = {}) {
  const base = setup(options);
  const { app } = base;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await app.request(path, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  async function token(): Promise<string> {
    const { body } = await call("POST", "/users/getToken", { imp_key: DEV_V1_API_KEY, imp_secret: DEV_V1_API_SECRET });
    return body.response.access_token;
  }

  return {
    ...base,
    call,
    token,
    /** A REST V1 call with a fresh (or the current) token as `Authorization: Bearer`. */
    async v1(method: string, path: string, body?: unknown) {
      return call(method, path, body, { Authorization: `Bearer ${await token()}` });
    },
    /** The shopper acting in the V1 window (`POST /_emulator/v1/payments`). */
    async pay(outcome: string, overrides: Record<string, unknown> = {}) {
      return (await call("POST", "/_emulator/v1/payments", { ...V1_ORDER, outcome, ...overrides })).body;
    },
  };
}

import { portOneV1Gateway, type TokenCache } from "../../../worker/adapters/portone-v1-gateway.ts";

/** A V1 payment as PortOne V1 answers it (only the fields the tests set). */
export type V1PaymentBody = Record<string, unknown> & { imp_uid: string; merchant_uid: string };

/**
 * An in-memory PortOne V1 REST API behind a `fetch`: tokens, `GET /payments/{imp_uid}`,
 * `/payments/find/{merchant_uid}`, `/payments/prepare`, `/payments/cancel` and `DELETE /vbanks`,
 * with the envelope `{ code, message, response }` and V1's HTTP 200 `code: 1` business errors.
 * Faults are switches: `down` (503), `expireTokens()` (the next call with an old token is a 401).
 */
export function fakeV1PortOne() {
  const payments = new Map<string, V1PaymentBody>();
  const prepared = new Map<string, { amount: number; currency: string }>();
  const calls: { method: string; path: string; body?: Record<string, unknown>; auth?: string | null }[] = [];
  let issued = 0;
  let valid = new Set<string>();
  const state = { down: false, clock: 1_700_000_000 };
  const reply = (status: number, code: number, message: string, response: unknown) =>
    new Response(JSON.stringify({ code, message, response }), {
      status,
      headers: { "Content-Type": "application/json" },
    });

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = init.method ?? "GET";
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    const auth = new Headers(init.headers).get("Authorization");
    calls.push({ method, path: url.pathname + url.search, ...(body ? { body } : {}), auth });
    // Yield, so concurrent callers really overlap.
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (state.down) return new Response("Service Unavailable", { status: 503 });
    if (url.pathname === "/users/getToken") {
      if (body?.imp_key !== "key" || body?.imp_secret !== "secret") return reply(401, -1, "bad keys", null);
      const token = `token-${++issued}`;
      valid.add(token);
      return reply(200, 0, "", { access_token: token, now: state.clock, expired_at: state.clock + 1800 });
    }
    if (!auth || !valid.has(auth.replace(/^Bearer /, ""))) return reply(401, -1, "Unauthorized", null);
    const path = url.pathname;
    if (method === "POST" && path === "/payments/prepare") {
      const merchantUid = String(body?.merchant_uid);
      if (prepared.has(merchantUid)) return reply(200, 1, "이미 등록된 merchant_uid 입니다.", null);
      prepared.set(merchantUid, { amount: Number(body?.amount), currency: String(body?.currency) });
      return reply(200, 0, "", { merchant_uid: merchantUid, amount: body?.amount });
    }
    if (method === "GET" && path.startsWith("/payments/find/")) {
      const merchantUid = decodeURIComponent(path.slice("/payments/find/".length));
      const found = [...payments.values()].filter((p) => p.merchant_uid === merchantUid).at(-1);
      return found ? reply(200, 0, "", found) : reply(404, -1, "존재하지 않는 결제정보입니다.", null);
    }
    if (method === "GET" && path.startsWith("/payments/")) {
      const found = payments.get(decodeURIComponent(path.slice("/payments/".length)));
      const sandboxHidden = found?.sandbox === true && url.searchParams.get("include_sandbox") !== "true";
      return found && !sandboxHidden ? reply(200, 0, "", found) : reply(404, -1, "존재하지 않는 결제정보입니다.", null);
    }
    if (method === "POST" && path === "/payments/cancel") {
      const found = payments.get(String(body?.imp_uid));
      if (!found) return reply(200, 1, "취소할 결제건이 존재하지 않습니다.", null);
      const balance = Number(found.amount) - Number(found.cancel_amount ?? 0);
      if (found.status !== "paid" || (body?.checksum !== undefined && Number(body.checksum) !== balance))
        return reply(200, 1, "취소가능잔액 검증에 실패하였습니다.", null);
      const amount = body?.amount === undefined ? balance : Number(body.amount);
      const cancelled = Number(found.cancel_amount ?? 0) + amount;
      Object.assign(found, {
        cancel_amount: cancelled,
        status: cancelled >= Number(found.amount) ? "cancelled" : "paid",
        cancel_reason: body?.reason,
        cancel_history: [...((found.cancel_history as unknown[]) ?? []), { pg_tid: `pgtid-${cancelled}`, amount }],
      });
      return reply(200, 0, "", found);
    }
    if (method === "DELETE" && path.startsWith("/vbanks/")) {
      const found = payments.get(decodeURIComponent(path.slice("/vbanks/".length)));
      if (found?.status !== "ready") return reply(200, 1, "발급취소할 가상계좌가 없습니다.", null);
      Object.assign(found, { status: "cancelled" });
      return reply(200, 0, "", found);
    }
    return reply(404, -1, "no such path", null);
  };

  return {
    fetch,
    calls,
    payments,
    prepared,
    state,
    /** A payment PortOne shows, paid live in KRW unless told otherwise. */
    pay(body: Partial<V1PaymentBody> & { imp_uid: string; merchant_uid: string }) {
      payments.set(body.imp_uid, {
        status: "paid",
        amount: 12000,
        cancel_amount: 0,
        currency: "KRW",
        sandbox: false,
        pay_method: "card",
        paid_at: 1_700_000_100,
        ...body,
      });
    },
    /** Every token issued so far stops working (PortOne answers 401 to it). */
    expireTokens() {
      valid = new Set();
    },
    tokenRequests: () => calls.filter((c) => c.path === "/users/getToken").length,
  };
}

/** A V1 gateway over the fake, with its own token cache (so tests never share a token). */
export function v1Gateway(portone: ReturnType<typeof fakeV1PortOne>, tokens?: TokenCache) {
  return portOneV1Gateway({
    apiKey: "key",
    apiSecret: "secret",
    baseUrl: "https://api.iamport.test",
    impCode: "imp12345678",
    timeoutMs: 1000,
    fetch: portone.fetch as typeof fetch,
    now: () => portone.state.clock * 1000,
    tokens: tokens ?? { token: null, pending: null },
  });
}

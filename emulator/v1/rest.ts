import { type Context, Hono, type MiddlewareHandler } from "hono";
import { injectFaults } from "../faults.ts";
import { businessError, handleV1Error, notFound, ok, V1Error } from "./envelope.ts";
import { cancelV1, newestOf, revokeVbank, toV1Payload } from "./payments.ts";
import type { V1State } from "./state.ts";
import { issueToken, isValidToken, tokenOf } from "./token.ts";

/** A V1 request body, JSON or form-encoded, as flat data. */
export async function readV1Body(c: Context): Promise<Record<string, unknown>> {
  const raw = await c.req.text();
  if (raw.trim() === "") return {};
  if ((c.req.header("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw new V1Error(400, -1, "요청 본문을 해석할 수 없습니다.");
}

const str = (body: Record<string, unknown>, key: string) =>
  typeof body[key] === "string" && body[key] !== "" ? (body[key] as string) : undefined;

function num(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === "") return undefined;
  const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < 0) throw new V1Error(400, -1, `${key}는 0 이상의 숫자여야 합니다.`);
  return parsed;
}

/**
 * Whether a request is V1's rather than V2's on the shared paths: `/users/getToken`,
 * `/payments/{find,prepare,cancel,status}...`, `/vbanks/...`, and `/payments/{id}` when the id is an `imp_uid`
 * or the caller sends a token this emulator issued (V2 callers send `PortOne <secret>`).
 */
export function isV1Request(state: V1State, c: Context): boolean {
  const path = c.req.path;
  if (path === "/users/getToken") return true;
  if (/^\/payments\/(find|prepare|cancel|status)(\/|$)/.test(path) || path.startsWith("/vbanks/")) return true;
  const match = /^\/payments\/([^/]+)$/.exec(path);
  if (!match || c.req.method !== "GET") return false;
  return (match[1] ?? "").startsWith("imp_") || state.tokens.has(tokenOf(c.req.header("authorization")));
}

/**
 * PortOne's REST API V1 (`https://api.iamport.kr`): every answer is `{ code, message, response }`,
 * business errors HTTP 200 with `code: 1`; behind `POST /users/getToken`'s token and the injected faults.
 *
 * @example
 * ```ts
 * const { response } = await (await fetch(`${url}/users/getToken`, { method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ imp_key: DEV_V1_API_KEY, imp_secret: DEV_V1_API_SECRET }) })).json();
 * await fetch(`${url}/payments/${impUid}`, { headers: { Authorization: `Bearer ${response.access_token}` } });
 * ```
 */
export function v1RestRoutes(state: V1State): Hono {
  const rest = new Hono();
  rest.onError(handleV1Error);
  rest.use("*", injectFaults(state.core));
  // V1's own fault: a business error in HTTP 200 (`code` ≠ 0), as PortOne answers a refusal.
  rest.use("*", async (c, next) => {
    const index = state.businessFaults.findIndex((rule) => rule.path === undefined || c.req.path.includes(rule.path));
    const rule = state.businessFaults[index];
    if (!rule) return next();
    rule.remaining -= 1;
    if (rule.remaining <= 0) state.businessFaults.splice(index, 1);
    return c.json({ code: rule.code, message: rule.message, response: null }, 200);
  });

  rest.post("/users/getToken", async (c) => {
    const body = await readV1Body(c);
    const token = issueToken(state, str(body, "imp_key") ?? "", str(body, "imp_secret") ?? "");
    if (!token) throw new V1Error(401, -1, "imp_key, imp_secret 파라미터가 올바르지 않습니다.");
    return ok(c, { access_token: token.access_token, now: state.now(), expired_at: token.expired_at });
  });

  const authenticate: MiddlewareHandler = async (c, next) => {
    if (!isValidToken(state, c.req.header("authorization"))) {
      throw new V1Error(401, -1, "Unauthorized: 유효하지 않은 access_token입니다.");
    }
    await next();
  };
  rest.use("/payments/*", authenticate);
  rest.use("/vbanks/*", authenticate);

  rest.delete("/vbanks/:imp_uid", (c) => ok(c, toV1Payload(revokeVbank(state, c.req.param("imp_uid")))));

  rest.post("/payments/prepare", async (c) => {
    const body = await readV1Body(c);
    const merchantUid = str(body, "merchant_uid");
    const amount = num(body, "amount");
    if (!merchantUid || amount === undefined) throw new V1Error(400, -1, "merchant_uid와 amount는 필수입니다.");
    if (state.prepared.has(merchantUid)) throw businessError("이미 등록된 merchant_uid입니다.");
    const prepared = { merchant_uid: merchantUid, amount };
    state.prepared.set(merchantUid, prepared);
    return ok(c, prepared);
  });
  rest.put("/payments/prepare", async (c) => {
    const body = await readV1Body(c);
    const prepared = state.prepared.get(str(body, "merchant_uid") ?? "");
    const amount = num(body, "amount");
    if (!prepared) throw businessError("사전등록된 결제정보가 존재하지 않습니다.");
    if (amount !== undefined) prepared.amount = amount;
    return ok(c, prepared);
  });
  rest.get("/payments/prepare/:merchant_uid", (c) => {
    const prepared = state.prepared.get(c.req.param("merchant_uid"));
    if (!prepared) throw new V1Error(404, 1, "사전등록된 결제정보가 존재하지 않습니다.");
    return ok(c, prepared);
  });

  rest.post("/payments/cancel", async (c) => {
    const body = await readV1Body(c);
    const impUid = str(body, "imp_uid");
    const merchantUid = str(body, "merchant_uid");
    if (!impUid && !merchantUid) throw new V1Error(400, -1, "imp_uid 또는 merchant_uid가 필요합니다.");
    const record = impUid ? state.payments.get(impUid) : newestOf(state, merchantUid ?? "");
    const cancelled = cancelV1(state, record, {
      reason: str(body, "reason") ?? "",
      amount: num(body, "amount"),
      checksum: num(body, "checksum"),
      refund_holder: str(body, "refund_holder"),
      refund_bank: str(body, "refund_bank"),
      refund_account: str(body, "refund_account"),
      notify: body.enable_webhook === true || body.enable_webhook === "true",
    });
    return ok(c, toV1Payload(cancelled));
  });

  rest.get("/payments/find/:merchant_uid/:status?", (c) => {
    const record = newestOf(state, c.req.param("merchant_uid"));
    const status = c.req.param("status");
    if (!record || (status && record.status !== status)) throw notFound();
    return ok(c, toV1Payload(record));
  });

  rest.get("/payments/status/:status", (c) => {
    const status = c.req.param("status");
    const sandbox = c.req.query("include_sandbox") === "true";
    const all = [...state.payments.values()]
      .filter((record) => (status === "all" || record.status === status) && (sandbox || !record.sandbox))
      .reverse();
    const limit = Math.min(Math.max(Number(c.req.query("limit")) || 20, 1), 100);
    const page = Math.max(Number(c.req.query("page")) || 1, 1);
    const list = all.slice((page - 1) * limit, page * limit).map(toV1Payload);
    const next = page * limit < all.length ? page + 1 : 0;
    return ok(c, { total: all.length, previous: page > 1 ? page - 1 : 0, next, list });
  });

  rest.get("/payments/:imp_uid", (c) => {
    const record = state.payments.get(c.req.param("imp_uid"));
    // Since 2026-01-26 a test-channel payment is hidden unless include_sandbox=true.
    if (!record || (record.sandbox && c.req.query("include_sandbox") !== "true")) throw notFound();
    return ok(c, toV1Payload(record));
  });

  rest.notFound((c) => c.json({ code: -1, message: "존재하지 않는 경로입니다.", response: null }, 404));
  return rest;
}

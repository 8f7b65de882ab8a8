import type { Currency, VirtualAccount } from "../../contract/index.ts";
import type { PaymentRecord } from "../domain/settlement.ts";
import type { GatewayFailure, GatewayResult, PaymentGateway } from "../services/ports.ts";
import { toMajorUnits, toMinorUnits } from "../services/v1-amounts.ts";

/**
 * `PaymentGateway` over PortOne V1's REST API (`https://api.iamport.kr`), by hand: PortOne ships
 * no V1 SDK.
 *
 * Limits this adapter lives with:
 * - Every answer is an envelope `{ code, message, response }`; business errors arrive as HTTP 200
 *   with `code: 1`, so a call succeeds only with a 2xx, `code === 0` and a `response`.
 * - Tokens (`POST /users/getToken`) live 30 minutes. One is cached per isolate, reused until a
 *   minute before `expired_at`, shared by concurrent calls (one request in flight), and refreshed
 *   once on a 401. PortOne answers the same token while it is valid, so isolates asking at once
 *   do not invalidate each other. A refresh started by one request and awaited by another ends
 *   with the first: if that request is cancelled, the second waits at most `timeoutMs`
 *   (`UNAVAILABLE`) and the next call asks again.
 * - V1 has no idempotency key: `POST /payments/cancel` carries `checksum` (the cancellable
 *   balance we read just before), so a repeated refund is refused rather than paid twice; the
 *   merchant's `Idempotency-Key` is kept by the ledger's refund row, never sent to PortOne.
 * - `cancel` names V1's prose-only refusals before asking (not paid, another balance, more than
 *   the balance) and maps the admin's V2 `Bank` name to V1's code ({@link V1_BANK_CODES}); a
 *   card refund carries no refund account.
 * - V1 has no confirm step (`confirm` answers REFUSED `NOT_SUPPORTED_ON_V1`), and no listing
 *   by status-change time that reconciliation can page through (`listPayments` answers the same).
 * - A payment read by `imp_uid` that belongs to another `merchant_uid` answers REFUSED
 *   `MERCHANT_UID_MISMATCH`: it is another order's payment, never this order's.
 */

/** How to reach PortOne V1. */
export interface V1GatewayOptions {
  apiKey: string;
  apiSecret: string;
  baseUrl: string;
  /** The merchant's 고객사 식별코드: V1 records carry no store id, so every record we read is ours and says this. */
  impCode: string;
  timeoutMs: number;
  /** Injectable for tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
  /** Injectable clock (milliseconds) for the token's expiry. */
  now?: () => number;
  /** Where the token is kept; by default one per isolate and API key, shared by every request it serves. */
  tokens?: TokenCache;
}

/** A token and the in-flight request for the next one, shared by the gateways of one isolate. */
export interface TokenCache {
  token: { value: string; renewAt: number } | null;
  pending: Promise<string> | null;
}

/** The isolate's tokens by API base and key: a gateway is built per request, the token outlives it. */
const ISOLATE_TOKENS = new Map<string, TokenCache>();

function isolateTokens(baseUrl: string, apiKey: string): TokenCache {
  const key = `${baseUrl} ${apiKey}`;
  let cache = ISOLATE_TOKENS.get(key);
  if (!cache) {
    cache = { token: null, pending: null };
    ISOLATE_TOKENS.set(key, cache);
  }
  return cache;
}

/** A V1 payment as `GET /payments/{imp_uid}` answers it (only what we read). */
interface V1Payment {
  imp_uid?: unknown;
  merchant_uid?: unknown;
  amount?: unknown;
  cancel_amount?: unknown;
  currency?: unknown;
  status?: unknown;
  sandbox?: unknown;
  pay_method?: unknown;
  paid_at?: unknown;
  fail_reason?: unknown;
  cancel_reason?: unknown;
  receipt_url?: unknown;
  vbank_code?: unknown;
  vbank_name?: unknown;
  vbank_num?: unknown;
  vbank_holder?: unknown;
  vbank_date?: unknown;
  cancel_history?: unknown;
}

/** Thrown inside a call and turned into a {@link GatewayFailure} by `guard`. */
class V1Failure extends Error {
  readonly failure: GatewayFailure;
  constructor(failure: GatewayFailure) {
    super("detail" in failure ? failure.detail : failure.kind);
    this.failure = failure;
  }
}

/** Renew this long before `expired_at`, so a token never expires on its way to PortOne. */
const TOKEN_MARGIN_MS = 60_000;

/**
 * The V1 calls, each bounded by `timeoutMs`.
 *
 * @example
 * const gateway = portOneV1Gateway({ apiKey, apiSecret, baseUrl: "https://api.iamport.kr", impCode, timeoutMs: 15000 });
 * const read = await gateway.getPayment("pay1", { impUid: "imp_123" });
 */
export function portOneV1Gateway(options: V1GatewayOptions): PaymentGateway {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = options.now ?? (() => Date.now());
  const cache = options.tokens ?? isolateTokens(options.baseUrl, options.apiKey);

  /** A valid token: the cached one, or one shared request for a new one. */
  const getToken = (force: boolean, stale?: string): Promise<string> => {
    // A 401 on a token another caller already replaced is answered with the replacement.
    const { token } = cache;
    if (token && (!force || token.value !== stale) && now() < token.renewAt) return Promise.resolve(token.value);
    if (force && token?.value === stale) cache.token = null;
    cache.pending ??= (async () => {
      try {
        const answer = await envelope(
          await doFetch(url("/users/getToken"), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ imp_key: options.apiKey, imp_secret: options.apiSecret }),
          }),
        );
        const { access_token, now: issuedAt, expired_at } = answer as Record<string, unknown>;
        if (typeof access_token !== "string" || !access_token)
          throw new V1Failure({ kind: "UNAVAILABLE", detail: "getToken answered no access_token" });
        // PortOne's clock may differ from ours: trust only the token's remaining lifetime.
        const lifetimeMs =
          typeof expired_at === "number" && typeof issuedAt === "number" ? (expired_at - issuedAt) * 1000 : 0;
        cache.token = { value: access_token, renewAt: now() + Math.max(0, lifetimeMs - TOKEN_MARGIN_MS) };
        return access_token;
      } finally {
        cache.pending = null;
      }
    })();
    return cache.pending;
  };

  const url = (path: string) => new URL(path, options.baseUrl).toString();

  /** An authorised call, refreshed once on a 401. Answers the envelope's `response`. */
  const api = async (method: string, path: string, body?: Record<string, unknown>): Promise<unknown> => {
    let used = await getToken(false);
    for (let attempt = 1; ; attempt++) {
      const response = await doFetch(url(path), {
        method,
        headers: {
          Authorization: `Bearer ${used}`,
          ...(body ? { "Content-Type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (response.status === 401 && attempt === 1) {
        await response.body?.cancel();
        used = await getToken(true, used);
        continue;
      }
      return envelope(response);
    }
  };

  const call = <T>(work: () => Promise<T>) => guard(work, options.timeoutMs);

  /** The newest payment under our `merchant_uid`, or by `imp_uid` when the browser gave one. */
  const read = async (paymentId: string, impUid?: string): Promise<V1Payment> => {
    const payment = (
      impUid
        ? // Sandbox payments answer 404 without include_sandbox: read them so they are refused by name.
          await api("GET", `/payments/${encodeURIComponent(impUid)}?include_sandbox=true`)
        : await api("GET", `/payments/find/${encodeURIComponent(paymentId)}`)
    ) as V1Payment;
    if (payment.merchant_uid !== paymentId) {
      throw new V1Failure({
        kind: "REFUSED",
        type: "MERCHANT_UID_MISMATCH",
        detail: `imp_uid ${String(impUid)} belongs to merchant_uid ${String(payment.merchant_uid)}`,
      });
    }
    return payment;
  };

  return {
    preRegister: ({ paymentId, totalAmount, currency }) =>
      call(async () => {
        await api("POST", "/payments/prepare", {
          merchant_uid: paymentId,
          amount: toMajorUnits(totalAmount, currency),
          currency,
        });
      }),
    getPayment: (paymentId, hint) => call(async () => toV1Record(await read(paymentId, hint?.impUid), options.impCode)),
    confirm: () =>
      Promise.resolve({
        ok: false,
        failure: { kind: "REFUSED", type: "NOT_SUPPORTED_ON_V1", detail: "V1 has no confirm step" },
      }),
    refund: ({ paymentId, how, reason }) =>
      call(async () => {
        const payment = await read(paymentId);
        const impUid = String(payment.imp_uid);
        if (how === "CLOSE_VIRTUAL_ACCOUNT" && payment.status === "ready") {
          // V1's 가상계좌 발급취소: an account only issued is closed, nothing was paid.
          await api("DELETE", `/vbanks/${encodeURIComponent(impUid)}`);
          return;
        }
        const currency = typeof payment.currency === "string" ? payment.currency : "KRW";
        const balance = remaining(payment, currency);
        if (payment.status !== "paid" || balance === null || balance <= 0) {
          throw new V1Failure({
            kind: "REFUSED",
            type: "PAYMENT_NOT_PAID",
            detail: `status ${String(payment.status)}`,
          });
        }
        await api("POST", "/payments/cancel", {
          imp_uid: impUid,
          reason,
          // The balance we just read: a cancel that already happened makes PortOne refuse this one.
          checksum: toMajorUnits(balance, currency as Currency),
        });
      }),
    cancel: ({ paymentId, amount, reason, currentCancellableAmount, refundAccount }) =>
      call(async () => {
        const payment = await read(paymentId);
        const currency = (typeof payment.currency === "string" ? payment.currency : "KRW") as Currency;
        // V1 answers these refusals as HTTP 200 `code: 1` with prose only: name them first, as V2 does.
        const balance = remaining(payment, currency);
        if (payment.status !== "paid" || balance === null || balance <= 0) {
          throw new V1Failure({
            kind: "REFUSED",
            type: "PAYMENT_NOT_PAID",
            detail: `status ${String(payment.status)}`,
          });
        }
        if (balance !== currentCancellableAmount) {
          throw new V1Failure({
            kind: "REFUSED",
            type: "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN",
            detail: `the cancellable balance is ${balance}, not ${currentCancellableAmount}`,
          });
        }
        if (amount > balance) {
          throw new V1Failure({
            kind: "REFUSED",
            type: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
            detail: `${amount} > ${balance}`,
          });
        }
        // Only a virtual account is refunded to an account; a card's refund goes back to the card.
        let refundTo = {};
        if (payment.pay_method === "vbank") {
          const bank = refundAccount ? V1_BANK_CODES[refundAccount.bank] : undefined;
          if (!refundAccount || !bank) {
            throw new V1Failure({
              kind: "REFUSED",
              type: "REFUND_BANK_NOT_SUPPORTED_ON_V1",
              detail: refundAccount ? `no V1 bank code for ${refundAccount.bank}` : "a refund account is required",
            });
          }
          refundTo = {
            refund_holder: refundAccount.holderName,
            refund_bank: bank,
            refund_account: refundAccount.number,
          };
        }
        const answer = (await api("POST", "/payments/cancel", {
          imp_uid: String(payment.imp_uid),
          amount: toMajorUnits(amount, currency),
          // The balance the merchant confirmed: a refund that landed meanwhile makes PortOne refuse this one.
          checksum: toMajorUnits(currentCancellableAmount, currency),
          reason,
          ...refundTo,
        })) as V1Payment;
        const history = Array.isArray(answer.cancel_history) ? answer.cancel_history : [];
        const last = history.at(-1) as { pg_tid?: unknown; cancellation_id?: unknown } | undefined;
        const id = last?.cancellation_id ?? last?.pg_tid;
        return { cancellationId: typeof id === "string" && id ? id : `v1-${history.length}`, status: "SUCCEEDED" };
      }),
    listPayments: () =>
      Promise.resolve({
        ok: false,
        failure: {
          kind: "REFUSED",
          type: "NOT_SUPPORTED_ON_V1",
          detail: "V1 lists by each status's own time, not by the time of the last change",
        },
      }),
  };
}

/**
 * PortOne V2 `Bank` names (what the admin sends in `refundAccount.bank`) to the 3-digit bank codes
 * V1's `refund_bank` takes. V1's spec defers to PortOne's 은행코드표, which is the 금융결제원 (KFTC)
 * standard bank code list; the V2 enum follows the same list, so each entry below is the KFTC code
 * of the bank the V2 name's title names. Banks only: securities firms, guarantee funds and
 * "other foreign bank" have no entry, and a refund to one is refused before PortOne is asked
 * (`REFUND_BANK_NOT_SUPPORTED_ON_V1`).
 */
export const V1_BANK_CODES: Readonly<Record<string, string>> = {
  KDB: "002",
  IBK: "003",
  KOOKMIN: "004",
  SUHYUP: "007",
  NONGHYUP: "011",
  LOCAL_NONGHYUP: "012",
  WOORI: "020",
  STANDARD_CHARTERED: "023",
  CITI: "027",
  DAEGU: "031",
  BUSAN: "032",
  KWANGJU: "034",
  JEJU: "035",
  JEONBUK: "037",
  KYONGNAM: "039",
  KFCC: "045",
  SHINHYUP: "048",
  SAVINGS_BANK: "050",
  HSBC: "054",
  NFCF: "064",
  POST: "071",
  HANA: "081",
  SHINHAN: "088",
  K_BANK: "089",
  KAKAO: "090",
  TOSS: "092",
};

/** What is left to refund, in minor units. */
function remaining(payment: V1Payment, currency: string): number | null {
  const amount = toMinorUnits(payment.amount, currency);
  const cancelled = toMinorUnits(payment.cancel_amount ?? 0, currency);
  return amount === null || cancelled === null ? null : amount - cancelled;
}

/** Reads an envelope: a 2xx, `code === 0` and a `response`, or a {@link V1Failure}. */
async function envelope(response: Response): Promise<unknown> {
  let body = null as { code?: unknown; message?: unknown; response?: unknown } | null;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): below, by the HTTP status alone.
  }
  const message = typeof body?.message === "string" ? body.message : `HTTP ${response.status}`;
  if (response.status === 404) throw new V1Failure({ kind: "NOT_FOUND" });
  if (response.status === 401 || response.status === 403)
    throw new V1Failure({ kind: "UNAUTHORIZED", detail: message });
  if (!response.ok || !body || typeof body !== "object") {
    throw new V1Failure(
      response.status >= 500 || !body || response.ok
        ? { kind: "UNAVAILABLE", detail: `HTTP ${response.status}: ${message}` }
        : { kind: "REFUSED", type: `HTTP_${response.status}`, detail: message },
    );
  }
  // HTTP 200 with code 1 is a business refusal (a second prepare, a cancel of an unknown payment).
  if (body.code !== 0) throw new V1Failure({ kind: "REFUSED", type: `V1_CODE_${String(body.code)}`, detail: message });
  if (body.response === null || body.response === undefined)
    throw new V1Failure({ kind: "UNAVAILABLE", detail: "the envelope has no response" });
  return body.response;
}

async function guard<T>(work: () => Promise<T>, timeoutMs: number): Promise<GatewayResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PortOne V1 did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([work(), timeout]) };
  } catch (error) {
    if (error instanceof V1Failure) return { ok: false, failure: error.failure };
    return { ok: false, failure: { kind: "UNAVAILABLE", detail: String((error as Error)?.message ?? error) } };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** Unix seconds to ISO 8601; V1 writes 0 for "not applicable". */
const isoOf = (seconds: unknown): string | undefined =>
  typeof seconds === "number" && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/**
 * A V1 payment as the domain's record: `paid` → PAID (PARTIAL_CANCELLED once something was
 * cancelled), `ready` with `vbank_num` → VIRTUAL_ACCOUNT_ISSUED, `ready` → READY, `failed`,
 * `cancelled`, anything else UNRECOGNIZED; `sandbox` → channelType TEST/LIVE; amounts in minor units.
 *
 * @example toV1Record({ status: "paid", amount: 14.2, currency: "USD", sandbox: false, merchant_uid: "pay1" }, "imp1")
 * // → { status: "PAID", amountTotal: 1420, channelType: "LIVE", storeId: "imp1", ... }
 */
export function toV1Record(payment: V1Payment, impCode: string): PaymentRecord {
  const rawStatus = String(payment.status);
  const currency = typeof payment.currency === "string" ? payment.currency : null;
  const amountTotal = toMinorUnits(payment.amount, currency);
  const cancelled = toMinorUnits(payment.cancel_amount ?? 0, currency) ?? 0;
  const vbankNum = text(payment.vbank_num);
  let status: PaymentRecord["status"];
  switch (rawStatus) {
    case "paid":
      status = cancelled > 0 ? "PARTIAL_CANCELLED" : "PAID";
      break;
    case "ready":
      status = vbankNum ? "VIRTUAL_ACCOUNT_ISSUED" : "READY";
      break;
    case "failed":
      status = "FAILED";
      break;
    case "cancelled":
      status = "CANCELLED";
      break;
    default:
      status = "UNRECOGNIZED";
  }
  const record: PaymentRecord = {
    status,
    rawStatus,
    storeId: impCode,
    currency,
    amountTotal,
    // Fail closed: only an explicit `sandbox: false` is a live payment.
    channelType: payment.sandbox === false ? "LIVE" : payment.sandbox === true ? "TEST" : null,
  };
  const paidAt = isoOf(payment.paid_at);
  if (paidAt) record.paidAt = paidAt;
  if (payment.pay_method === "vbank") record.isVirtualAccount = true;
  if (vbankNum) {
    const account: VirtualAccount = { accountNumber: vbankNum };
    const bank = text(payment.vbank_code) ?? text(payment.vbank_name);
    if (bank) account.bank = bank;
    const holder = text(payment.vbank_holder);
    if (holder) account.remitteeName = holder;
    const due = isoOf(payment.vbank_date);
    if (due) account.expiredAt = due;
    record.virtualAccount = account;
  }
  const failReason = text(payment.fail_reason);
  if (failReason) record.failure = { reason: failReason };
  const cancelReason = text(payment.cancel_reason);
  if (cancelReason) record.cancelReason = cancelReason;
  if (cancelled > 0) record.amountCancelled = cancelled;
  const receipt = text(payment.receipt_url);
  if (receipt) record.receiptUrl = receipt;
  return record;
}

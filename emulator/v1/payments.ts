import { businessError, notFound, V1Error } from "./envelope.ts";
import type { V1Payment, V1State } from "./state.ts";

/** What the shopper does in the V1 window. */
export type V1Outcome = "PAID" | "FAILED" | "CANCELLED_BY_USER" | "VIRTUAL_ACCOUNT_ISSUED";

/** `IMP.request_pay`'s params plus the shopper's choice (`POST /_emulator/v1/payments`). */
export type V1WindowAction = {
  params: Record<string, unknown>;
  outcome: V1Outcome;
  /** Major units actually charged (tampering): skips the prepare check. */
  amountPaid?: number;
  sandbox: boolean;
  mobile: boolean;
  userAgent: string;
  receiptUrl: (impUid: string) => string;
};

/** The callback object `IMP.request_pay` hands the page. */
export type V1Callback = Record<string, unknown> & {
  imp_uid: string | null;
  merchant_uid: string;
  error_code: string | null;
  error_msg: string | null;
  success: boolean;
  imp_success: boolean;
};

/** The window's refusal of an amount other than the prepared one (the emulator's choice; unconfirmed). */
export const PREPARE_MISMATCH_CODE = "F400";
/** A declined card. */
export const DECLINED_CODE = "F1002";
/** The shopper closed the window. */
export const USER_CANCEL_CODE = "F1001";

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** The shopper acts in the window: records the attempt, sends its notice, answers the callback. */
export function actInV1Window(state: V1State, action: V1WindowAction): V1Callback {
  const { params } = action;
  const merchantUid = text(params.merchant_uid) ?? "";
  const amount = typeof params.amount === "number" ? params.amount : Number.NaN;
  const fail = (impUid: string | null, code: string, message: string): V1Callback => ({
    success: false,
    imp_success: false,
    imp_uid: impUid,
    merchant_uid: merchantUid,
    error_code: code,
    error_msg: message,
  });
  if (!merchantUid || merchantUid.length > 40) return fail(null, "F400", "merchant_uid는 1~40자여야 합니다.");
  if (!Number.isFinite(amount) || amount < 0) return fail(null, "F400", "amount는 0 이상의 숫자여야 합니다.");
  const prepared = state.prepared.get(merchantUid);
  if (prepared && action.amountPaid === undefined && prepared.amount !== amount) {
    return fail(
      null,
      PREPARE_MISMATCH_CODE,
      `사전 등록된 결제 금액(${prepared.amount})과 요청 금액(${amount})이 일치하지 않습니다.`,
    );
  }
  const now = state.now();
  const impUid = state.newImpUid();
  const vbank = action.outcome === "VIRTUAL_ACCOUNT_ISSUED";
  const record: V1Payment = {
    imp_uid: impUid,
    merchant_uid: merchantUid,
    pay_method: vbank ? "vbank" : (text(params.pay_method) ?? "card"),
    channel: action.mobile ? "mobile" : "pc",
    pg_provider: "tosspayments",
    emb_pg_provider: null,
    pg_tid: `emulator_${impUid}`,
    pg_id: text(params.channelKey) ?? "emulator",
    escrow: false,
    apply_num: "",
    bank_code: null,
    bank_name: null,
    card_code: null,
    card_name: null,
    card_quota: 0,
    card_number: null,
    card_type: null,
    vbank_code: null,
    vbank_name: null,
    vbank_num: null,
    vbank_holder: null,
    vbank_date: 0,
    vbank_issued_at: 0,
    name: text(params.name) ?? "",
    amount: action.amountPaid ?? amount,
    cancel_amount: 0,
    currency: text(params.currency) ?? "KRW",
    buyer_name: text(params.buyer_name),
    buyer_email: text(params.buyer_email),
    buyer_tel: text(params.buyer_tel),
    buyer_addr: text(params.buyer_addr),
    buyer_postcode: text(params.buyer_postcode),
    custom_data: params.custom_data === undefined ? null : JSON.stringify(params.custom_data),
    user_agent: action.userAgent,
    status: "ready",
    started_at: now,
    paid_at: 0,
    failed_at: 0,
    cancelled_at: 0,
    fail_reason: null,
    cancel_reason: null,
    receipt_url: action.receiptUrl(impUid),
    cancel_history: [],
    cancel_receipt_urls: [],
    cash_receipt_issued: false,
    customer_uid: null,
    customer_uid_usage: null,
    sandbox: action.sandbox,
  };
  const noticeUrl = text(params.notice_url);
  if (noticeUrl) record.notice_url = noticeUrl;
  state.payments.set(impUid, record);
  switch (action.outcome) {
    case "FAILED":
      record.status = "failed";
      record.failed_at = now;
      record.fail_reason = "카드사 승인이 거절되었습니다. (에뮬레이터)";
      return fail(impUid, DECLINED_CODE, record.fail_reason);
    case "CANCELLED_BY_USER":
      record.status = "failed";
      record.failed_at = now;
      record.fail_reason = "사용자가 결제를 취소하셨습니다";
      return fail(impUid, USER_CANCEL_CODE, record.fail_reason);
    case "VIRTUAL_ACCOUNT_ISSUED":
      Object.assign(record, {
        vbank_code: "004",
        vbank_name: "KB국민은행",
        vbank_num: `9002-${impUid.slice(-8)}`,
        vbank_holder: "(주)포트원에뮬레이터",
        vbank_date: now + 3 * 24 * 60 * 60,
        vbank_issued_at: now,
      });
      notify(state, record);
      return success(record);
    case "PAID":
      record.status = "paid";
      record.paid_at = now;
      record.apply_num = impUid.slice(-8);
      record.card_name = "에뮬레이터카드";
      notify(state, record);
      return success(record);
  }
}

function success(record: V1Payment): V1Callback {
  return {
    success: true,
    imp_success: true,
    imp_uid: record.imp_uid,
    merchant_uid: record.merchant_uid,
    error_code: null,
    error_msg: null,
    pay_method: record.pay_method,
    paid_amount: record.amount,
    status: record.status,
    name: record.name,
    pg_provider: record.pg_provider,
    pg_tid: record.pg_tid,
    currency: record.currency,
    paid_at: record.paid_at,
    receipt_url: record.receipt_url,
    ...(record.vbank_num
      ? {
          vbank_num: record.vbank_num,
          vbank_name: record.vbank_name,
          vbank_holder: record.vbank_holder,
          vbank_date: record.vbank_date,
        }
      : {}),
  };
}

/** Sends the payment's V1 notice (its current status) to its notice URL or the configured one. */
export function notify(state: V1State, record: V1Payment, cancellationId?: string): void {
  state.notices.enqueue(
    state.core.newId("notice_"),
    {
      imp_uid: record.imp_uid,
      merchant_uid: record.merchant_uid,
      status: record.status,
      ...(cancellationId ? { cancellation_id: cancellationId } : {}),
    },
    {
      url: record.notice_url ?? state.config.webhookUrl,
      format: state.config.webhookContentType,
      drop: state.core.config.dropWebhooks,
    },
  );
}

/** The depositor pays into an issued virtual account: `ready` → `paid`, with its notice. */
export function depositV1(state: V1State, impUid: string): V1Payment {
  const record = state.payments.get(impUid);
  if (!record) throw notFound();
  if (record.status !== "ready" || !record.vbank_num) throw businessError("입금 대기 중인 가상계좌가 아닙니다.");
  record.status = "paid";
  record.paid_at = state.now();
  notify(state, record);
  return record;
}

/** What `POST /payments/cancel` (or the console) asks. */
export type V1CancelInput = {
  amount?: number;
  checksum?: number;
  reason: string;
  refund_holder?: string;
  refund_bank?: string;
  refund_account?: string;
  /** Send the notice (console cancels always do; API cancels only with `enable_webhook`). */
  notify: boolean;
};

/**
 * Cancels all (no `amount`) or part of a paid payment. A partial cancel leaves `status: "paid"`
 * (unconfirmed in PortOne's material; read `amount - cancel_amount`). Refusals are business errors.
 */
export function cancelV1(state: V1State, record: V1Payment | undefined, input: V1CancelInput): V1Payment {
  if (!record) throw businessError("취소할 결제건이 존재하지 않습니다.");
  if (record.status === "cancelled") throw businessError("이미 전액취소된 주문입니다.");
  if (record.status !== "paid") throw businessError("결제완료 상태가 아닌 결제건은 취소할 수 없습니다.");
  const cancellable = round(record.amount - record.cancel_amount);
  if (input.checksum !== undefined && round(input.checksum) !== cancellable) {
    throw businessError(`취소 가능 잔액(${cancellable})이 checksum(${input.checksum})과 일치하지 않습니다.`);
  }
  const amount = input.amount ?? cancellable;
  if (!(amount > 0) || amount > cancellable) {
    throw businessError(`취소 요청 금액(${amount})이 취소 가능 잔액(${cancellable})을 초과합니다.`);
  }
  if (record.pay_method === "vbank" && (!input.refund_holder || !input.refund_bank || !input.refund_account)) {
    throw businessError("가상계좌 환불에는 refund_holder, refund_bank, refund_account가 필요합니다.");
  }
  // refund_bank is a 금융결제원 standard bank code ("004", "088"), as V1's spec says.
  if (record.pay_method === "vbank" && !/^\d{3}$/.test(input.refund_bank ?? "")) {
    throw businessError(`환불계좌 은행코드(${input.refund_bank})가 올바르지 않습니다.`);
  }
  const now = state.now();
  const cancellationId = state.core.newId("cancel_");
  record.cancel_amount = round(record.cancel_amount + amount);
  record.cancel_reason = input.reason;
  record.cancelled_at = now;
  record.cancel_history.push({
    pg_tid: record.pg_tid,
    amount,
    cancelled_at: now,
    reason: input.reason,
    cancellation_id: cancellationId,
    receipt_url: record.receipt_url,
  });
  record.cancel_receipt_urls.push(record.receipt_url);
  if (record.cancel_amount >= record.amount) record.status = "cancelled";
  if (input.notify) notify(state, record, cancellationId);
  return record;
}

/** Major units may be decimal (USD 14.2): compare to the cent. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The newest attempt under a `merchant_uid`. */
export function newestOf(state: V1State, merchantUid: string): V1Payment | undefined {
  let newest: V1Payment | undefined;
  for (const record of state.payments.values()) if (record.merchant_uid === merchantUid) newest = record;
  return newest;
}

/** The record as the REST API answers it (without the emulator's own `notice_url`). */
export function toV1Payload(record: V1Payment): Omit<V1Payment, "notice_url"> {
  const { notice_url: _noticeUrl, ...payload } = record;
  return payload;
}

/**
 * V1's 가상계좌 발급취소 (`DELETE /vbanks/{imp_uid}`): an issued, unpaid account is revoked and the
 * payment ends `cancelled` with nothing refunded. No notice (an API action). Refusals: 404 for an
 * unknown `imp_uid`, 400 when it is not a virtual account waiting for its deposit (spec).
 */
export function revokeVbank(state: V1State, impUid: string): V1Payment {
  const record = state.payments.get(impUid);
  if (!record) throw notFound();
  if (record.status !== "ready" || !record.vbank_num) {
    throw new V1Error(400, 1, "입금대기 상태(ready)의 가상계좌가 아닙니다.");
  }
  record.status = "cancelled";
  record.cancelled_at = state.now();
  record.cancel_reason = "가상계좌 발급취소";
  return record;
}

import type { EmulatorCore } from "../core.ts";
import type { V1NoticeOutbox } from "./notices.ts";

/** A V1 payment's `status` (`GET /payments/{imp_uid}`). */
export type V1Status = "ready" | "paid" | "cancelled" | "failed";

/** One entry of a V1 payment's `cancel_history`. */
export type V1Cancellation = {
  pg_tid: string;
  amount: number;
  cancelled_at: number;
  reason: string;
  cancellation_id: string;
  receipt_url: string;
};

/** A V1 payment as `GET /payments/{imp_uid}` answers it (amounts in major units, times in unix seconds, 0 when n/a). */
export type V1Payment = {
  imp_uid: string;
  merchant_uid: string;
  pay_method: string;
  channel: "pc" | "mobile" | "api";
  pg_provider: string;
  emb_pg_provider: string | null;
  pg_tid: string;
  pg_id: string;
  escrow: boolean;
  apply_num: string;
  bank_code: string | null;
  bank_name: string | null;
  card_code: string | null;
  card_name: string | null;
  card_quota: number;
  card_number: string | null;
  card_type: number | null;
  vbank_code: string | null;
  vbank_name: string | null;
  vbank_num: string | null;
  vbank_holder: string | null;
  vbank_date: number;
  vbank_issued_at: number;
  name: string;
  amount: number;
  cancel_amount: number;
  currency: string;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string;
  status: V1Status;
  started_at: number;
  paid_at: number;
  failed_at: number;
  cancelled_at: number;
  fail_reason: string | null;
  cancel_reason: string | null;
  receipt_url: string;
  cancel_history: V1Cancellation[];
  cancel_receipt_urls: string[];
  cash_receipt_issued: boolean;
  customer_uid: string | null;
  customer_uid_usage: string | null;
  sandbox: boolean;
  /** The emulator's own: where this payment's notices go instead of the configured URL. */
  notice_url?: string;
};

/** An access token `POST /users/getToken` issued. */
export type V1Token = { access_token: string; expired_at: number };

/** The V1 side's set-up (the public options, defaults applied). */
export type V1Options = {
  apiKey: string;
  apiSecret: string;
  sandboxChannelKeys: readonly string[];
  webhookUrl: string | null;
  webhookContentType: "json" | "form";
};

/** What `PUT /_emulator/v1/config` changes at run time. */
export type V1Config = { webhookUrl: string | null; webhookContentType: "json" | "form" };

/** A business error the next matching V1 REST calls answer instead of being handled. */
export type V1BusinessFault = { path?: string; code: number; message: string; remaining: number };

/** The V1 side's in-memory state, beside the V2 core whose clock, faults and switches it shares. */
export type V1State = {
  readonly core: EmulatorCore;
  readonly options: V1Options;
  readonly payments: Map<string, V1Payment>;
  readonly prepared: Map<string, { merchant_uid: string; amount: number }>;
  /** Every token ever issued (expired ones too, so they are answered as V1's 401). */
  readonly tokens: Map<string, V1Token>;
  readonly notices: V1NoticeOutbox;
  /** Queued business errors (`POST /_emulator/v1/faults`): HTTP 200 `{ code, message, response: null }`. */
  readonly businessFaults: V1BusinessFault[];
  config: V1Config;
  /** The current time in unix seconds. */
  now(): number;
  /** A fresh `imp_` + 12 digits. */
  newImpUid(): string;
  reset(): void;
};

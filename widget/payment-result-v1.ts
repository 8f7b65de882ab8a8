/**
 * PortOne V1's (iamport's) result, in the words of V2's: `IMP.request_pay`'s callback and the
 * query string of an `m_redirect_url` return carry the same four fields, which become a
 * {@link PortOneOutcome} and go through the same {@link classifyOutcome} as V2's results (the
 * same cancel recognition, messages and events).
 *
 * Only `imp_uid`, `merchant_uid`, `error_code` and `error_msg` are read: several PGs send nothing
 * else, and `success` / `imp_success` are deprecated and do not mean "paid" (one PG reports
 * `false` for a paid payment). Failure is `error_code != null`; success is decided by the worker.
 *
 * @example
 * ```ts
 * classifyImp({ imp_uid: 'imp_1', merchant_uid: 'pay1', error_code: null }, 'pay1');
 * // { kind: 'succeeded', paymentId: 'pay1', impUid: 'imp_1', paymentToken: undefined }
 * ```
 */
import { type ClassifiedOutcome, classifyOutcome, type PortOneOutcome } from "./payment-result.js";

/** What V1 returns, callback or query string; every key optional, any may be `null`. */
export interface ImpResponse {
  imp_uid?: string | null | undefined;
  merchant_uid?: string | null | undefined;
  error_code?: string | null | undefined;
  error_msg?: string | null | undefined;
}

/** V1's fields as V2's: `merchant_uid` is our `paymentId`, `imp_uid` PortOne's id. */
export const fromImp = ({ imp_uid, merchant_uid, error_code, error_msg }: ImpResponse): PortOneOutcome => ({
  paymentId: merchant_uid || undefined,
  impUid: imp_uid || undefined,
  // `error_code != null` is a failure, even an empty one.
  code: error_code == null ? undefined : error_code || "IMP_ERROR",
  message: error_msg || undefined,
});

/** Classifies `IMP.request_pay`'s callback for the order the element opened (`merchantUid`). */
export const classifyImp = (response: ImpResponse, merchantUid: string): ClassifiedOutcome =>
  classifyOutcome(fromImp(response), merchantUid);

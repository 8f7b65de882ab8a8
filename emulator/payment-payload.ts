import { methodOf } from "./payment-method.ts";
import type { Cancellation, PaymentRecord } from "./payments.ts";

/**
 * The payloads `GET /payments/{paymentId}` answers with, shaped as the OpenAPI spec's `Payment`
 * union: one shape per `status`, dates as ISO strings, absent fields left out.
 */

/** The merchant id every emulated payment reports. */
export const MERCHANT_ID = "merchant-portone-emulator";

/**
 * The payment as PortOne's REST API returns it, for the record's status.
 *
 * @example
 * ```ts
 * const payload = toPaymentPayload(record); // { status: "PAID", id, amount: { total, paid, ... }, paidAt, ... }
 * ```
 */
export function toPaymentPayload(record: PaymentRecord): Record<string, unknown> {
  const common = {
    status: record.status,
    id: record.id,
    transactionId: record.transactionId,
    merchantId: MERCHANT_ID,
    storeId: record.storeId,
    method: methodOf(record),
    channel: {
      type: record.channelType,
      id: `channel-id-${record.channelKey}`,
      key: record.channelKey,
      name: `PortOne 에뮬레이터 · ${record.channelType} 채널`,
      pgProvider: "TOSSPAYMENTS",
      pgMerchantId: "tosstest",
    },
    version: "V2",
    requestedAt: record.requestedAt,
    updatedAt: record.updatedAt,
    statusChangedAt: record.statusChangedAt,
    orderName: record.orderName,
    amount: amountOf(record),
    currency: record.currency,
    customer: record.customer,
    origin: record.origin,
    customData: record.customData,
  };
  switch (record.status) {
    case "READY":
      return common;
    case "PAY_PENDING":
    case "VIRTUAL_ACCOUNT_ISSUED":
      return { ...common, pgTxId: record.pgTxId };
    case "PAID":
      return { ...common, ...settled(record), disputes: [] };
    case "FAILED":
      return { ...common, failedAt: record.failedAt, failure: record.failure };
    case "PARTIAL_CANCELLED":
    case "CANCELLED":
      return {
        ...common,
        ...settled(record),
        cancellations: record.cancellations,
        cancelledAt: record.cancelledAt,
      };
  }
}

/** `amount`: VAT is a tenth of the taxable supply (1/11 of the taxable total), as in Korea. */
function amountOf(record: PaymentRecord) {
  const vat = Math.round((record.totalAmount - record.taxFreeAmount) / 11);
  const sum = (pick: (cancellation: Cancellation) => number) =>
    record.cancellations.reduce((total, cancellation) => total + pick(cancellation), 0);
  return {
    total: record.totalAmount,
    taxFree: record.taxFreeAmount,
    vat,
    supply: record.totalAmount - record.taxFreeAmount - vat,
    discount: 0,
    paid: record.paidAmount,
    cancelled: sum((c) => c.totalAmount),
    cancelledTaxFree: sum((c) => c.taxFreeAmount),
  };
}

function settled(record: PaymentRecord) {
  return { paidAt: record.paidAt, pgTxId: record.pgTxId, receiptUrl: record.receiptUrl };
}

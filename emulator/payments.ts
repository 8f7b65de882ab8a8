/**
 * The emulator's payment records: what it knows about each payment, in PortOne's vocabulary.
 * `payment-payload.ts` turns one into what `GET /payments/{paymentId}` answers.
 */
import type { Bank } from "./banks.ts";
import type { RefundAccount } from "./refund-account.ts";

/** The seven statuses of a V2 payment. */
export const PAYMENT_STATUSES = [
  "READY",
  "PAY_PENDING",
  "VIRTUAL_ACCOUNT_ISSUED",
  "PAID",
  "FAILED",
  "PARTIAL_CANCELLED",
  "CANCELLED",
] as const;

/** One of {@link PAYMENT_STATUSES}. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The channel type PortOne reports: test channels charge nothing real. */
export type ChannelType = "TEST" | "LIVE";

/** PortOne's `Customer` (REST shape). */
export type Customer = {
  id?: string;
  name?: string;
  email?: string;
  phoneNumber?: string;
  zipcode?: string;
  birthYear?: string;
  birthMonth?: string;
  birthDay?: string;
  gender?: string;
};

/**
 * An issued virtual account (`PaymentMethodVirtualAccount` without its `type`); `bank`,
 * `remitteeName` and `expiredAt` are optional in PortOne's spec and may be left out.
 */
export type VirtualAccount = {
  bank?: Bank;
  accountNumber: string;
  accountType: "FIXED" | "NORMAL";
  remitteeName?: string;
  expiredAt?: string;
  issuedAt: string;
  refundStatus?: "PENDING" | "PARTIAL_REFUND_FAILED" | "FAILED" | "COMPLETED";
};

/** A succeeded cancellation (`SucceededPaymentCancellation`). */
export type Cancellation = {
  status: "SUCCEEDED";
  id: string;
  pgCancellationId: string;
  totalAmount: number;
  taxFreeAmount: number;
  vatAmount: number;
  reason: string;
  requestedAt: string;
  cancelledAt: string;
  trigger: "API" | "CONSOLE";
};

/** Why a payment failed (`PaymentFailure`). */
export type PaymentFailure = { reason: string; pgCode?: string; pgMessage?: string };

/** Everything the emulator knows about one payment. */
export type PaymentRecord = {
  id: string;
  storeId: string;
  transactionId: string;
  status: PaymentStatus;
  channelKey: string;
  channelType: ChannelType;
  payMethod: string;
  orderName: string;
  currency: string;
  totalAmount: number;
  taxFreeAmount: number;
  /** What was actually charged (`amount.paid`); 0 until paid. */
  paidAmount: number;
  customer: Customer;
  customData?: string;
  origin: { platformType: "PC" | "MOBILE" | "API"; ipAddress: string; userAgent?: string };
  requestedAt: string;
  updatedAt: string;
  statusChangedAt: string;
  paidAt?: string;
  failedAt?: string;
  cancelledAt?: string;
  pgTxId?: string;
  approvalNumber?: string;
  receiptUrl?: string;
  /** Issued to manual-confirm channels; needed by `POST /payments/{id}/confirm`. */
  paymentToken?: string;
  failure?: PaymentFailure;
  virtualAccount?: VirtualAccount;
  cancellations: Cancellation[];
  /** Where each refund of a paid virtual account went (raw record only: not in the REST shape). */
  refundAccounts?: (RefundAccount & { cancellationId: string })[];
};

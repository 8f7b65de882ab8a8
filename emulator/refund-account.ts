import { type Bank, isBank } from "./banks.ts";
import { type JsonObject, optionalString, requiredString } from "./body.ts";
import { ApiError } from "./errors.ts";

/**
 * The account a virtual-account payment is refunded to (`CancelPaymentBodyRefundAccount`):
 * `bank` is one of PortOne's `Bank` codes; `holderPhoneNumber` only Smartro needs.
 */
export type RefundAccount = {
  bank: Bank;
  number: string;
  holderName: string;
  holderPhoneNumber?: string;
};

/**
 * Parses `refundAccount` of a cancel request: absent (`undefined` or `null`) is `undefined`;
 * anything but an object with a `Bank` code, a non-empty `number` and `holderName` (and an
 * optional string `holderPhoneNumber`) is 400 INVALID_REQUEST.
 *
 * @example
 * ```ts
 * parseRefundAccount({ bank: "KOOKMIN", number: "123456-01-234567", holderName: "홍길동" });
 * ```
 */
export function parseRefundAccount(value: unknown): RefundAccount | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ApiError("INVALID_REQUEST", "refundAccount의 형식이 올바르지 않습니다 (객체).");
  }
  const source = value as JsonObject;
  const bank = requiredString(source, "bank");
  if (!isBank(bank))
    throw new ApiError("INVALID_REQUEST", `refundAccount.bank는 PortOne의 은행 코드여야 합니다: ${bank}`);
  const account: RefundAccount = {
    bank,
    number: requiredString(source, "number"),
    holderName: requiredString(source, "holderName"),
  };
  const holderPhoneNumber = optionalString(source, "holderPhoneNumber");
  if (holderPhoneNumber !== undefined) account.holderPhoneNumber = holderPhoneNumber;
  return account;
}

import { isBank } from "./banks.ts";
import { type JsonObject, optionalAmount, optionalOneOf, optionalString, requiredString } from "./body.ts";
import { ApiError } from "./errors.ts";
import type { Customer } from "./payments.ts";
import { WINDOW_OUTCOMES, type WindowAction } from "./shopper.ts";
import type { VirtualAccountOptions } from "./virtual-account.ts";

/**
 * Parses `POST /_emulator/payments`: the browser SDK's payment request (`storeId`, `channelKey`,
 * `paymentId`, `orderName`, `totalAmount`, `currency`, `payMethod`, `customer?`, `customData?`)
 * plus the emulator's `outcome`, `amountPaid?`, `channelType?` and `virtualAccount?`
 * (`{ bank?, remitteeName?, expiredAt? }`, each `null` to leave it out of the issued account).
 */
export function parseWindowAction(
  body: JsonObject,
  context: { userAgent?: string; receiptUrl: (paymentId: string) => string },
): WindowAction {
  const totalAmount = optionalAmount(body, "totalAmount");
  if (totalAmount === undefined) throw new ApiError("INVALID_REQUEST", "totalAmount는 필수 입력 항목입니다.");
  const outcome = optionalOneOf(body, "outcome", WINDOW_OUTCOMES);
  if (outcome === undefined) throw new ApiError("INVALID_REQUEST", "outcome은 필수 입력 항목입니다.");
  const paymentId = requiredString(body, "paymentId");
  const userAgent = context.userAgent;
  const action: WindowAction = {
    storeId: requiredString(body, "storeId"),
    channelKey: requiredString(body, "channelKey"),
    paymentId,
    orderName: requiredString(body, "orderName"),
    totalAmount,
    currency: requiredString(body, "currency").replace(/^CURRENCY_/, ""),
    payMethod: requiredString(body, "payMethod"),
    customer: toCustomer(body.customer),
    outcome,
    platformType: userAgent && /Mobi|Android|iPhone|iPad/i.test(userAgent) ? "MOBILE" : "PC",
    receiptUrl: context.receiptUrl(paymentId),
  };
  const amountPaid = optionalAmount(body, "amountPaid");
  if (amountPaid !== undefined) action.amountPaid = amountPaid;
  const channelType = optionalOneOf(body, "channelType", ["TEST", "LIVE"] as const);
  if (channelType) action.channelType = channelType;
  if (body.virtualAccount !== undefined && body.virtualAccount !== null) {
    action.virtualAccount = parseVirtualAccountOptions(body.virtualAccount);
  }
  if (body.customData !== undefined && body.customData !== null) {
    // PortOne stores customData as a JSON string whatever the browser passed.
    action.customData = typeof body.customData === "string" ? body.customData : JSON.stringify(body.customData);
  }
  if (userAgent) action.userAgent = userAgent;
  return action;
}

/**
 * `virtualAccount` of `POST /_emulator/payments`: a key left out keeps the default, `null` leaves
 * the field out of the account, a value is used as given (`bank`: one of PortOne's `Bank` codes;
 * `expiredAt`: an ISO 8601 date-time, answered as `toISOString()` gives it).
 */
function parseVirtualAccountOptions(value: unknown): VirtualAccountOptions {
  if (typeof value !== "object" || Array.isArray(value) || value === null) {
    throw new ApiError("INVALID_REQUEST", "virtualAccount의 형식이 올바르지 않습니다 (객체).");
  }
  const source = value as JsonObject;
  const options: VirtualAccountOptions = {};
  if (source.bank === null) options.bank = null;
  else if (source.bank !== undefined) {
    const bank = optionalString(source, "bank") ?? "";
    if (!isBank(bank))
      throw new ApiError("INVALID_REQUEST", `virtualAccount.bank는 PortOne의 은행 코드여야 합니다: ${bank}`);
    options.bank = bank;
  }
  if (source.remitteeName === null) options.remitteeName = null;
  else if (source.remitteeName !== undefined) options.remitteeName = requiredString(source, "remitteeName");
  if (source.expiredAt === null) options.expiredAt = null;
  else if (source.expiredAt !== undefined) {
    const expiredAt = Date.parse(optionalString(source, "expiredAt") ?? "");
    if (Number.isNaN(expiredAt)) {
      throw new ApiError("INVALID_REQUEST", "virtualAccount.expiredAt은 ISO 8601 일시여야 합니다.");
    }
    options.expiredAt = new Date(expiredAt).toISOString();
  }
  return options;
}

/** The browser SDK's customer (`customerId`, `fullName`, ...) as the REST API's `Customer`. */
function toCustomer(value: unknown): Customer {
  if (typeof value !== "object" || value === null) return {};
  const source = value as JsonObject;
  const text = (key: string) => optionalString(source, key);
  const splitName = [text("lastName"), text("firstName")].filter(Boolean).join(" ");
  const customer: Customer = {
    id: text("customerId") ?? text("id"),
    name: text("fullName") ?? text("name") ?? (splitName || undefined),
    email: text("email"),
    phoneNumber: text("phoneNumber"),
    zipcode: text("zipcode"),
    birthYear: text("birthYear"),
    birthMonth: text("birthMonth"),
    birthDay: text("birthDay"),
    gender: text("gender"),
  };
  return Object.fromEntries(Object.entries(customer).filter(([, v]) => v !== undefined)) as Customer;
}

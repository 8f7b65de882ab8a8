import type { CheckoutCustomer, CreatedOrderV1, ShippingAddress } from "../../contract/index.ts";
import type { Order } from "../domain/order.ts";
import { toMajorUnits } from "../services/v1-amounts.ts";

/**
 * Our pay methods as V1's `pay_method`. V1 has no generic easy-pay method: an easy-pay channel
 * (KakaoPay, NaverPay...) takes `card`, and its `channelKey` picks the provider.
 */
const V1_PAY_METHODS: Record<string, string> = {
  CARD: "card",
  VIRTUAL_ACCOUNT: "vbank",
  TRANSFER: "trans",
  MOBILE: "phone",
  EASY_PAY: "card",
  GIFT_CERTIFICATE: "cultureland",
};

/**
 * `POST /api/orders`'s answer on V1: everything `IMP.request_pay` needs, from the stored order
 * (amount in major units, `merchant_uid` = our paymentId, `name` cut to V1's 40 characters).
 *
 * @example createdOrderV1(order, "imp12345678", { customer }) // → { version: "V1", request: { amount: 14.2, ... } }
 */
export function createdOrderV1(
  order: Order,
  impCode: string,
  personal: { customer?: CheckoutCustomer; shipping?: ShippingAddress },
): CreatedOrderV1 {
  const { customer, shipping } = personal;
  const phone = customer?.phoneNumber ?? shipping?.phoneNumber;
  const address = shipping ? [shipping.address1, shipping.address2].filter(Boolean).join(" ") : undefined;
  return {
    version: "V1",
    paymentId: order.paymentId,
    orderName: order.orderName,
    totalAmount: order.totalAmount,
    currency: order.currency,
    payMethod: order.payMethod,
    impCode,
    request: {
      channelKey: order.channelKey,
      pay_method: V1_PAY_METHODS[order.payMethod] ?? "card",
      merchant_uid: order.paymentId,
      name: [...order.orderName].slice(0, 40).join(""),
      amount: toMajorUnits(order.totalAmount, order.currency),
      currency: order.currency,
      ...(customer?.fullName ? { buyer_name: customer.fullName } : {}),
      ...(customer?.email ? { buyer_email: customer.email } : {}),
      ...(phone ? { buyer_tel: phone } : {}),
      ...(address ? { buyer_addr: address } : {}),
      ...(shipping?.postcode ? { buyer_postcode: shipping.postcode } : {}),
    },
  };
}

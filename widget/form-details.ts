/**
 * The buyer and shipping details of `POST /api/orders` read from a merchant's `<form>`
 * (`<portone-checkout form="checkout-form">`): a pure mapping from the documented field names,
 * so it is tested without a browser.
 *
 * Field names: `name`, `email`, `phone` (the buyer), and `postcode`, `address1`, `address2`,
 * `note` (where to ship). Blank fields are left out. `shipping` is built only when the form
 * has a `postcode` or `address1`; its recipient and phone are the buyer's `name` and `phone`.
 *
 * @example
 * ```ts
 * formDetails({ name: '김포트', phone: '01012345678', postcode: '04524', address1: '서울 중구 세종대로 110' });
 * // { customer: { fullName: '김포트', phoneNumber: '01012345678' },
 * //   shipping: { recipient: '김포트', phoneNumber: '01012345678', postcode: '04524', address1: '서울 중구 세종대로 110' } }
 * ```
 */
import type { CheckoutCustomer, ShippingAddress } from "../contract/api.js";

/** The form field names the element reads. */
export type FormField = "name" | "email" | "phone" | "postcode" | "address1" | "address2" | "note";

/** What a form adds to the order. */
export interface FormDetails {
  customer?: CheckoutCustomer;
  shipping?: ShippingAddress;
}

/** Keeps only the keys whose value is a non-empty string (trimmed). */
const filled = <T extends object>(fields: Record<string, unknown>): T =>
  Object.fromEntries(
    Object.entries(fields).flatMap(([key, value]) =>
      typeof value === "string" && value.trim() ? [[key, value.trim()]] : [],
    ),
  ) as T;

/** Maps a form's fields (by documented name; anything else ignored) to `customer` and `shipping`. */
export function formDetails(fields: Partial<Record<FormField | (string & {}), unknown>>): FormDetails {
  const { name, email, phone, postcode, address1, address2, note } = fields;
  const customer = filled<CheckoutCustomer>({ fullName: name, email, phoneNumber: phone });
  const details: FormDetails = Object.keys(customer).length ? { customer } : {};
  const shipping = filled<ShippingAddress>({ recipient: name, phoneNumber: phone, postcode, address1, address2, note });
  if (shipping.postcode || shipping.address1) details.shipping = shipping;
  return details;
}

import * as v from "valibot";
import { PAY_METHODS } from "../../contract/index.ts";
import { PAYMENT_ID_PATTERN } from "../domain/payment-id.ts";

// Messages name no field: the validator prefixes each with its path ("paymentId: ...").

/**
 * Our paymentIds only, so no other value reaches a storage key or a PortOne path.
 *
 * @example param(v.object({ paymentId: PaymentIdSchema }))
 */
export const PaymentIdSchema = v.pipe(v.string(), v.regex(PAYMENT_ID_PATTERN, "1 to 40 letters and digits"));

const CartLineSchema = v.object({
  productId: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lowercase letters, digits, - and _, at most 64"),
  ),
  quantity: v.pipe(v.number(), v.integer("a whole number"), v.minValue(1), v.maxValue(99)),
});

/**
 * `POST /api/orders`. Unknown keys (a page adding `totalAmount`, say) are dropped: prices come
 * only from the catalog.
 *
 * @example app.post("/", requireJson, json(CreateOrderSchema), handler)
 */
export const CreateOrderSchema = v.object({
  items: v.pipe(
    v.array(CartLineSchema),
    v.minLength(1, "the cart is empty"),
    v.maxLength(20, "at most 20 lines"),
    v.check((items) => new Set(items.map((i) => i.productId)).size === items.length, "each productId at most once"),
  ),
  payMethod: v.optional(v.picklist(PAY_METHODS), "CARD"),
  customer: v.optional(
    v.object({
      fullName: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(60))),
      email: v.optional(v.pipe(v.string(), v.trim(), v.email(), v.maxLength(254))),
      phoneNumber: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[0-9+\- ]{6,20}$/, "digits, +, - and spaces"))),
    }),
  ),
  shipping: v.optional(
    v.object({
      recipient: v.pipe(v.string(), v.trim(), v.minLength(1, "who receives it"), v.maxLength(60)),
      phoneNumber: v.pipe(v.string(), v.trim(), v.regex(/^[0-9+\- ]{6,20}$/, "digits, +, - and spaces")),
      // 우편번호: five digits since 2015.
      postcode: v.pipe(v.string(), v.trim(), v.regex(/^\d{5}$/, "a 5-digit Korean postcode")),
      address1: v.pipe(v.string(), v.trim(), v.minLength(1, "the street address"), v.maxLength(200)),
      address2: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
      note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
    }),
  ),
});

/**
 * `POST /api/payments/complete`: ids only. The amount is never taken from the browser.
 *
 * @example app.post("/complete", requireJson, json(CompletePaymentSchema), handler)
 */
export const CompletePaymentSchema = v.object({
  paymentId: PaymentIdSchema,
  paymentToken: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
  /** V1 only: PortOne's `imp_uid`, bounded before it reaches a PortOne path. */
  impUid: v.optional(v.pipe(v.string(), v.regex(/^imp_[0-9A-Za-z]{1,40}$/, "imp_ and 1 to 40 letters and digits"))),
});

import * as v from "valibot";

/** The pay methods PortOne's `requestPayment` accepts and the checkout offers. */
export const PAY_METHODS = ["CARD", "VIRTUAL_ACCOUNT", "TRANSFER", "MOBILE", "EASY_PAY", "GIFT_CERTIFICATE"] as const;

/** Our paymentIds: at most 40 characters of `[A-Za-z0-9]` (what every PG accepts). */
export const PaymentIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,40}$/, "paymentId: 1 to 40 letters and digits"));

const CartLineSchema = v.object({
  productId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "productId: lowercase letters, digits, - and _")),
  quantity: v.pipe(v.number(), v.integer("quantity must be a whole number"), v.minValue(1), v.maxValue(99)),
});

/**
 * `POST /api/orders`. Unknown keys (a page adding `totalAmount`, say) are dropped: prices come
 * only from the catalog.
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
      phoneNumber: v.optional(v.pipe(v.string(), v.regex(/^[0-9+\- ]{6,20}$/, "phoneNumber: digits"))),
    }),
  ),
});

/** `POST /api/payments/complete`: ids only. The amount is never taken from the browser. */
export const CompletePaymentSchema = v.object({
  paymentId: PaymentIdSchema,
  paymentToken: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
});

import * as v from "valibot";
import { CARRIERS, FULFILMENT_STATUSES } from "../../contract/index.ts";
import { decodeCursor } from "../adapters/d1-back-office.ts";

const STATUSES = ["PENDING", "AWAITING_DEPOSIT", "PAID", "FAILED", "CANCELLED", "REJECTED"] as const;

/** A calendar date, `YYYY-MM-DD`, read as a Korean day. */
const DateSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"),
  v.check((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a real date"),
);

const empty = (value: unknown) => (value === "" ? undefined : value);

/** `GET /api/admin/orders` and the admin page's list. Empty fields (a plain form) mean "any". */
export const OrderListQuery = v.object({
  status: v.optional(v.pipe(v.unknown(), v.transform(empty), v.optional(v.picklist(STATUSES)))),
  q: v.optional(v.pipe(v.unknown(), v.transform(empty), v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))))),
  from: v.optional(v.pipe(v.unknown(), v.transform(empty), v.optional(DateSchema))),
  to: v.optional(v.pipe(v.unknown(), v.transform(empty), v.optional(DateSchema))),
  cursor: v.optional(
    v.pipe(
      v.unknown(),
      v.transform(empty),
      v.optional(
        v.pipe(
          v.string(),
          v.maxLength(200),
          v.rawTransform(({ dataset, addIssue, NEVER }) => {
            const cursor = decodeCursor(dataset.value);
            if (!cursor) {
              addIssue({ message: "not a cursor this list gave" });
              return NEVER;
            }
            return cursor;
          }),
        ),
      ),
    ),
  ),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, "1 to 100"), v.transform(Number), v.minValue(1), v.maxValue(100)),
    "50",
  ),
});

/** `GET /api/admin/orders.csv`. */
export const ExportQuery = v.object({
  status: OrderListQuery.entries.status,
  from: OrderListQuery.entries.from,
  to: OrderListQuery.entries.to,
});

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** `POST /api/admin/orders/:paymentId/fulfilment`. */
export const FulfilmentSchema = v.pipe(
  v.object({
    status: v.picklist(FULFILMENT_STATUSES),
    carrier: v.optional(v.picklist(CARRIERS)),
    trackingNumber: v.optional(v.pipe(Text(40), v.regex(/^[A-Za-z0-9-]*$/, "letters, digits and -"))),
    note: v.optional(Text(500)),
  }),
  v.check(
    (f) => f.status !== "SHIPPED" || Boolean(f.trackingNumber && f.carrier),
    "SHIPPED needs a carrier and a tracking number",
  ),
);

/** `POST /api/admin/orders/:paymentId/refunds`. */
export const RefundSchema = v.object({
  restock: v.optional(v.boolean()),
  expectedBalance: v.optional(v.pipe(v.number(), v.safeInteger("a whole number of minor units"), v.minValue(0))),
  amount: v.optional(v.pipe(v.number(), v.safeInteger("a whole number of minor units"), v.minValue(1))),
  reason: v.pipe(Text(200), v.minLength(1, "say why")),
  refundAccount: v.optional(
    v.object({
      bank: v.pipe(v.string(), v.regex(/^[A-Z0-9_]{2,40}$/, "a PortOne Bank code such as SHINHAN")),
      number: v.pipe(v.string(), v.regex(/^[0-9-]{6,30}$/, "digits")),
      holderName: v.pipe(Text(40), v.minLength(1)),
    }),
  ),
});

/** `Idempotency-Key`: what PortOne accepts (16 to 256 visible ASCII characters). */
export const IdempotencyKeySchema = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{16,256}$/, "16 to 256 visible ASCII characters"),
);

/** `POST /api/admin/session`. */
export const SessionSchema = v.object({ token: v.pipe(v.string(), v.maxLength(512)) });

/** A catalog product id. */
export const ProductIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "a catalog product id"));

/** `POST /api/admin/stock/:productId`: units on hand, or `null` for no limit. */
export const StockSchema = v.object({
  onHand: v.nullable(v.pipe(v.number(), v.safeInteger("a whole number"), v.minValue(0), v.maxValue(1_000_000))),
});

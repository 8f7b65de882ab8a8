import type { RejectionCode } from "../../contract/index.ts";
import type { PricingError } from "../domain/pricing.ts";
import type { GatewayFailure } from "./ports.ts";

/**
 * Every reason a service can refuse, with the facts the HTTP layer needs to say why. Routes turn
 * each into `{ code, message, status }` with one exhaustive `switch` (`routes/http-error.ts`), so
 * a reason added here does not compile until it has a public code.
 *
 * @example return err({ code: "ORDER_NOT_FOUND" } satisfies ServiceError);
 */
export type ServiceError =
  | PricingError
  | { code: "CATALOG_EMPTY" }
  /** The secrets or ids PortOne needs are not set: refuse rather than call PortOne half-configured. */
  | { code: "NOT_CONFIGURED"; missing: string[] }
  | { code: "ORDER_NOT_FOUND" }
  /** PortOne has no payment for the order: the window was never paid. */
  | { code: "PAYMENT_NOT_FOUND" }
  /** A webhook announced a payment PortOne does not show yet: deliver again later. */
  | { code: "PAYMENT_NOT_YET_VISIBLE" }
  | { code: "PAYMENT_STATUS_UNRECOGNIZED"; rawStatus: string }
  | { code: "PAYMENT_FAILED"; message: string | undefined }
  | { code: "PAYMENT_CANCELLED"; message: string | undefined }
  /** The checkout refused the payment; `rejection` is `null` when the stored order lost why. */
  | { code: "PAYMENT_REJECTED"; rejection: RejectionCode | null }
  | { code: "PORTONE"; failure: GatewayFailure; paymentId?: string }
  /** A product that ships was ordered without a complete address and phone number. */
  | { code: "SHIPPING_REQUIRED"; productId: string }
  /** Every unit of this product is reserved or sold. */
  | { code: "OUT_OF_STOCK"; productId: string }
  /** The ledger could not be written: nothing was sold, the shopper may try again. */
  | { code: "STORAGE_UNAVAILABLE" }
  | { code: "ORDER_NOT_REFUNDABLE"; status: string }
  | { code: "ORDER_NOT_SHIPPABLE" }
  | { code: "REFUND_EXCEEDS_BALANCE"; balance: number; currency: string }
  | { code: "REFUND_ACCOUNT_REQUIRED" }
  /** PortOne did not confirm a refund in time: it may have happened; the same request finishes it. */
  | { code: "REFUND_PENDING" }
  /** PortOne's record changed between our read and the refund (another refund, a console action). */
  | { code: "PAYMENT_CHANGED"; detail: string }
  /** The order has no notification delivery with this id (admin retry). */
  | { code: "DELIVERY_NOT_FOUND" };

import type { CheckoutItem, Currency, OrderItem } from "../../contract/index.ts";
import type { Catalog } from "./catalog.ts";
import { err, ok, type Result } from "./result.ts";

/** A cart priced from the catalog: the lines frozen into the order, their total and name. */
interface PricedCart {
  lines: OrderItem[];
  totalAmount: number;
  currency: Currency;
  orderName: string;
}

/** Why a cart cannot be priced. */
export type PricingError =
  | { code: "PRODUCT_NOT_FOUND"; productId: string }
  | { code: "PRODUCT_UNAVAILABLE"; productId: string }
  | { code: "MIXED_CURRENCIES"; currencies: Currency[] }
  | { code: "AMOUNT_TOO_LARGE"; totalAmount: number };

/**
 * The largest order total we accept, in minor units (₩1,000,000,000 or $10,000,000.00).
 *
 * @example priceCart(catalog, cart) // → err({ code: "AMOUNT_TOO_LARGE" }) above MAX_TOTAL_AMOUNT
 */
export const MAX_TOTAL_AMOUNT = 1_000_000_000;

/**
 * Prices a cart from the catalog: the only place an amount is computed.
 *
 * @example
 * priceCart(catalog, [{ productId: "tshirt-black-m", quantity: 2 }])
 * // → ok({ totalAmount: 58000, currency: "KRW", orderName: "Black T-shirt (M) × 2", ... })
 */
export function priceCart(catalog: Catalog, cart: readonly CheckoutItem[]): Result<PricedCart, PricingError> {
  const lines: OrderItem[] = [];
  const currencies = new Set<Currency>();
  let totalAmount = 0;
  for (const { productId, quantity } of cart) {
    const product = Object.hasOwn(catalog.products, productId) ? catalog.products[productId] : undefined;
    if (!product) return err({ code: "PRODUCT_NOT_FOUND", productId });
    if (!product.active) return err({ code: "PRODUCT_UNAVAILABLE", productId });
    currencies.add(product.currency);
    totalAmount += product.amount * quantity;
    lines.push({ productId, name: product.name, quantity, unitAmount: product.amount });
  }
  const [currency, ...others] = [...currencies];
  if (!currency) return err({ code: "PRODUCT_NOT_FOUND", productId: "" });
  if (others.length > 0) return err({ code: "MIXED_CURRENCIES", currencies: [...currencies] });
  if (!Number.isSafeInteger(totalAmount) || totalAmount > MAX_TOTAL_AMOUNT) {
    return err({ code: "AMOUNT_TOO_LARGE", totalAmount });
  }
  return ok({ lines, totalAmount, currency, orderName: orderNameOf(lines) });
}

/** "Black T-shirt (M) × 2 외 1건": PortOne shows it in the payment window and on receipts. */
function orderNameOf(lines: readonly OrderItem[]): string {
  const [first, ...rest] = lines;
  if (!first) return "";
  const head = first.quantity > 1 ? `${first.name} × ${first.quantity}` : first.name;
  return rest.length > 0 ? `${head} 외 ${rest.length}건` : head;
}

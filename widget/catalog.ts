/**
 * The worker's public catalog (`GET /api/catalog`), fetched once per page and per worker and
 * shared by every `<portone-checkout>` on it, so that each element can show the price the
 * worker will charge, and a product it will not sell as unavailable, before anyone clicks.
 *
 * A module-level cache rather than per element: ten buttons on a page make one request. It is
 * started in idle time (never on a click's path) and a failure is simply no catalog: the price
 * is not shown and nothing is disabled; the order itself is still priced by the worker.
 *
 * @example
 * ```ts
 * const products = await loadCatalog('https://pay.example.com');
 * priceOf(products, [{ productId: 'mug-white', quantity: 2 }]); // { amount: 24000, currency: 'KRW' }
 * ```
 */
import type { CheckoutItem, PublicCatalog, PublicProduct } from "../contract/api.js";

/** What a cart costs, `"unavailable"` when the worker would not sell a line, `undefined` when unknown. */
export type Price = { amount: number; currency: string } | "unavailable" | undefined;

/** Each worker's catalog, by API base: the request, then its answer (`null`: none). */
const requests: Record<string, Promise<void> | undefined> = {};
const catalogs: Record<string, PublicProduct[] | null | undefined> = {};

/** The catalog of the worker at `api` once loaded: products, `null` if it failed, `undefined` before. */
export const loadedCatalog = (api: string): PublicProduct[] | null | undefined => catalogs[api];

/** Fetches the catalog of the worker at `api` once per page; resolves when it is known (or failed). */
export function loadCatalog(api: string): Promise<void> {
  requests[api] ??= fetch(`${api}/api/catalog`)
    .then((response) => (response.ok ? (response.json() as Promise<PublicCatalog>) : undefined))
    .then((body) => {
      catalogs[api] = Array.isArray(body?.products) ? body.products : null;
    })
    .catch(() => {
      catalogs[api] = null;
    });
  return requests[api];
}

/**
 * The price of `items` from `products`: the sum of amount × quantity. A line whose product is
 * missing or not available makes the whole cart `"unavailable"`; lines in different currencies
 * (which the worker would refuse anyway) or no catalog give `undefined`: no price shown.
 */
export function priceOf(
  products: readonly PublicProduct[] | null | undefined,
  items: CheckoutItem[] | undefined,
): Price {
  if (!products || !items) return undefined;
  let amount = 0;
  let currency: string | undefined;
  for (const { productId, quantity } of items) {
    const product = products.find((p) => p.id === productId);
    if (!product?.available) return "unavailable";
    if (currency && product.currency !== currency) return undefined;
    currency = product.currency;
    amount += product.amount * quantity;
  }
  return currency ? { amount, currency } : undefined;
}

import type { PublicCatalog } from "../../contract/index.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceError } from "./errors.ts";
import type { ServiceDeps } from "./ports.ts";

/**
 * The catalog a page may show: the products on sale with their prices, from the same KV record
 * orders are priced from, so the price on the page is the price charged. Inactive products are
 * left out (a page shows them as unavailable); a sold-out one is `available: false`.
 *
 * @example const catalog = await getCatalog(deps); // ok({ products: [{ id: "mug", amount: 12000, ... }] })
 */
export async function getCatalog(deps: Pick<ServiceDeps, "store">): Promise<Result<PublicCatalog, ServiceError>> {
  const [catalog, left] = await Promise.all([deps.store.getCatalog(), deps.store.availability()]);
  if (!catalog) return err({ code: "CATALOG_EMPTY" });
  return ok({
    products: Object.values(catalog.products)
      .filter((p) => p.active)
      .map((p) => ({
        id: p.id,
        name: p.name,
        amount: p.amount,
        currency: p.currency,
        // Sold out: every unit is reserved or sold. A count not yet in the ledger limits nothing, as at checkout.
        available: (left[p.id] ?? 1) > 0,
        shipping: Boolean(p.shipping),
      })),
  });
}

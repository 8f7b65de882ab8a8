import * as v from "valibot";
import type { Currency } from "../../contract/index.ts";
import { CURRENCIES } from "./money.ts";

const ProductId = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "product id: lowercase letters, digits, - and _, at most 64"),
);

/** One product as the merchant writes it in `catalog.json`. */
const ProductSchema = v.strictObject({
  id: ProductId,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80)),
  amount: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100_000_000_00)),
  currency: v.optional(v.picklist(Object.keys(CURRENCIES) as Currency[])),
  active: v.optional(v.boolean(), true),
  /** A physical product: an order for it needs a shipping address. */
  shipping: v.optional(v.boolean(), false),
  /** Units on hand: orders reserve them and none is sold twice. Absent: unlimited. */
  stock: v.optional(v.pipe(v.number(), v.safeInteger("stock: a whole number"), v.minValue(0), v.maxValue(1_000_000))),
  description: v.optional(v.pipe(v.string(), v.maxLength(500))),
  image: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

/** The whole `catalog.json`: a default currency (KRW) and the products, ids unique. */
const CatalogSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(v.string()),
    currency: v.optional(v.picklist(Object.keys(CURRENCIES) as Currency[]), "KRW"),
    products: v.pipe(v.array(ProductSchema), v.minLength(1), v.maxLength(2000)),
  }),
  v.check((c) => new Set(c.products.map((p) => p.id)).size === c.products.length, "product ids must be unique"),
);

/** A product as stored in KV: its currency resolved. */
export interface Product {
  id: string;
  name: string;
  amount: number;
  currency: Currency;
  active: boolean;
  /** Ships to the buyer: an order needs `shipping` (absent: a digital product or a service). */
  shipping?: boolean;
  /** Limited to this many units on hand (the ledger's `stock` table counts them); absent: unlimited. */
  stock?: number;
}

/** The catalog as stored in KV under `catalog`. */
export interface Catalog {
  version: 1;
  products: Record<string, Product>;
}

/**
 * Validates a merchant's catalog file and normalises it for storage.
 *
 * @example
 * const parsed = parseCatalog(JSON.parse(text));
 * if (!parsed.ok) console.error(parsed.issues);
 */
export function parseCatalog(input: unknown): { ok: true; catalog: Catalog } | { ok: false; issues: string[] } {
  const result = v.safeParse(CatalogSchema, input);
  if (!result.success) {
    return {
      ok: false,
      issues: result.issues.map((i) => {
        const path = v.getDotPath(i);
        return path ? `${path}: ${i.message}` : i.message;
      }),
    };
  }
  const products: Record<string, Product> = {};
  for (const p of result.output.products) {
    products[p.id] = {
      id: p.id,
      name: p.name,
      amount: p.amount,
      currency: p.currency ?? result.output.currency,
      active: p.active,
      ...(p.shipping ? { shipping: true } : {}),
      ...(p.stock !== undefined ? { stock: p.stock } : {}),
    };
  }
  return { ok: true, catalog: { version: 1, products } };
}

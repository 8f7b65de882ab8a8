import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../../worker/domain/catalog.ts";
import { MAX_TOTAL_AMOUNT, priceCart } from "../../../worker/domain/pricing.ts";

const parsed = parseCatalog({
  products: [
    { id: "tshirt", name: "T-shirt", amount: 29000 },
    { id: "mug", name: "Mug", amount: 12000 },
    { id: "gone", name: "Old", amount: 1000, active: false },
    { id: "usd-cap", name: "Cap", amount: 1999, currency: "USD" },
    { id: "car", name: "Car", amount: 90_000_000 },
  ],
});
if (!parsed.ok) throw new Error(parsed.issues.join());
const catalog = parsed.catalog;

describe("priceCart", () => {
  it("computes the total and the order name from the catalog", () => {
    const priced = priceCart(catalog, [
      { productId: "tshirt", quantity: 2 },
      { productId: "mug", quantity: 1 },
    ]);
    expect(priced).toEqual({
      ok: true,
      value: {
        lines: [
          { productId: "tshirt", name: "T-shirt", quantity: 2, unitAmount: 29000 },
          { productId: "mug", name: "Mug", quantity: 1, unitAmount: 12000 },
        ],
        totalAmount: 70000,
        currency: "KRW",
        orderName: "T-shirt × 2 외 1건",
      },
    });
  });

  it.each([
    ["an unknown product", [{ productId: "nope", quantity: 1 }], "PRODUCT_NOT_FOUND"],
    ["a prototype key", [{ productId: "constructor", quantity: 1 }], "PRODUCT_NOT_FOUND"],
    ["an inactive product", [{ productId: "gone", quantity: 1 }], "PRODUCT_UNAVAILABLE"],
    [
      "two currencies",
      [
        { productId: "mug", quantity: 1 },
        { productId: "usd-cap", quantity: 1 },
      ],
      "MIXED_CURRENCIES",
    ],
    ["a total over the limit", [{ productId: "car", quantity: 12 }], "AMOUNT_TOO_LARGE"],
  ])("refuses %s with %s", (_, cart, code) => {
    const priced = priceCart(catalog, cart);
    expect(priced.ok).toBe(false);
    if (!priced.ok) expect(priced.error.code).toBe(code);
  });

  it("allows a total exactly at the limit", () => {
    const limitCatalog = parseCatalog({ products: [{ id: "max", name: "Max", amount: MAX_TOTAL_AMOUNT }] });
    if (!limitCatalog.ok) throw new Error("catalog");
    expect(priceCart(limitCatalog.catalog, [{ productId: "max", quantity: 1 }])).toMatchObject({
      ok: true,
      value: { totalAmount: MAX_TOTAL_AMOUNT },
    });
  });
});

describe("parseCatalog", () => {
  it.each([
    ["a negative price", { products: [{ id: "a", name: "A", amount: -1 }] }],
    ["a fractional price", { products: [{ id: "a", name: "A", amount: 1.5 }] }],
    [
      "a duplicate id",
      {
        products: [
          { id: "a", name: "A", amount: 1 },
          { id: "a", name: "B", amount: 2 },
        ],
      },
    ],
    ["an unknown currency", { products: [{ id: "a", name: "A", amount: 1, currency: "XXX" }] }],
    ["an id with spaces", { products: [{ id: "a b", name: "A", amount: 1 }] }],
    ["no products", { products: [] }],
    ["an unknown field", { products: [{ id: "a", name: "A", amount: 1, price: 2 }] }],
  ])("refuses %s", (_, input) => {
    expect(parseCatalog(input).ok).toBe(false);
  });

  it("defaults the currency to KRW and products to active", () => {
    expect(parseCatalog({ products: [{ id: "a", name: "A", amount: 5 }] })).toEqual({
      ok: true,
      catalog: { version: 1, products: { a: { id: "a", name: "A", amount: 5, currency: "KRW", active: true } } },
    });
  });
});

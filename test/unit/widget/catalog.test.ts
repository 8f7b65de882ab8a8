import { describe, expect, it } from "vitest";
import type { PublicProduct } from "../../../contract/api.ts";
import { priceOf } from "../../../widget/catalog.ts";

const product = (id: string, amount: number, currency = "KRW", available = true): PublicProduct => ({
  id,
  name: id,
  amount,
  currency: currency as PublicProduct["currency"],
  available,
  shipping: false,
});
const catalog = [
  product("mug", 12000),
  product("tote", 18000),
  product("sold-out", 3000, "KRW", false),
  product("ebook", 1999, "USD"),
];
const line = (productId: string, quantity = 1) => ({ productId, quantity });

describe("priceOf()", () => {
  it.each([
    ["one product × 2", [line("mug", 2)], { amount: 24000, currency: "KRW" }],
    ["the sum of items", [line("mug"), line("tote", 2)], { amount: 48000, currency: "KRW" }],
    ["a USD product in cents", [line("ebook")], { amount: 1999, currency: "USD" }],
    ["an unknown product", [line("mug"), line("nope")], "unavailable"],
    ["a product not available", [line("sold-out")], "unavailable"],
    ["lines in two currencies: no price", [line("mug"), line("ebook")], undefined],
    ["nothing to buy", undefined, undefined],
  ])("prices %s", (_name, items, expected) => {
    expect(priceOf(catalog, items)).toEqual(expected);
  });

  it.each([null, undefined])("shows no price and disables nothing without a catalog (%s)", (products) => {
    expect(priceOf(products, [line("nope")])).toBeUndefined();
  });
});

import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { PublicCatalog } from "../../contract/index.ts";
import { CATALOG, call, ORIGIN, seedCatalog } from "./support.ts";

beforeEach(async () => {
  await seedCatalog();
});

describe("GET /api/catalog", () => {
  it("publishes the products on sale with the prices orders are charged, cacheable for a minute", async () => {
    const response = await call("/api/catalog", { headers: { origin: ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const body = (await response.json()) as PublicCatalog;
    expect(body.products).toContainEqual({
      id: "tshirt-black-m",
      name: "Black T-shirt (M)",
      amount: 29000,
      currency: "KRW",
      available: true,
      shipping: false,
    });
    expect(body.products).toContainEqual(expect.objectContaining({ id: "usd-cap", amount: 1999, currency: "USD" }));
    expect(body.products).toContainEqual(expect.objectContaining({ id: "poster", shipping: true }));
    expect(body.products.map((p) => p.id)).not.toContain("retired");
  });

  it("follows a price change: the page shows what the next order charges", async () => {
    const changed = structuredClone(CATALOG);
    changed.products["tshirt-black-m"].amount = 15000;
    await env.CHECKOUT_KV.put("catalog", JSON.stringify(changed));
    const body = (await (await call("/api/catalog")).json()) as PublicCatalog;
    expect(body.products.find((p) => p.id === "tshirt-black-m")?.amount).toBe(15000);
  });

  it("refuses another site with 403 ORIGIN_NOT_ALLOWED", async () => {
    const response = await call("/api/catalog", { headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
  });

  it("answers 503 CATALOG_EMPTY before the merchant pushed a catalog", async () => {
    await env.CHECKOUT_KV.delete("catalog");
    const response = await call("/api/catalog");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "CATALOG_EMPTY" });
  });
});

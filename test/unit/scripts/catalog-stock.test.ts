import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { stockStatements } from "../../../scripts/catalog.ts";
import { type Catalog, parseCatalog } from "../../../worker/domain/catalog.ts";

const catalog = (products: { id: string; stock?: number }[]): Catalog => {
  const parsed = parseCatalog({ products: products.map((p) => ({ name: p.id, amount: 1000, ...p })) });
  if (!parsed.ok) throw new Error(parsed.issues.join("; "));
  return parsed.catalog;
};

/** The ledger's stock table (migrations/0003_stock.sql's), in memory. */
function ledger() {
  const db = new DatabaseSync(":memory:");
  db.exec(`CREATE TABLE stock (product_id TEXT PRIMARY KEY, on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved INTEGER NOT NULL DEFAULT 0, sold INTEGER NOT NULL DEFAULT 0, oversold INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL, CHECK (reserved + sold <= on_hand + oversold))`);
  const push = (next: Catalog, current: Catalog | null) => db.exec(stockStatements(next, current, "t").join(" "));
  const onHand = (id: string) =>
    (db.prepare("SELECT on_hand FROM stock WHERE product_id = ?").get(id) as { on_hand: number } | undefined)?.on_hand;
  return { db, push, onHand };
}

describe("stockStatements()", () => {
  it("keeps the count the merchant set in the back office when the same catalog is pushed again (every deploy does)", () => {
    const { db, push, onHand } = ledger();
    const shop = catalog([{ id: "mug", stock: 50 }]);
    push(shop, null);
    expect(onHand("mug")).toBe(50);
    db.exec("UPDATE stock SET on_hand = 0 WHERE product_id = 'mug'"); // sold out, set in the admin
    push(shop, shop);
    expect(onHand("mug")).toBe(0);
  });

  it("writes a count changed in catalog.json, never below what is reserved and sold", () => {
    const { db, push, onHand } = ledger();
    push(catalog([{ id: "mug", stock: 50 }]), null);
    db.exec("UPDATE stock SET reserved = 3, sold = 10 WHERE product_id = 'mug'");
    push(catalog([{ id: "mug", stock: 80 }]), catalog([{ id: "mug", stock: 50 }]));
    expect(onHand("mug")).toBe(80);
    push(catalog([{ id: "mug", stock: 5 }]), catalog([{ id: "mug", stock: 80 }]));
    expect(onHand("mug")).toBe(13);
  });

  it("fills a missing row for an unchanged count, and makes a product that lost its stock unlimited", () => {
    const { push, onHand } = ledger();
    const shop = catalog([{ id: "mug", stock: 50 }, { id: "cap" }]);
    push(shop, shop);
    expect(onHand("mug")).toBe(50);
    push(catalog([{ id: "mug" }, { id: "cap" }]), shop);
    expect(onHand("mug")).toBeUndefined();
  });
});

-- Stock limits (docs/storage-schema.md). A product with `"stock"` in catalog.json has a row here;
-- without one it is unlimited. `reserved` counts units held by open orders (PENDING, or waiting
-- for a deposit), `sold` units paid for. The CHECK is what makes two shoppers unable to both get
-- the last unit: a reservation that would pass `on_hand` fails the whole order's batch.
-- `oversold` counts units paid for after their reservation had been released (an order that
-- expired, then was paid anyway): recorded, shown to the merchant, never refused or refunded.
CREATE TABLE stock (
  product_id TEXT PRIMARY KEY,
  on_hand    INTEGER NOT NULL CHECK (on_hand >= 0),
  reserved   INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  sold       INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
  oversold   INTEGER NOT NULL DEFAULT 0 CHECK (oversold >= 0),
  updated_at TEXT NOT NULL,
  CHECK (reserved + sold <= on_hand + oversold)
);

-- What each order holds of each limited product: HELD while the order is open, SOLD once paid,
-- RELEASED when it failed, was cancelled, rejected or expired.
CREATE TABLE stock_holds (
  payment_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  state      TEXT NOT NULL CHECK (state IN ('HELD', 'SOLD', 'RELEASED')),
  PRIMARY KEY (payment_id, product_id)
);
CREATE INDEX stock_holds_by_product ON stock_holds (product_id, state);

-- 1 when a unit of the order was sold past what was on hand (see `oversold` above).
ALTER TABLE orders ADD COLUMN oversold INTEGER NOT NULL DEFAULT 0;

-- The merchant's ledger (binding CHECKOUT_DB). KV keeps each order as minted (lines, amounts,
-- currency, store, channel); D1 keeps what changes and what a merchant queries. Every table is
-- described in docs/storage-schema.md. Times are ISO 8601 UTC strings; amounts are integers in
-- the currency's minor unit.

CREATE TABLE orders (
  payment_id        TEXT PRIMARY KEY,
  status            TEXT NOT NULL,
  -- A random id written by the transition that last changed the row: the rows a transition adds
  -- (its event, later its outbox messages) are inserted only where this is still their writer's.
  transition_id     TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  paid_at           TEXT,
  order_name        TEXT NOT NULL,
  total_amount      INTEGER NOT NULL,
  refunded_amount   INTEGER NOT NULL DEFAULT 0,
  currency          TEXT NOT NULL,
  pay_method        TEXT NOT NULL,
  store_id          TEXT NOT NULL,
  channel_key       TEXT NOT NULL,
  -- What PortOne last said of the channel: LIVE or TEST (null until PortOne was read).
  channel_type      TEXT,
  receipt_url       TEXT,
  -- JSON: the state details settlement keeps (virtual account, failure, refund of a rejection, last seen).
  state_json        TEXT NOT NULL DEFAULT '{}',
  buyer_name        TEXT,
  buyer_email       TEXT,
  buyer_phone       TEXT,
  ship_recipient    TEXT,
  ship_phone        TEXT,
  ship_postcode     TEXT,
  ship_address1     TEXT,
  ship_address2     TEXT,
  ship_note         TEXT,
  fulfilment_status TEXT NOT NULL DEFAULT 'UNFULFILLED',
  carrier           TEXT,
  tracking_number   TEXT,
  fulfilment_note   TEXT,
  fulfilled_at      TEXT,
  -- Set when the retention job erased the buyer and shipping details.
  personal_data_erased_at TEXT
);
CREATE INDEX orders_by_created ON orders (created_at DESC, payment_id DESC);
CREATE INDEX orders_by_status ON orders (status, created_at DESC);

CREATE TABLE order_lines (
  payment_id  TEXT NOT NULL REFERENCES orders (payment_id),
  line_no     INTEGER NOT NULL,
  product_id  TEXT NOT NULL,
  name        TEXT NOT NULL,
  quantity    INTEGER NOT NULL,
  unit_amount INTEGER NOT NULL,
  PRIMARY KEY (payment_id, line_no)
);
CREATE INDEX order_lines_by_product ON order_lines (product_id);

-- Every state change, once: inserted in the same batch as the conditional update that won it.
CREATE TABLE order_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id  TEXT NOT NULL,
  at          TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  cause       TEXT NOT NULL,
  detail      TEXT
);
CREATE INDEX order_events_by_order ON order_events (payment_id, id);

-- Refunds the merchant asked for (REQUESTED before PortOne is asked, then PortOne's outcome), or
-- PortOne reported (a refund made in PortOne's console).
CREATE TABLE refunds (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id      TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  amount          INTEGER NOT NULL,
  reason          TEXT NOT NULL,
  requested_by    TEXT NOT NULL,
  at              TEXT NOT NULL,
  status          TEXT NOT NULL,
  cancellation_id TEXT
);
CREATE INDEX refunds_by_order ON refunds (payment_id, id);
-- A merchant's request is one refund however often it is sent (the Idempotency-Key, per order).
CREATE UNIQUE INDEX refunds_by_key ON refunds (payment_id, idempotency_key);
-- One row per PortOne cancellation, whether the merchant asked here or in PortOne's console.
CREATE UNIQUE INDEX refunds_by_cancellation ON refunds (cancellation_id);

-- Verified webhook deliveries already handled (PortOne redelivers; kept 7 days).
CREATE TABLE webhook_receipts (
  webhook_id TEXT PRIMARY KEY,
  outcome    TEXT NOT NULL,
  at         TEXT NOT NULL
);

-- Failed admin sign-ins per client, to slow down guessing (429 TOO_MANY_ATTEMPTS).
CREATE TABLE admin_attempts (
  client       TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start INTEGER NOT NULL
);

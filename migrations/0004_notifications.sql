-- Notifications to the merchant (docs/storage-schema.md, README "Notifications"): an outbox of
-- deliveries, one row per order, event and channel. Rows are inserted in the same D1 batch as
-- the transition that causes them, guarded by the winner's `transition_id`, so a transition that
-- lost its compare-and-set adds none; the UNIQUE constraint is the second line.
-- `status`: PENDING (to send; `next_attempt_at` says when, and a sender that claims a row moves
-- it and `sending_until` a little ahead so no other sender takes it meanwhile), SENT, or FAILED (given up after
-- `give_up_at`, or refused by the channel). `event` is one of the kinds in
-- worker/services/notify-events.ts; `detail` is what else the message says (the failed check).
CREATE TABLE notification_deliveries (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id      TEXT NOT NULL,
  event           TEXT NOT NULL CHECK (event IN ('PAID', 'AWAITING_DEPOSIT', 'CANCELLED', 'REJECTED', 'OVERSOLD', 'RECONCILED')),
  channel         TEXT NOT NULL CHECK (channel IN ('slack', 'discord', 'telegram', 'email')),
  detail          TEXT,
  status          TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  -- Set while a sender holds the row (its lease), cleared when the attempt is settled: the admin's
  -- retry never makes a row that is being sent due again.
  sending_until   TEXT,
  give_up_at      TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  UNIQUE (payment_id, event, channel)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);

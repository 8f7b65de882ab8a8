-- Scheduled work (docs/storage-schema.md): where each job got to.

-- One row per job. `reconcile`: every payment whose status PortOne changed up to `at` has been
-- looked at (the next run lists from `at` minus a five-minute overlap).
CREATE TABLE checkpoints (
  name       TEXT PRIMARY KEY,
  at         TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

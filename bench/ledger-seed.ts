/**
 * The back office's data for `npm run bench -- admin`, written straight into the SQLite files
 * that `wrangler dev --persist-to` uses, before it starts: orders with lines, buyers, shipping
 * and events, in exactly the columns the worker's INSERTs fill (worker/adapters/ledger-order-store.ts,
 * migrations/0001_ledger.sql), deterministic so that runs compare. Also the write counters:
 * SQLite triggers that log every row written to the ledger and every KV put.
 *
 * @example
 * await prepareLocalState(persistTo);          // migrations + catalog, as `npm start` does
 * seedLedger(persistTo, { orders: 10_000, lines: "1-3" });
 * installWriteCounters(persistTo);
 * const before = readWriteCounts(persistTo);
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { pushCatalog } from "../scripts/catalog.ts";
import { applyMigrations } from "../scripts/migrations.ts";

/** Creates the local D1 (migrations applied) and KV (catalog) under `persistTo`. */
export async function prepareLocalState(persistTo: string): Promise<void> {
  await pushCatalog({ target: "local", persistTo, log: () => {} });
  await applyMigrations({ target: "local", persistTo });
}

/** The one `.sqlite` of a Miniflare object kind (`d1/miniflare-D1DatabaseObject`), not its metadata file. */
function objectFile(persistTo: string, kind: string): string {
  const dir = join(persistTo, "v3", kind);
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one database in ${dir}, found ${files.length}`);
  return join(dir, files[0] as string);
}

/** The local D1 database file of `CHECKOUT_DB`. */
export const d1File = (persistTo: string) => objectFile(persistTo, "d1/miniflare-D1DatabaseObject");
/** The local KV namespace file of `CHECKOUT_KV`. */
export const kvFile = (persistTo: string) => objectFile(persistTo, "kv/miniflare-KVNamespaceObject");

const SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
const GIVEN = [
  ..."민준 서연 도윤 지우 하준 서윤 시우 하은 주원 지유 예준 수아 지호 채원 건우 지민 우진 다은 선우 예린".split(" "),
];
/** Buyer `i`'s name: 200 distinct names, so a name matches about 1 order in 200. */
export const buyerName = (i: number) =>
  `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
/** Buyer `i`'s mobile number: distinct for every order (7919 is prime to 9·10⁷). */
export const buyerPhone = (i: number) => {
  const digits = String(10_000_000 + ((i * 7919) % 90_000_000));
  return `010-${digits.slice(0, 4)}-${digits.slice(4)}`;
};

const PRODUCTS = [
  { id: "tshirt-black-m", name: "블랙 티셔츠 (M)", amount: 29000 },
  { id: "mug-white", name: "화이트 머그", amount: 12000 },
  { id: "tote-canvas", name: "캔버스 토트백", amount: 18000 },
  { id: "sticker-pack", name: "스티커 팩", amount: 3000 },
];

/** Statuses in a shop's proportions: most orders paid. */
const STATUSES = [
  ...Array<string>(80).fill("PAID"),
  ...Array<string>(8).fill("PENDING"),
  ...Array<string>(5).fill("FAILED"),
  ...Array<string>(4).fill("CANCELLED"),
  ...Array<string>(3).fill("AWAITING_DEPOSIT"),
];

export interface SeedOptions {
  orders: number;
  /** Lines per order: exactly 2, or 1 to 3 by a fixed pattern. */
  lines: "2" | "1-3";
}

/** What was seeded: counts, and the time span of `created_at`. */
export interface Seeded {
  orders: number;
  lines: number;
  events: number;
  seconds: number;
}

/**
 * Inserts `orders` orders (created over the past year, oldest first) with their lines and the
 * events the worker would have written (created, then the transition to the final status).
 */
export function seedLedger(persistTo: string, { orders, lines }: SeedOptions): Seeded {
  const started = performance.now();
  const db = new DatabaseSync(d1File(persistTo));
  const insertOrder =
    db.prepare(`INSERT INTO orders (payment_id, status, transition_id, created_at, updated_at, paid_at,
    order_name, total_amount, currency, pay_method, store_id, channel_key, channel_type, buyer_name, buyer_email,
    buyer_phone, ship_recipient, ship_phone, ship_postcode, ship_address1, ship_address2, ship_note, fulfilment_status,
    carrier, tracking_number, fulfilled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'KRW', ?, 'store-demo-0000-emulator',
    'channel-key-demo-card', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLine = db.prepare(
    "INSERT INTO order_lines (payment_id, line_no, product_id, name, quantity, unit_amount) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const insertEvent = db.prepare(
    "INSERT INTO order_events (payment_id, at, from_status, to_status, cause, detail) VALUES (?, ?, ?, ?, ?, NULL)",
  );
  const year = 365 * 24 * 60 * 60 * 1000;
  const start = Date.now() - year;
  let lineCount = 0;
  let eventCount = 0;
  db.exec("BEGIN");
  for (let i = 0; i < orders; i++) {
    const paymentId = `pay${i.toString(16).padStart(32, "0")}`;
    const created = new Date(start + Math.floor((i * year) / orders)).toISOString();
    const settled = new Date(Date.parse(created) + 90_000).toISOString();
    const status = STATUSES[(i * 37) % STATUSES.length] as string;
    const count = lines === "2" ? 2 : 1 + ((i * 7) % 3);
    const items = Array.from({ length: count }, (_, n) => {
      const product = PRODUCTS[(i + n) % PRODUCTS.length] as (typeof PRODUCTS)[number];
      return { ...product, quantity: 1 + ((i + n) % 2) };
    });
    const total = items.reduce((sum, item) => sum + item.amount * item.quantity, 0);
    const first = items[0] as (typeof items)[number];
    const orderName = count > 1 ? `${first.name} 외 ${count - 1}건` : first.name;
    const ships = i % 2 === 0;
    const shipped = ships && status === "PAID" && i % 4 === 0;
    const name = buyerName(i);
    const phone = buyerPhone(i);
    insertOrder.run(
      paymentId,
      status,
      `t${i}`,
      created,
      status === "PENDING" ? created : settled,
      status === "PAID" || status === "CANCELLED" ? settled : null,
      orderName,
      total,
      status === "AWAITING_DEPOSIT" || i % 10 === 0 ? "VIRTUAL_ACCOUNT" : "CARD",
      status === "PENDING" ? null : "LIVE",
      name,
      `buyer${i}@example.com`,
      phone,
      ships ? name : null,
      ships ? phone : null,
      ships ? String(10_000 + (i % 90_000)).padStart(5, "0") : null,
      ships ? `서울특별시 강남구 테헤란로 ${1 + (i % 500)}` : null,
      ships ? `${1 + (i % 30)}층 ${100 + (i % 50)}호` : null,
      ships && i % 6 === 0 ? "문 앞에 놓아 주세요" : null,
      shipped ? "SHIPPED" : "UNFULFILLED",
      shipped ? "CJ" : null,
      shipped ? String(600_000_000_000 + i) : null,
      shipped ? settled : null,
    );
    for (const [n, item] of items.entries()) {
      insertLine.run(paymentId, n, item.id, item.name, item.quantity, item.amount);
      lineCount++;
    }
    insertEvent.run(paymentId, created, null, "PENDING", "BROWSER");
    eventCount++;
    if (status !== "PENDING") {
      insertEvent.run(paymentId, settled, "PENDING", status, i % 3 === 0 ? "WEBHOOK" : "BROWSER");
      eventCount++;
    }
  }
  db.exec("COMMIT");
  db.close();
  return { orders, lines: lineCount, events: eventCount, seconds: (performance.now() - started) / 1000 };
}

/**
 * Indexes each row write also writes, per table, operation and changed column. D1 bills
 * `rows_written` as the row plus one per index whose columns the write touches (Cloudflare's D1
 * pricing docs); the `INTEGER PRIMARY KEY` is the row itself, a `TEXT PRIMARY KEY` or `UNIQUE` is an index.
 */
const LEDGER_INDEX_WRITES: Record<string, { insert: number; update: string }> = {
  // payment_id (PK), orders_by_created, orders_by_status
  orders: { insert: 3, update: "(OLD.status IS NOT NEW.status) + 2 * (OLD.created_at IS NOT NEW.created_at)" },
  // (payment_id, line_no) PK, order_lines_by_product
  order_lines: { insert: 2, update: "(OLD.product_id IS NOT NEW.product_id)" },
  // order_events_by_order
  order_events: { insert: 1, update: "0" },
  // idempotency_key UNIQUE, refunds_by_order, refunds_by_cancellation
  refunds: {
    insert: 3,
    update: "(OLD.idempotency_key IS NOT NEW.idempotency_key) + (OLD.cancellation_id IS NOT NEW.cancellation_id)",
  },
  // webhook_id (PK)
  webhook_receipts: { insert: 1, update: "0" },
  // client (PK)
  admin_attempts: { insert: 1, update: "0" },
};

/**
 * Adds logging triggers to the local D1 and KV files (before `wrangler dev` opens them): every
 * row the worker inserts, updates or deletes in the ledger, and every KV put, appends one row to
 * a `bench_*` log table. Statements that change nothing (`ON CONFLICT DO NOTHING`, a conditional
 * update that lost) fire no trigger, as D1 bills no row for them.
 */
export function installWriteCounters(persistTo: string): void {
  const d1 = new DatabaseSync(d1File(persistTo));
  d1.exec(
    "CREATE TABLE IF NOT EXISTS bench_d1_writes (tbl TEXT NOT NULL, op TEXT NOT NULL, index_rows INTEGER NOT NULL)",
  );
  for (const [table, index] of Object.entries(LEDGER_INDEX_WRITES)) {
    for (const [op, indexRows] of [
      ["INSERT", String(index.insert)],
      ["UPDATE", index.update],
      ["DELETE", String(index.insert)],
    ] as const) {
      d1.exec(`CREATE TRIGGER IF NOT EXISTS bench_${table}_${op.toLowerCase()} AFTER ${op} ON ${table}
        BEGIN INSERT INTO bench_d1_writes VALUES ('${table}', '${op}', ${indexRows}); END`);
    }
  }
  d1.close();
  const kv = new DatabaseSync(kvFile(persistTo));
  kv.exec("CREATE TABLE IF NOT EXISTS bench_kv_writes (key TEXT NOT NULL, op TEXT NOT NULL)");
  for (const op of ["INSERT", "UPDATE", "DELETE"]) {
    const row = op === "DELETE" ? "OLD" : "NEW";
    kv.exec(`CREATE TRIGGER IF NOT EXISTS bench_kv_${op.toLowerCase()} AFTER ${op} ON _mf_entries
      BEGIN INSERT INTO bench_kv_writes VALUES (${row}.key, '${op}'); END`);
  }
  kv.close();
}

/** Writes logged so far: KV puts by key prefix, ledger rows by table and operation, and D1's billed rows. */
export interface WriteCounts {
  kv: number;
  kvKeys: string[];
  d1Rows: Record<string, number>;
  d1RowsTotal: number;
  d1RowsWrittenBilled: number;
}

/** Reads the logs the triggers of {@link installWriteCounters} keep (while `wrangler dev` runs: SQLite's WAL lets a reader in). */
export function readWriteCounts(persistTo: string): WriteCounts {
  const kv = new DatabaseSync(kvFile(persistTo), { readOnly: true });
  const keys = kv.prepare("SELECT key FROM bench_kv_writes WHERE op != 'DELETE' ORDER BY rowid").all() as {
    key: string;
  }[];
  kv.close();
  const d1 = new DatabaseSync(d1File(persistTo), { readOnly: true });
  const rows = d1
    .prepare("SELECT tbl, op, COUNT(*) AS n, SUM(index_rows) AS idx FROM bench_d1_writes GROUP BY tbl, op")
    .all() as { tbl: string; op: string; n: number; idx: number }[];
  d1.close();
  const d1Rows: Record<string, number> = {};
  for (const r of rows) d1Rows[`${r.tbl} ${r.op}`] = r.n;
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  return {
    kv: keys.length,
    kvKeys: keys.map((k) => k.key),
    d1Rows,
    d1RowsTotal: total,
    d1RowsWrittenBilled: total + rows.reduce((sum, r) => sum + r.idx, 0),
  };
}

/** What happened between two readings. */
export function writesBetween(before: WriteCounts, after: WriteCounts): WriteCounts {
  const d1Rows: Record<string, number> = {};
  for (const [key, n] of Object.entries(after.d1Rows)) {
    const delta = n - (before.d1Rows[key] ?? 0);
    if (delta) d1Rows[key] = delta;
  }
  return {
    kv: after.kv - before.kv,
    kvKeys: after.kvKeys.slice(before.kvKeys.length),
    d1Rows,
    d1RowsTotal: after.d1RowsTotal - before.d1RowsTotal,
    d1RowsWrittenBilled: after.d1RowsWrittenBilled - before.d1RowsWrittenBilled,
  };
}

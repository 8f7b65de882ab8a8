/**
 * In-memory stand-ins for Workers KV and D1, for the servers the bench runs in Node: our worker's
 * app (`node-host.ts`) and the reference (`reference/server.ts`) use the very same two, so that a
 * store operation costs the same on both sides and the ratio between them measures the code that
 * calls the store, not the store.
 *
 * - KV: a Map of strings. A value is kept as text, as KV keeps it: `put` stores what it is given,
 *   `get(key, "json")` parses it on every read.
 * - D1: `node:sqlite` on `:memory:`, with the SQL run as written (the worker's own statements over
 *   the schema of `migrations/`), a batch in one transaction as D1 runs it. Prepared statements
 *   are cached by their text, as D1 caches them.
 *
 * Limits: everything is synchronous and local (no network, no Durable Object hop, no replication),
 * so both servers get a store far faster than the real ones; only the part of D1's API the worker
 * uses is there (`prepare`, `bind`, `first`, `all`, `run`, `raw`, `batch`, `exec`).
 *
 * @example
 * const db = memoryD1(migrationsSql());
 * await db.prepare("SELECT 1 AS one").first(); // → { one: 1 }
 */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";

/** The part of a KV namespace the worker uses, over a Map of strings. */
export function memoryKv(data = new Map<string, string>()) {
  return {
    async get(key: string, options?: string | { type?: string }) {
      const value = data.get(key);
      if (value === undefined) return null;
      const type = typeof options === "string" ? options : options?.type;
      return type === "json" ? JSON.parse(value) : value;
    },
    async put(key: string, value: string) {
      data.set(key, String(value));
    },
    async delete(key: string) {
      data.delete(key);
    },
  };
}

/** The SQL of every file in `migrations/`, in order: the ledger's schema. */
export function migrationsSql(dir = new URL("../migrations/", import.meta.url)): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), "utf8"))
    .join("\n");
}

interface D1Result {
  results: Record<string, unknown>[];
  success: true;
  meta: { changes: number; last_row_id: number; duration: number; rows_read: number; rows_written: number };
}

/** A D1 database over `node:sqlite` in memory, with `schema` applied. */
export function memoryD1(schema = "") {
  const sqlite = new DatabaseSync(":memory:");
  if (schema) sqlite.exec(schema);
  // Each statement once, with whether it answers rows (a SELECT, or anything with RETURNING).
  const cache = new Map<string, { statement: StatementSync; reads: boolean }>();
  const prepared = (sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const statement = sqlite.prepare(sql);
      entry = { statement, reads: statement.columns().length > 0 };
      cache.set(sql, entry);
    }
    return entry;
  };
  const toSql = (value: unknown): SQLInputValue => {
    // D1 refuses undefined and stores booleans as integers.
    if (value === undefined) throw new Error("D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'");
    if (typeof value === "boolean") return value ? 1 : 0;
    return value as SQLInputValue;
  };

  class Statement {
    readonly sql: string;
    readonly params: SQLInputValue[];
    constructor(sql: string, params: SQLInputValue[] = []) {
      this.sql = sql;
      this.params = params;
    }
    bind(...values: unknown[]) {
      return new Statement(this.sql, values.map(toSql));
    }
    /** Runs the statement now; the one place a statement reaches SQLite. */
    execute(): D1Result {
      const { statement, reads } = prepared(this.sql);
      if (reads) {
        const results = statement.all(...this.params) as Record<string, unknown>[];
        return { results, success: true, meta: meta(0, 0, results.length) };
      }
      const { changes, lastInsertRowid } = statement.run(...this.params);
      return { results: [], success: true, meta: meta(Number(changes), Number(lastInsertRowid), 0) };
    }
    async first<T>(column?: string): Promise<T | null> {
      const row = prepared(this.sql).statement.get(...this.params) as Record<string, unknown> | undefined;
      if (!row) return null;
      return (column === undefined ? { ...row } : row[column]) as T;
    }
    async all<T>() {
      const result = this.execute();
      return { ...result, results: result.results.map((row) => ({ ...row })) as T[] };
    }
    async run() {
      return this.execute();
    }
    async raw<T>() {
      return this.execute().results.map((row) => Object.values(row)) as T[];
    }
  }

  return {
    prepare: (sql: string) => new Statement(sql),
    async batch(statements: Statement[]) {
      sqlite.exec("BEGIN");
      try {
        const results = statements.map((s) => s.execute());
        sqlite.exec("COMMIT");
        return results;
      } catch (error) {
        sqlite.exec("ROLLBACK");
        throw error;
      }
    },
    async exec(sql: string) {
      sqlite.exec(sql);
      return { count: 1, duration: 0 };
    },
  };
}

function meta(changes: number, lastRowId: number, read: number): D1Result["meta"] {
  return { changes, last_row_id: lastRowId, duration: 0, rows_read: read, rows_written: changes };
}

/**
 * The accountant's export: CSV that Excel opens with Hangul intact and that no cell can turn into
 * a formula. Pure: the caller streams rows in.
 *
 * @example
 * const head = CSV_BOM + csvRow(["주문번호", "금액"]);
 * const line = csvRow([order.paymentId, order.totalAmount]);
 */

/** Excel reads a file as UTF-8 only when it starts with the byte-order mark. */
export const CSV_BOM = "\uFEFF";

/**
 * A cell a shopper typed that starts with one of these is a formula to Excel, LibreOffice and
 * Google Sheets (OWASP "CSV injection"): `=`, `+`, `-`, `@`, tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: numbers as plain integers, text neutralised (a leading `'` before a formula start)
 * and quoted when it holds a comma, a quote or a line break.
 *
 * @example
 * csvCell("=HYPERLINK(\"http://x\")"); // "\"'=HYPERLINK(\"\"http://x\"\")\""
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(Math.trunc(value)) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of cells, ended with CRLF as RFC 4180 and Excel expect. */
export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * An ISO instant as Korean time (`2026-12-01 09:30:00`): Korea has no daylight saving, so the
 * offset is a constant and no time-zone database is needed.
 *
 * @example
 * koreanTime("2026-12-01T00:30:00.000Z"); // "2026-12-01 09:30:00"
 */
export function koreanTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The UTC instants that bound a Korean calendar day: `from` is its first instant, `to` the first
 * instant of the next day (exclusive).
 *
 * @example
 * koreanDayStart("2026-12-01"); // "2026-11-30T15:00:00.000Z"
 */
export function koreanDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - KST_OFFSET_MS).toISOString();
}

/** The first instant after the Korean calendar day `date` (for an inclusive `to`). */
export function koreanDayEnd(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - KST_OFFSET_MS + 24 * 60 * 60 * 1000).toISOString();
}

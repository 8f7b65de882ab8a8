/**
 * `GET /payments` (`getPayments`): the page of payments a reconciliation job reads. Parsing and
 * filtering are plain functions over plain data, with `now` as a parameter.
 */
import { type JsonObject, optionalAmount, optionalBoolean, optionalOneOf, optionalString } from "./body.ts";
import { ApiError } from "./errors.ts";
import { PAYMENT_STATUSES, type PaymentRecord, type PaymentStatus } from "./payments.ts";

/** `(number + 1) * size` may not pass this (the spec's `GetPaymentsBody.page`). */
export const PAGE_LIMIT = 60_000;
/** The page size when `page.size` is left out (the spec: number 0, size 10). */
export const DEFAULT_PAGE_SIZE = 10;

const DAY_MS = 24 * 60 * 60 * 1000;
const TIMESTAMP_TYPES = ["CREATED_AT", "STATUS_CHANGED_AT"] as const;
const SORT_BYS = ["REQUESTED_AT", "STATUS_CHANGED_AT"] as const;
const SORT_ORDERS = ["DESC", "ASC"] as const;

/** A parsed `GetPaymentsBody`, defaults applied; `from` and `until` in epoch milliseconds. */
export type PaymentListQuery = {
  page: { number: number; size: number };
  filter: {
    timestampType: (typeof TIMESTAMP_TYPES)[number];
    from: number;
    until: number;
    status?: PaymentStatus[];
    storeId?: string;
    isTest?: boolean;
    sortBy: (typeof SORT_BYS)[number];
    sortOrder: (typeof SORT_ORDERS)[number];
  };
};

/**
 * Parses `{ page?: { number, size }, filter?: PaymentFilterInput }`. Defaults: page 0 of 10;
 * `timestampType` STATUS_CHANGED_AT; `until` now, `from` 90 days before `until` (the spec);
 * `sortBy` the timestamp filtered on and `sortOrder` DESC (the spec states none: chosen).
 * Filter fields other than `timestampType`, `from`, `until`, `status`, `storeId`, `isTest`,
 * `sortBy` and `sortOrder` are accepted and ignored.
 *
 * @throws {ApiError} INVALID_REQUEST for a malformed field, a page past {@link PAGE_LIMIT} or
 *   `from` after `until`.
 * @example
 * ```ts
 * parsePaymentListQuery({ filter: { status: ["PAID"], from: "2026-01-01T00:00:00Z" } }, new Date());
 * ```
 */
export function parsePaymentListQuery(input: JsonObject, now: Date): PaymentListQuery {
  const page = objectOrEmpty(input, "page");
  const number = optionalAmount(page, "number") ?? 0;
  const size = optionalAmount(page, "size") ?? DEFAULT_PAGE_SIZE;
  if (size < 1) throw new ApiError("INVALID_REQUEST", "page.size는 1 이상이어야 합니다.");
  if ((number + 1) * size > PAGE_LIMIT) {
    throw new ApiError("INVALID_REQUEST", `(page.number + 1) * page.size는 ${PAGE_LIMIT}을 넘을 수 없습니다.`);
  }

  const filter = objectOrEmpty(input, "filter");
  const timestampType = optionalOneOf(filter, "timestampType", TIMESTAMP_TYPES) ?? "STATUS_CHANGED_AT";
  const until = optionalDate(filter, "until") ?? now.getTime();
  const from = optionalDate(filter, "from") ?? until - 90 * DAY_MS;
  if (from > until) throw new ApiError("INVALID_REQUEST", "filter.from은 filter.until보다 앞서야 합니다.");
  const query: PaymentListQuery = {
    page: { number, size },
    filter: {
      timestampType,
      from,
      until,
      sortBy:
        optionalOneOf(filter, "sortBy", SORT_BYS) ??
        (timestampType === "CREATED_AT" ? "REQUESTED_AT" : "STATUS_CHANGED_AT"),
      sortOrder: optionalOneOf(filter, "sortOrder", SORT_ORDERS) ?? "DESC",
    },
  };
  const status = optionalStatuses(filter);
  if (status) query.filter.status = status;
  const storeId = optionalString(filter, "storeId");
  if (storeId !== undefined) query.filter.storeId = storeId;
  const isTest = optionalBoolean(filter, "isTest");
  if (isTest !== undefined) query.filter.isTest = isTest;
  return query;
}

/**
 * The records `query` selects, sorted, and the page of them it asks for. A record's time is its
 * `requestedAt` (CREATED_AT) or `statusChangedAt` (STATUS_CHANGED_AT), kept when
 * `from <= time <= until` (both ends inclusive: unconfirmed, and windows that touch may both see a
 * payment, which idempotent settlement tolerates). Ties keep creation order (reversed for DESC).
 *
 * @returns the page's records and `totalCount`, how many matched over all pages.
 */
export function listPayments(
  records: Iterable<PaymentRecord>,
  query: PaymentListQuery,
): { items: PaymentRecord[]; totalCount: number } {
  const { filter, page } = query;
  const timeOf = (record: PaymentRecord) =>
    Date.parse(filter.timestampType === "CREATED_AT" ? record.requestedAt : record.statusChangedAt);
  const sortKey = (record: PaymentRecord) =>
    Date.parse(filter.sortBy === "REQUESTED_AT" ? record.requestedAt : record.statusChangedAt);
  const matching = [...records]
    .map((record, index) => ({ record, index }))
    .filter(({ record }) => {
      const time = timeOf(record);
      return (
        time >= filter.from &&
        time <= filter.until &&
        (filter.status === undefined || filter.status.includes(record.status)) &&
        (filter.storeId === undefined || filter.storeId === record.storeId) &&
        (filter.isTest === undefined || filter.isTest === (record.channelType === "TEST"))
      );
    });
  const direction = filter.sortOrder === "ASC" ? 1 : -1;
  matching.sort((a, b) => direction * (sortKey(a.record) - sortKey(b.record) || a.index - b.index));
  const start = page.number * page.size;
  return {
    items: matching.slice(start, start + page.size).map(({ record }) => record),
    totalCount: matching.length,
  };
}

function objectOrEmpty(source: JsonObject, key: string): JsonObject {
  const value = source[key];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ApiError("INVALID_REQUEST", `${key}의 형식이 올바르지 않습니다 (객체).`);
  }
  return value as JsonObject;
}

function optionalDate(source: JsonObject, key: string): number | undefined {
  const text = optionalString(source, key);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new ApiError("INVALID_REQUEST", `filter.${key}은 ISO 8601 일시여야 합니다.`);
  return time;
}

function optionalStatuses(filter: JsonObject): PaymentStatus[] | undefined {
  const value = filter.status;
  if (value === undefined || value === null) return undefined;
  const known = PAYMENT_STATUSES as readonly unknown[];
  if (!Array.isArray(value) || !value.every((status) => known.includes(status))) {
    throw new ApiError("INVALID_REQUEST", `filter.status는 ${PAYMENT_STATUSES.join(" | ")}의 배열이어야 합니다.`);
  }
  // An empty list filters nothing, as a list left out does.
  return value.length === 0 ? undefined : (value as PaymentStatus[]);
}

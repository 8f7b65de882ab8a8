import { describe, expect, it } from "vitest";
import { listPayments, PAGE_LIMIT, parsePaymentListQuery } from "../../emulator/list-payments.ts";
import type { PaymentRecord } from "../../emulator/payments.ts";
import { setup } from "./setup.ts";

const NOW = new Date("2026-01-02T03:04:05.000Z");

/** A record with only what listing reads; times as ISO strings. */
function record(id: string, fields: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    id,
    storeId: "store-test-0000",
    status: "PAID",
    channelType: "TEST",
    requestedAt: "2026-01-02T00:00:00.000Z",
    statusChangedAt: "2026-01-02T00:00:00.000Z",
    ...fields,
  } as PaymentRecord;
}

const ids = (result: { items: PaymentRecord[] }) => result.items.map((r) => r.id);

describe("parsePaymentListQuery", () => {
  it("applies the defaults: page 0 of 10, STATUS_CHANGED_AT from 90 days before now until now, newest first", () => {
    expect(parsePaymentListQuery({}, NOW)).toEqual({
      page: { number: 0, size: 10 },
      filter: {
        timestampType: "STATUS_CHANGED_AT",
        from: NOW.getTime() - 90 * 24 * 60 * 60 * 1000,
        until: NOW.getTime(),
        sortBy: "STATUS_CHANGED_AT",
        sortOrder: "DESC",
      },
    });
  });

  it("sorts by REQUESTED_AT by default when the filter is on CREATED_AT, and reads every honoured field", () => {
    const query = parsePaymentListQuery(
      {
        page: { number: 2, size: 50 },
        filter: {
          timestampType: "CREATED_AT",
          from: "2026-01-01T00:00:00+09:00",
          until: "2026-01-02T00:00:00Z",
          status: ["PAID", "CANCELLED"],
          storeId: "store-1",
          isTest: false,
          sortOrder: "ASC",
          methods: ["CARD"],
        },
      },
      NOW,
    );
    expect(query).toEqual({
      page: { number: 2, size: 50 },
      filter: {
        timestampType: "CREATED_AT",
        from: Date.parse("2025-12-31T15:00:00Z"),
        until: Date.parse("2026-01-02T00:00:00Z"),
        status: ["PAID", "CANCELLED"],
        storeId: "store-1",
        isTest: false,
        sortBy: "REQUESTED_AT",
        sortOrder: "ASC",
      },
    });
  });

  it.each([
    ["a page past the limit", { page: { number: 1, size: PAGE_LIMIT / 2 + 1 } }],
    ["a page of size 0", { page: { size: 0 } }],
    ["a negative page number", { page: { number: -1 } }],
    ["a fractional size", { page: { size: 2.5 } }],
    ["a page that is not an object", { page: 3 }],
    ["an unknown timestampType", { filter: { timestampType: "PAID_AT" } }],
    ["an unparsable from", { filter: { from: "yesterday" } }],
    ["from after until", { filter: { from: "2026-01-02T00:00:00Z", until: "2026-01-01T00:00:00Z" } }],
    ["an unknown status", { filter: { status: ["PAID", "SETTLED"] } }],
    ["a status that is not a list", { filter: { status: "PAID" } }],
    ["an unknown sortOrder", { filter: { sortOrder: "NEWEST" } }],
  ])("refuses %s with INVALID_REQUEST", (_name, input) => {
    expect(() => parsePaymentListQuery(input, NOW)).toThrow(expect.objectContaining({ type: "INVALID_REQUEST" }));
  });

  it("accepts the last page the limit allows", () => {
    expect(parsePaymentListQuery({ page: { number: 5999, size: 10 } }, NOW).page).toEqual({ number: 5999, size: 10 });
  });
});

describe("listPayments", () => {
  const records = [
    record("a", { statusChangedAt: "2026-01-01T10:00:00.000Z", requestedAt: "2026-01-01T09:00:00.000Z" }),
    record("b", { statusChangedAt: "2026-01-01T12:00:00.000Z", requestedAt: "2026-01-01T08:00:00.000Z" }),
    record("c", { status: "FAILED", statusChangedAt: "2026-01-01T11:00:00.000Z" }),
    record("d", { storeId: "store-other", channelType: "LIVE", statusChangedAt: "2026-01-01T11:30:00.000Z" }),
  ];
  const query = (input: Record<string, unknown>) => parsePaymentListQuery(input, NOW);

  it.each([
    ["every payment, newest status change first", {}, ["b", "d", "c", "a"]],
    ["oldest first with sortOrder ASC", { sortOrder: "ASC" }, ["a", "c", "d", "b"]],
    ["only the listed statuses", { status: ["FAILED"] }, ["c"]],
    ["only one store", { storeId: "store-other" }, ["d"]],
    ["only test payments with isTest", { isTest: true }, ["b", "c", "a"]],
    [
      "between from and until, both inclusive",
      { from: "2026-01-01T11:00:00Z", until: "2026-01-01T12:00:00Z" },
      ["b", "d", "c"],
    ],
    ["nothing when the window holds no change", { from: "2026-01-01T10:00:01Z", until: "2026-01-01T10:59:59Z" }, []],
    [
      "by creation time with CREATED_AT, sorted by requestedAt",
      { timestampType: "CREATED_AT", from: "2026-01-01T08:30:00Z", until: "2026-01-01T23:00:00Z" },
      ["a"],
    ],
  ])("selects %s", (_name, filter, expected) => {
    expect(ids(listPayments(records, query({ filter })))).toEqual(expected);
  });

  it("pages through the matches and counts them all in totalCount", () => {
    const all = { filter: { sortOrder: "ASC" } };
    expect(listPayments(records, query({ ...all, page: { number: 0, size: 3 } }))).toMatchObject({ totalCount: 4 });
    expect(ids(listPayments(records, query({ ...all, page: { number: 1, size: 3 } })))).toEqual(["b"]);
    expect(ids(listPayments(records, query({ ...all, page: { number: 2, size: 3 } })))).toEqual([]);
  });

  it("keeps creation order among equal times, reversed for DESC", () => {
    const same = [record("x"), record("y"), record("z")];
    expect(ids(listPayments(same, query({})))).toEqual(["z", "y", "x"]);
    expect(ids(listPayments(same, query({ filter: { sortOrder: "ASC" } })))).toEqual(["x", "y", "z"]);
  });
});

describe("GET /payments", () => {
  /** `GET /payments?requestBody=<JSON>` as @portone/server-sdk sends it. */
  function list(rest: ReturnType<typeof setup>["rest"], input: unknown) {
    return rest("GET", `/payments?requestBody=${encodeURIComponent(JSON.stringify(input))}`);
  }

  it("answers { items, page } with the payments' REST shapes, newest status change first", async () => {
    const { act, rest, advance } = setup();
    await act("PAID", { paymentId: "order0001" });
    advance(1000);
    await act("FAILED", { paymentId: "order0002" });
    const { status, body } = await list(rest, {});
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        expect.objectContaining({ id: "order0002", status: "FAILED", statusChangedAt: "2026-01-02T03:04:06.000Z" }),
        expect.objectContaining({ id: "order0001", status: "PAID", amount: expect.objectContaining({ paid: 39000 }) }),
      ],
      page: { number: 0, size: 10, totalCount: 2 },
    });
    expect(body.items[1]).toEqual((await rest("GET", "/payments/order0001")).body);
  });

  it("finds a partial cancellation in the window of its own time, the second one included", async () => {
    const { act, rest, advance } = setup();
    await act("PAID");
    advance(60_000);
    await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount: 1000 });
    advance(60_000);
    await rest("POST", "/payments/order0001/cancel", { reason: "일부", amount: 1000 });
    const window = (from: string, until: string) =>
      list(rest, { filter: { from, until, status: ["PARTIAL_CANCELLED"] } }).then((r) => r.body.page.totalCount);
    expect(await window("2026-01-02T03:06:05Z", "2026-01-02T03:06:05Z")).toBe(1);
    expect(await window("2026-01-02T03:05:05Z", "2026-01-02T03:06:04.999Z")).toBe(0);
    expect((await rest("GET", "/payments/order0001")).body.statusChangedAt).toBe("2026-01-02T03:06:05.000Z");
  });

  it("reads no requestBody and no body as {}: the first 10 of every payment", async () => {
    const { rest } = setup();
    expect((await rest("GET", "/payments")).body).toEqual({ items: [], page: { number: 0, size: 10, totalCount: 0 } });
  });

  it.each([
    ["a requestBody that is not JSON", "/payments?requestBody=%7Bpage"],
    ["a page past the limit", `/payments?requestBody=${encodeURIComponent('{"page":{"number":60000,"size":1}}')}`],
  ])("refuses %s with 400 INVALID_REQUEST", async (_name, path) => {
    const { rest } = setup();
    expect(await rest("GET", path)).toMatchObject({ status: 400, body: { type: "INVALID_REQUEST" } });
  });

  it("answers 401 UNAUTHORIZED without the API secret", async () => {
    const { rest } = setup();
    expect((await rest("GET", "/payments", undefined, { Authorization: "PortOne wrong" })).status).toBe(401);
  });
});

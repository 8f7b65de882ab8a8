import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvRow, koreanDayEnd, koreanDayStart, koreanTime } from "../../../worker/admin/csv.ts";

describe("csvCell", () => {
  it.each([
    ["=1+2", "'=1+2"],
    ["+821012345678", "'+821012345678"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", '"\'\rcmd"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
  ])("neutralises the formula start of %j as %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ["홍길동", "홍길동"],
    ["서울, 강남구", '"서울, 강남구"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["a=b", "a=b"],
  ])("quotes %j only when it must", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes amounts as plain integers and nothing for a missing value", () => {
    expect(csvCell(1234567)).toBe("1234567");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends the line with CRLF", () => {
    expect(csvRow(["a", 1, null, "=x"])).toBe("a,1,,'=x\r\n");
  });

  it("starts a file with the UTF-8 byte-order mark Excel needs for Hangul", () => {
    expect(new TextEncoder().encode(CSV_BOM)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});

describe("koreanTime", () => {
  it("shows a UTC instant in Korean time, a day later when past 15:00 UTC", () => {
    expect(koreanTime("2026-12-01T00:30:00.000Z")).toBe("2026-12-01 09:30:00");
    expect(koreanTime("2026-12-01T15:00:00.000Z")).toBe("2026-12-02 00:00:00");
  });

  it("leaves a missing or invalid time empty", () => {
    expect(koreanTime(undefined)).toBe("");
    expect(koreanTime("not a date")).toBe("");
  });

  it("bounds a Korean calendar day in UTC", () => {
    expect(koreanDayStart("2026-12-01")).toBe("2026-11-30T15:00:00.000Z");
    expect(koreanDayEnd("2026-12-01")).toBe("2026-12-01T15:00:00.000Z");
  });
});

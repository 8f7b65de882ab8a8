import { describe, expect, it } from "vitest";
import { FIRST_DELAY_MS, MAX_DELAY_MS, nextDelay } from "../../../widget/backoff.ts";

describe("nextDelay()", () => {
  it("doubles from 3 s and stays at 60 s", () => {
    const delays = [FIRST_DELAY_MS];
    while (delays.length < 8) delays.push(nextDelay(delays.at(-1)!));
    expect(delays).toEqual([3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000]);
    expect(MAX_DELAY_MS).toBe(60_000);
  });
});

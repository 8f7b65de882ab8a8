import { describe, expect, it } from "vitest";
import { orderToken, orderTokenValid } from "../../../worker/shopper/order-link.ts";

const A = "a".repeat(32);
const B = "b".repeat(32);

describe("order link tokens", () => {
  it("signs with the secret it is given, even when secrets alternate (the imported key is cached per secret)", async () => {
    const first = await orderToken(A, "pay1");
    const other = await orderToken(B, "pay1");
    expect(other).not.toBe(first);
    expect(await orderToken(A, "pay1")).toBe(first);
    expect(await orderTokenValid(A, "pay1", first)).toBe(true);
    expect(await orderTokenValid(B, "pay1", first)).toBe(false);
    expect(await orderTokenValid(B, "pay1", other)).toBe(true);
  });

  it("refuses another order's token, a shortened token and a missing one", async () => {
    const token = await orderToken(A, "pay1");
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await orderTokenValid(A, "pay2", token)).toBe(false);
    expect(await orderTokenValid(A, "pay1", token.slice(0, 21))).toBe(false);
    expect(await orderTokenValid(A, "pay1", undefined)).toBe(false);
    expect(await orderTokenValid("", "pay1", token)).toBe(false);
  });
});

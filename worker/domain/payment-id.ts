/**
 * The shape of every paymentId this checkout mints: at most 40 characters of `[A-Za-z0-9]`,
 * which every PG accepts (KCP, Smartro and KPN refuse anything else). A value of any other shape
 * is not one of our orders, so it never reaches a storage key or a PortOne path.
 *
 * @example PAYMENT_ID_PATTERN.test("pay0f8c2d9e4b6a47c1b2e3d4f5a6b7c8d9") // → true
 */
export const PAYMENT_ID_PATTERN = /^[A-Za-z0-9]{1,40}$/;

/**
 * A new paymentId: "pay" and 32 hex digits from 128 random bits, so {@link PAYMENT_ID_PATTERN}
 * holds. The randomness is a parameter: the composition root passes `crypto.getRandomValues`.
 *
 * @example mintPaymentId((bytes) => crypto.getRandomValues(bytes)) // → "pay0f8c…"
 */
export function mintPaymentId(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(16));
  return `pay${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

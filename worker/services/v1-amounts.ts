import type { Currency } from "../../contract/index.ts";

/**
 * PortOne V1 (iamport) speaks major units (`amount: 14.2` for USD 14.20); this API speaks minor
 * units everywhere (1420). The exponents are ISO 4217's for the currencies the catalog accepts.
 */
const EXPONENTS = { KRW: 0, USD: 2, JPY: 0, EUR: 2 } as const satisfies Record<Currency, number>;

/**
 * Minor units to V1's major units: exact for every amount the catalog can price.
 *
 * @example toMajorUnits(1420, "USD") // → 14.2
 */
export function toMajorUnits(minor: number, currency: Currency): number {
  const exponent = EXPONENTS[currency];
  // Rounded to the exponent so the division's binary error never shows (1420 / 100 is 14.2 exactly as printed).
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

/**
 * V1's major units to minor units, or `null` when the value is not a finite number or has more
 * digits than the currency allows (such an amount was never one of ours).
 *
 * @example toMinorUnits(14.2, "USD") // → 1420 (not 1419.9999999999998)
 */
export function toMinorUnits(major: unknown, currency: string | null): number | null {
  if (typeof major !== "number" || !Number.isFinite(major)) return null;
  if (currency === null || !Object.hasOwn(EXPONENTS, currency)) return null;
  const exponent = EXPONENTS[currency as Currency];
  const minor = Math.round(major * 10 ** exponent);
  // 14.205 is not a USD amount: refuse rather than round it into the order's.
  return Math.abs(minor - major * 10 ** exponent) < 1e-6 ? minor : null;
}

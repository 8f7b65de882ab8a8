import type { Currency } from "../../contract/index.ts";

/** Each currency we sell in: its symbol and minor-unit exponent (KRW 0: amounts are won). */
export const CURRENCIES = {
  KRW: ["₩", 0],
  USD: ["$", 2],
  JPY: ["¥", 0],
  EUR: ["€", 2],
} as const satisfies Record<Currency, readonly [symbol: string, exponent: number]>;

/**
 * An amount in minor units as money, the same in every locale: `₩29,000`, `$19.99`.
 *
 * Written without `Intl.NumberFormat` on purpose: a fresh isolate's first one costs about 9 ms of
 * CPU (`npm run bench -- cpu`), close to the free plan's 10 ms limit, inside the completion and
 * webhook requests that notify the merchant.
 *
 * @example formatMoney(1999, "USD") // "$19.99"
 */
export function formatMoney(amount: number, currency: string): string {
  const unit = (CURRENCIES as Record<string, readonly [string, number]>)[currency];
  if (!unit || !Number.isSafeInteger(amount)) return `${amount} ${currency}`;
  const [symbol, exponent] = unit;
  const scale = 10 ** exponent;
  const abs = Math.abs(amount);
  const whole = String(Math.floor(abs / scale)).replace(/\B(?=(\d{3})+$)/g, ",");
  const minor = exponent ? `.${String(abs % scale).padStart(exponent, "0")}` : "";
  return `${amount < 0 ? "-" : ""}${symbol}${whole}${minor}`;
}

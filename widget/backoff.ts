/**
 * The wait between the element's verification retries and deposit polls: 3 s, doubling up to
 * 60 s. A pure function so the schedule is tested without timers.
 *
 * @example
 * ```ts
 * nextDelay(FIRST_DELAY_MS); // 6000
 * nextDelay(48_000); // 60000
 * ```
 */

/** The first wait, in milliseconds. */
export const FIRST_DELAY_MS = 3000;

/** The longest wait: a shopper paying by bank transfer is told within a minute. */
export const MAX_DELAY_MS = 60_000;

/** The wait after one of `ms`: twice as long, at most {@link MAX_DELAY_MS}. */
export const nextDelay = (ms: number): number => Math.min(ms * 2, MAX_DELAY_MS);

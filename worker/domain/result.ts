/** A value or a reason, without exceptions: how the pure core and the services answer. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** @example return ok(order); */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** @example return err({ code: "PRODUCT_NOT_FOUND", productId }); */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

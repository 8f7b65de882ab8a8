import type { MiddlewareHandler } from "hono";
import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import { FAULT_HEADER } from "./faults.ts";

/** A remembered `Idempotency-Key`: still running, or its stored answer. */
export type IdempotencyEntry =
  | { state: "pending" }
  | { state: "done"; status: number; body: string; contentType: string; expiresAt: number };

const RETENTION_MS = 3 * 60 * 60 * 1000;

/**
 * PortOne's `Idempotency-Key` for POSTs: a retry with the same key on the same route within
 * 3 hours gets the first answer again; one that arrives while the first is still running gets
 * 409 IDEMPOTENCY_OUTSTANDING_REQUEST. The key is 16-256 ASCII characters, optionally quoted.
 * Server errors and injected faults are not stored, so a retry after them runs again.
 */
export function idempotency(core: EmulatorCore): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || header === undefined) return next();
    const key = header.trim().replace(/^"(.*)"$/, "$1");
    if (!/^[\x20-\x7e]{16,256}$/.test(key)) {
      throw new ApiError("INVALID_REQUEST", "Idempotency-Key는 16~256자의 ASCII 문자열이어야 합니다.");
    }
    const slot = `${c.req.method} ${c.req.path} ${key}`;
    const now = core.options.now().getTime();
    const entry = core.idempotency.get(slot);
    if (entry?.state === "pending") {
      throw new ApiError("IDEMPOTENCY_OUTSTANDING_REQUEST", "같은 Idempotency-Key의 요청이 처리 중입니다.");
    }
    if (entry?.state === "done" && entry.expiresAt > now) {
      return c.body(entry.body, entry.status as 200, { "content-type": entry.contentType });
    }
    core.idempotency.set(slot, { state: "pending" });
    try {
      await next();
    } finally {
      const response = c.res;
      if (response.status >= 500 || response.headers.has(FAULT_HEADER)) {
        core.idempotency.delete(slot);
      } else {
        core.idempotency.set(slot, {
          state: "done",
          status: response.status,
          body: await response.clone().text(),
          contentType: response.headers.get("content-type") ?? "application/json",
          expiresAt: now + RETENTION_MS,
        });
      }
    }
  };
}

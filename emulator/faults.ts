import type { MiddlewareHandler } from "hono";
import { html } from "hono/html";
import { type JsonObject, optionalAmount, optionalBoolean, optionalString } from "./body.ts";
import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";

/** Marks a response the emulator made up instead of answering (see {@link injectFaults}). */
export const FAULT_HEADER = "x-portone-emulator-fault";

/** A queued fault for the next matching REST calls. */
export type FaultRule = {
  /** Answer with this status instead of handling the call; none: only delay. */
  status?: number;
  /** The error `type` of a JSON fault body. */
  type: string;
  delayMs: number;
  /** Answer with an HTML body, as a proxy or load balancer would. */
  nonJson: boolean;
  /** How many more calls it affects. */
  remaining: number;
  /** Only calls whose path contains this substring. */
  path?: string;
};

/**
 * Parses `POST /_emulator/faults` `{ status?, type?, delayMs?, nonJson?, count?, path? }`.
 * `nonJson` without `status` answers 502.
 */
export function parseFault(body: JsonObject): FaultRule {
  const status = optionalAmount(body, "status");
  if (status !== undefined && (status < 200 || status > 599)) {
    throw new ApiError("INVALID_REQUEST", "status는 200~599 사이여야 합니다.");
  }
  const nonJson = optionalBoolean(body, "nonJson") ?? false;
  const count = optionalAmount(body, "count") ?? 1;
  if (count < 1) throw new ApiError("INVALID_REQUEST", "count는 1 이상이어야 합니다.");
  const rule: FaultRule = {
    type: optionalString(body, "type") ?? "INTERNAL_SERVER_ERROR",
    delayMs: optionalAmount(body, "delayMs") ?? 0,
    nonJson,
    remaining: count,
  };
  const effectiveStatus = status ?? (nonJson ? 502 : undefined);
  if (effectiveStatus !== undefined) rule.status = effectiveStatus;
  const path = optionalString(body, "path");
  if (path) rule.path = path;
  return rule;
}

/**
 * Applies the first queued fault whose `path` matches the call (raw, percent-encoded path):
 * waits `delayMs`, then answers with the fault's status, or lets the call through.
 */
export function injectFaults(core: EmulatorCore): MiddlewareHandler {
  return async (c, next) => {
    const index = core.faults.findIndex((rule) => rule.path === undefined || c.req.path.includes(rule.path));
    const rule = core.faults[index];
    if (!rule) return next();
    rule.remaining -= 1;
    if (rule.remaining <= 0) core.faults.splice(index, 1);
    if (rule.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    if (rule.status === undefined) return next();
    const headers = { [FAULT_HEADER]: "injected" };
    if (rule.nonJson) {
      const body = html`<html><head><title>${rule.status}</title></head><body><h1>${rule.status} Error</h1></body></html>`;
      return c.html(body, rule.status as 502, headers);
    }
    const message = `PortOne 에뮬레이터가 주입한 장애입니다 (HTTP ${rule.status}).`;
    return c.json({ type: rule.type, message }, rule.status as 502, headers);
  };
}

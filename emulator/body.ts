import type { Context } from "hono";
import { ApiError } from "./errors.ts";

/** A parsed JSON object body. */
export type JsonObject = Record<string, unknown>;

/**
 * Reads the request body as a JSON object whatever its `Content-Type` (PortOne's server SDK sends
 * none). An empty body reads as `{}`; anything that is not a JSON object is 400 INVALID_REQUEST.
 */
export async function readJsonObject(c: Context): Promise<JsonObject> {
  return parseJsonObject(await c.req.text());
}

/**
 * Parses `text` as a JSON object (a body, or a JSON query parameter such as `requestBody`): empty
 * is `{}`; anything that is not a JSON object is 400 INVALID_REQUEST.
 */
export function parseJsonObject(text: string): JsonObject {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("INVALID_REQUEST", "요청 본문이 올바른 JSON이 아닙니다.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError("INVALID_REQUEST", "요청 본문은 JSON 객체여야 합니다.");
  }
  return value as JsonObject;
}

/** `body[key]` as a string, or `undefined` when absent; any other type is 400 INVALID_REQUEST. */
export function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(key, "문자열");
  return value;
}

/** `body[key]` as a non-empty string; missing or empty is 400 INVALID_REQUEST. */
export function requiredString(body: JsonObject, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value === "") {
    throw new ApiError("INVALID_REQUEST", `${key}는 필수 입력 항목입니다.`);
  }
  return value;
}

/** `body[key]` as a non-negative safe integer, or `undefined` when absent. */
export function optionalAmount(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(key, "0 이상의 정수");
  }
  return value;
}

/** `body[key]` as a boolean, or `undefined` when absent. */
export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(key, "boolean");
  return value;
}

/** `body[key]` as one of `allowed`, or `undefined` when absent. */
export function optionalOneOf<T extends string>(body: JsonObject, key: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(body, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(key, allowed.join(" | "));
  return value as T;
}

function invalid(key: string, expected: string): ApiError {
  return new ApiError("INVALID_REQUEST", `${key}의 형식이 올바르지 않습니다 (${expected}).`);
}

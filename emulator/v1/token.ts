import type { V1State, V1Token } from "./state.ts";

/** A V1 access token lives 30 minutes. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;

/**
 * Issues a token for valid keys: the same token while one is valid, extended by 5 minutes when
 * under a minute is left (PortOne's rule, so several servers may ask concurrently).
 * @returns the token, or `undefined` for wrong keys.
 */
export function issueToken(state: V1State, impKey: string, impSecret: string): V1Token | undefined {
  if (impKey !== state.options.apiKey || impSecret !== state.options.apiSecret) return undefined;
  const now = state.now();
  const current = [...state.tokens.values()].find((token) => token.expired_at > now);
  if (current) {
    if (current.expired_at - now < 60) current.expired_at += 5 * 60;
    return current;
  }
  const token = { access_token: state.core.newId().replaceAll("-", ""), expired_at: now + TOKEN_LIFETIME_SECONDS };
  state.tokens.set(token.access_token, token);
  return token;
}

/** The token in `Authorization: Bearer <token>` or the bare token the official clients send. */
export function tokenOf(authorization: string | undefined): string {
  const value = (authorization ?? "").trim();
  return value.toLowerCase().startsWith("bearer ") ? value.slice(7).trim() : value;
}

/** Whether the header carries a token issued here that has not expired. */
export function isValidToken(state: V1State, authorization: string | undefined): boolean {
  const token = state.tokens.get(tokenOf(authorization));
  return token !== undefined && token.expired_at > state.now();
}

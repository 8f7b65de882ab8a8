import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { JWTVerifyGetKey } from "jose";
import { ApiError } from "../routes/http-error.ts";
import {
  type AccessConfig,
  accessKeys,
  accessTokenValid,
  MIN_TOKEN_LENGTH,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionValid,
  signSession,
  tokenMatches,
} from "./auth.ts";

/** The back office's settings, read from `env` on each request. */
export interface AdminConfig {
  token: string;
  access: AccessConfig | null;
}

/**
 * The admin settings, or why the back office stays shut: `ADMIN_TOKEN` missing or shorter than
 * 32 characters, or only one of `CF_ACCESS_TEAM_DOMAIN` / `CF_ACCESS_AUD` set. Fail closed.
 */
export function readAdminConfig(env: Env): AdminConfig | { missing: string } {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const token = text(env.ADMIN_TOKEN);
  if (token.length < MIN_TOKEN_LENGTH) return { missing: `ADMIN_TOKEN (at least ${MIN_TOKEN_LENGTH} characters)` };
  const teamDomain = text(env.CF_ACCESS_TEAM_DOMAIN);
  const audience = text(env.CF_ACCESS_AUD);
  if (Boolean(teamDomain) !== Boolean(audience))
    return { missing: teamDomain ? "CF_ACCESS_AUD" : "CF_ACCESS_TEAM_DOMAIN" };
  return { token, access: teamDomain ? { teamDomain, audience } : null };
}

/** Failed attempts per client before it must wait, and the window they are counted in. */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_SECONDS = 15 * 60;

/**
 * The client a failure is counted against: Cloudflare's view of the caller's address, an IPv6
 * address by its /64 (one subscriber's whole network), so rotating addresses buys no attempts.
 */
export const clientOf = (header: (name: string) => string | undefined) => {
  const ip = header("cf-connecting-ip") ?? "unknown";
  // An IPv4 address written as IPv6 (`::ffff:203.0.113.7`) is that IPv4 client, not a /64.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const groups = [
    ...head.split(":").filter(Boolean),
    ...(ip.includes("::") ? ["::"] : []),
    ...tail.split(":").filter(Boolean),
  ];
  // Expand "::" to the zero groups it stands for, then keep the first four.
  const missing = 8 - groups.filter((g) => g !== "::").length;
  const full = groups.flatMap((g) => (g === "::" ? Array(missing).fill("0") : [g]));
  return `${full.slice(0, 4).join(":")}::/64`;
};

/**
 * Slows down guessing: answers how long `client` must wait (seconds), or 0. Counted in D1 so
 * every location of the worker sees the same count.
 */
export async function waitFor(db: D1Database, client: string, nowSeconds: number): Promise<number> {
  const row = await db
    .prepare("SELECT failures, window_start FROM admin_attempts WHERE client = ?")
    .bind(client)
    .first<{ failures: number; window_start: number }>();
  if (!row || row.failures < MAX_FAILURES) return 0;
  const wait = row.window_start + FAILURE_WINDOW_SECONDS - nowSeconds;
  return wait > 0 ? wait : 0;
}

/** Counts one failed attempt of `client` (a new window once the old one is over). */
export async function countFailure(db: D1Database, client: string, nowSeconds: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO admin_attempts (client, failures, window_start) VALUES (?1, 1, ?2)
      ON CONFLICT (client) DO UPDATE SET
        failures = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE failures + 1 END,
        window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END`,
    )
    .bind(client, nowSeconds, FAILURE_WINDOW_SECONDS)
    .run();
}

/** Forgets a client's failures once it signed in. */
export async function clearFailures(db: D1Database, client: string): Promise<void> {
  await db.prepare("DELETE FROM admin_attempts WHERE client = ?").bind(client).run();
}

/** Refuses with 429 `TOO_MANY_ATTEMPTS` while `client` must wait. */
export async function refuseIfThrottled(db: D1Database, client: string, now: Date): Promise<void> {
  const wait = await waitFor(db, client, Math.floor(now.getTime() / 1000));
  if (wait > 0) {
    throw new ApiError("TOO_MANY_ATTEMPTS", `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minutes.`, {
      "Retry-After": String(wait),
    });
  }
}

type AdminEnv = { Bindings: Env; Variables: { admin: AdminConfig } };

/**
 * Guards every admin route, in this order: configured (else 503 `NOT_CONFIGURED`); Cloudflare
 * Access's token when configured; state-changing requests only from the worker's own origin (403
 * `ORIGIN_NOT_ALLOWED`: a form on another site cannot refund); not throttled (429); a valid
 * session cookie or `Authorization: Bearer <ADMIN_TOKEN>` (else 401 `ADMIN_AUTH_REQUIRED`).
 * `open` lists paths that need everything but the session (the sign-in itself).
 *
 * @example admin.use("*", adminGuard({ open: ["/api/admin/session"] }));
 */
export function adminGuard(
  options: { open?: string[]; now?: () => Date; accessKeys?: (teamDomain: string) => JWTVerifyGetKey } = {},
): MiddlewareHandler<AdminEnv> {
  const now = options.now ?? (() => new Date());
  const keysFor = options.accessKeys ?? accessKeys;
  return async (c, next) => {
    c.header("Cache-Control", "no-store");
    const config = readAdminConfig(c.env);
    if ("missing" in config)
      throw new ApiError("NOT_CONFIGURED", `The back office is not configured: set ${config.missing}.`);
    c.set("admin", config);
    const at = now();
    if (config.access) {
      const assertion = c.req.header("cf-access-jwt-assertion");
      if (!(await accessTokenValid(assertion, config.access, keysFor(config.access.teamDomain), at))) {
        throw new ApiError("ADMIN_AUTH_REQUIRED", "Sign in through Cloudflare Access first.");
      }
    }
    if (!["GET", "HEAD"].includes(c.req.method)) {
      const origin = c.req.header("origin");
      const site = c.req.header("sec-fetch-site");
      if ((origin && origin !== new URL(c.req.url).origin) || site === "cross-site") {
        throw new ApiError("ORIGIN_NOT_ALLOWED", "Admin changes are accepted only from the admin page itself.");
      }
    }
    if (options.open?.includes(c.req.path)) return next();

    const session = getCookie(c, SESSION_COOKIE);
    if (session && (await sessionValid(session, config.token, at))) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (bearer) {
      const client = clientOf((name) => c.req.header(name));
      await refuseIfThrottled(c.env.CHECKOUT_DB, client, at);
      if (await tokenMatches(bearer, config.token)) return next();
      await countFailure(c.env.CHECKOUT_DB, client, Math.floor(at.getTime() / 1000));
    }
    throw new ApiError("ADMIN_AUTH_REQUIRED", "Sign in to the back office first.");
  };
}

/**
 * Signs the merchant in with the admin token, for the API's `POST /api/admin/session` and the
 * page's form alike: not configured → 503, throttled → 429, a wrong token counts as a failure
 * (`false`), the right one clears the client's failures and sets the 12-hour session cookie.
 *
 * @example if (!(await signIn(c, token))) return c.html(signInPage(locale, true), 401);
 */
export async function signIn<E extends { Bindings: Env }>(c: Context<E>, presented: string): Promise<boolean> {
  const config = readAdminConfig(c.env);
  if ("missing" in config)
    throw new ApiError("NOT_CONFIGURED", `The back office is not configured: set ${config.missing}.`);
  const now = new Date();
  const client = clientOf((name) => c.req.header(name));
  await refuseIfThrottled(c.env.CHECKOUT_DB, client, now);
  if (!(await tokenMatches(presented, config.token))) {
    await countFailure(c.env.CHECKOUT_DB, client, Math.floor(now.getTime() / 1000));
    return false;
  }
  await clearFailures(c.env.CHECKOUT_DB, client);
  setCookie(c, SESSION_COOKIE, await signSession(config.token, now), {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/",
    maxAge: SESSION_SECONDS,
  });
  return true;
}

/** Ends the session: the cookie is cleared. */
export function signOut(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
}

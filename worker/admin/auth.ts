/**
 * Who may open the back office: the merchant's `ADMIN_TOKEN` (typed once into the sign-in form,
 * then a signed 12-hour session cookie; scripts send it as a bearer token), and optionally
 * Cloudflare Access in front. Pure functions over Web Crypto and `jose`; the clock is a parameter.
 *
 * @example
 * if (await tokenMatches(presented, env.ADMIN_TOKEN)) setCookie(c, SESSION_COOKIE, await signSession(env.ADMIN_TOKEN, now));
 */
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify, SignJWT } from "jose";

/** The session cookie's name. */
export const SESSION_COOKIE = "portone_admin";
/** How long a session lasts. */
export const SESSION_SECONDS = 12 * 60 * 60;
/** A shorter `ADMIN_TOKEN` is refused as not configured: it could be guessed. */
export const MIN_TOKEN_LENGTH = 32;

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/**
 * Whether `presented` is the admin token, in constant time: both are hashed first, so neither the
 * content nor the length of the secret leaks through timing.
 */
export async function tokenMatches(presented: string, secret: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(presented), sha256(secret)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0 && secret.length >= MIN_TOKEN_LENGTH;
}

/** The session key: derived from the token, so rotating `ADMIN_TOKEN` signs every session out. */
async function sessionKey(secret: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode("portone-checkout admin session v1")));
}

/** A signed session (HS256 JWT) valid for {@link SESSION_SECONDS} from `now`. */
export async function signSession(secret: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("admin")
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_SECONDS)
    .sign(await sessionKey(secret));
}

/** Whether `token` is a session this worker signed with the current `ADMIN_TOKEN` and not expired at `now`. */
export async function sessionValid(token: string, secret: string, now: Date): Promise<boolean> {
  try {
    await jwtVerify(token, await sessionKey(secret), {
      algorithms: ["HS256"],
      subject: "admin",
      currentDate: now,
    });
    return true;
  } catch {
    return false;
  }
}

/** Cloudflare Access settings: the team's domain and the application's audience tag. */
export interface AccessConfig {
  teamDomain: string;
  audience: string;
}

/**
 * The issuer Access puts in its tokens: `https://<team>.cloudflareaccess.com`. A full URL is taken
 * as it is (local tests serve their own keys).
 */
export function accessIssuer(teamDomain: string): string {
  const trimmed = teamDomain.trim().replace(/\/+$/, "");
  return /^https?:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`;
}

const remoteKeys = new Map<string, JWTVerifyGetKey>();

/** The team's signing keys (`/cdn-cgi/access/certs`), fetched and cached by `jose`. */
export function accessKeys(teamDomain: string): JWTVerifyGetKey {
  const issuer = accessIssuer(teamDomain);
  let keys = remoteKeys.get(issuer);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(`${issuer}/cdn-cgi/access/certs`));
    remoteKeys.set(issuer, keys);
  }
  return keys;
}

/** Keys from a JWKS document already at hand (tests). */
export const localAccessKeys = createLocalJWKSet;

/**
 * Verifies a `Cf-Access-Jwt-Assertion`: signature against the team's keys, issuer, audience and
 * expiry. Anything else (missing, malformed, expired, another application's) is `false`.
 */
export async function accessTokenValid(
  token: string | undefined,
  config: AccessConfig,
  keys: JWTVerifyGetKey,
  now: Date,
): Promise<boolean> {
  if (!token) return false;
  try {
    await jwtVerify(token, keys, {
      issuer: accessIssuer(config.teamDomain),
      audience: config.audience,
      algorithms: ["RS256", "ES256"],
      currentDate: now,
    });
    return true;
  } catch {
    return false;
  }
}

import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  accessIssuer,
  accessTokenValid,
  localAccessKeys,
  SESSION_SECONDS,
  sessionValid,
  signSession,
  tokenMatches,
} from "../../../worker/admin/auth.ts";

const TOKEN = "a-merchant-admin-token-of-forty-characters";
const NOW = new Date("2026-12-01T00:00:00.000Z");

describe("tokenMatches", () => {
  it("accepts the admin token and refuses anything else, however close", async () => {
    expect(await tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(await tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(await tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(await tokenMatches("", TOKEN)).toBe(false);
  });

  it("refuses even an exact match when the configured token is shorter than 32 characters", async () => {
    expect(await tokenMatches("short-token", "short-token")).toBe(false);
  });
});

describe("signSession / sessionValid", () => {
  it("accepts its own session until it is 12 hours old", async () => {
    const session = await signSession(TOKEN, NOW);
    expect(await sessionValid(session, TOKEN, new Date(NOW.getTime() + 60_000))).toBe(true);
    expect(await sessionValid(session, TOKEN, new Date(NOW.getTime() + (SESSION_SECONDS + 1) * 1000))).toBe(false);
  });

  it("signs every session out when ADMIN_TOKEN changes", async () => {
    const session = await signSession(TOKEN, NOW);
    expect(await sessionValid(session, `${TOKEN}-rotated`, NOW)).toBe(false);
  });

  it("refuses a forged or tampered session", async () => {
    const session = await signSession(TOKEN, NOW);
    const [head, , sig] = session.split(".");
    const body = btoa(JSON.stringify({ sub: "admin", exp: 9_999_999_999 })).replace(/=+$/, "");
    expect(await sessionValid(`${head}.${body}.${sig}`, TOKEN, NOW)).toBe(false);
    expect(await sessionValid("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", TOKEN, NOW)).toBe(false);
    expect(await sessionValid("garbage", TOKEN, NOW)).toBe(false);
  });
});

describe("accessTokenValid", () => {
  async function team() {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
    const keys = localAccessKeys({ keys: [jwk] });
    const config = { teamDomain: "shop.cloudflareaccess.com", audience: "aud-tag-123" };
    const sign = (claims: { iss?: string; aud?: string; exp?: number }, key = privateKey) =>
      new SignJWT({ email: "owner@shop.example" })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(claims.iss ?? "https://shop.cloudflareaccess.com")
        .setAudience(claims.aud ?? "aud-tag-123")
        .setIssuedAt(Math.floor(NOW.getTime() / 1000))
        .setExpirationTime(claims.exp ?? Math.floor(NOW.getTime() / 1000) + 600)
        .sign(key);
    return { keys, config, sign };
  }

  it("accepts a token signed by the team for this application", async () => {
    const { keys, config, sign } = await team();
    expect(await accessTokenValid(await sign({}), config, keys, NOW)).toBe(true);
  });

  it.each([
    ["another issuer", { iss: "https://evil.cloudflareaccess.com" }],
    ["another application", { aud: "other-aud" }],
    ["an expired token", { exp: Math.floor(NOW.getTime() / 1000) - 1 }],
  ])("refuses %s", async (_name, claims) => {
    const { keys, config, sign } = await team();
    expect(await accessTokenValid(await sign(claims), config, keys, NOW)).toBe(false);
  });

  it("refuses a token signed by a key the team does not publish, and no token at all", async () => {
    const { keys, config, sign } = await team();
    const stranger = await generateKeyPair("RS256");
    expect(await accessTokenValid(await sign({}, stranger.privateKey), config, keys, NOW)).toBe(false);
    expect(await accessTokenValid(undefined, config, keys, NOW)).toBe(false);
  });

  it("takes the issuer from the team domain, or from a full URL as given", () => {
    expect(accessIssuer("shop.cloudflareaccess.com")).toBe("https://shop.cloudflareaccess.com");
    expect(accessIssuer("http://127.0.0.1:9999/")).toBe("http://127.0.0.1:9999");
  });
});

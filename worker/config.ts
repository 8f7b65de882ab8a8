/**
 * The worker's configuration, read from `env` on each request (never module globals).
 * Names are the public interface documented in the README.
 */
interface Config {
  storeId: string;
  channelKey: string;
  /** Optional per-payMethod channel keys (`PORTONE_CHANNEL_KEYS`, JSON). */
  channelKeys: Record<string, string>;
  apiBase: string;
  apiSecret: string;
  /** Current and next webhook secret: either verifies, so secrets rotate without downtime. */
  webhookSecrets: string[];
  /** `"*"` or exact origins such as `https://shop.example`. */
  allowedOrigins: "*" | string[];
  allowTestPayments: boolean;
  timeoutMs: number;
}

/**
 * The configuration from the bindings, trimmed, with defaults; never throws.
 *
 * @example const { allowedOrigins } = readConfig(c.env);
 */
export function readConfig(env: Env): Config {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const origins = text(env.ALLOWED_ORIGINS);
  const timeout = Number(text(env.PORTONE_TIMEOUT_MS));
  return {
    storeId: text(env.PORTONE_STORE_ID),
    channelKey: text(env.PORTONE_CHANNEL_KEY),
    channelKeys: parseChannelKeys(text(env.PORTONE_CHANNEL_KEYS)),
    apiBase: text(env.PORTONE_API_BASE) || "https://api.portone.io",
    apiSecret: text(env.PORTONE_API_SECRET),
    webhookSecrets: [text(env.PORTONE_WEBHOOK_SECRET), text(env.PORTONE_WEBHOOK_SECRET_NEXT)].filter(Boolean),
    allowedOrigins:
      origins === "*"
        ? "*"
        : origins
            .split(",")
            .map((o) => o.trim().replace(/\/$/, ""))
            .filter(Boolean),
    // Fail closed: only the exact string "true" lets TEST-channel payments through.
    allowTestPayments: text(env.ALLOW_TEST_PAYMENTS) === "true",
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 15_000,
  };
}

function parseChannelKeys(json: string): Record<string, string> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    console.error("PORTONE_CHANNEL_KEYS is not valid JSON; using PORTONE_CHANNEL_KEY for every pay method");
    return {};
  }
}

/**
 * Names of the settings a PortOne call needs that are missing, so the worker refuses instead of guessing.
 *
 * @example missingForPayments(readConfig(env)) // → ["PORTONE_API_SECRET"] when it is unset
 */
export function missingForPayments(config: Config): string[] {
  return [
    ["PORTONE_API_SECRET", config.apiSecret],
    ["PORTONE_STORE_ID", config.storeId],
    ["PORTONE_CHANNEL_KEY", config.channelKey],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name as string);
}

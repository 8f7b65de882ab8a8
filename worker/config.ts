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
  /** `PORTONE_VERSION`: `V2` by default; `null` for a value that is neither (refused as missing). */
  version: "V1" | "V2" | null;
  /** PortOne V1 (iamport), read whatever the version; used only when `version` is `V1`. */
  v1: V1Config;
}

/** The settings of PortOne V1 (iamport). */
interface V1Config {
  /** The public 고객사 식별코드 (`imp…`). */
  impCode: string;
  channelKey: string;
  apiBase: string;
  apiKey: string;
  apiSecret: string;
  /** Where V1 webhooks may come from (`CF-Connecting-IP`), or `"*"` for anywhere. */
  webhookIps: "*" | string[];
}

/** PortOne's documented V1 webhook senders: the default allow-list. */
export const PORTONE_V1_WEBHOOK_IPS = ["52.78.100.19", "52.78.48.223", "52.78.5.241"] as const;

/**
 * The configuration from the bindings, trimmed, with defaults; never throws.
 *
 * @example const { allowedOrigins } = readConfig(c.env);
 */
export function readConfig(env: Env): Config {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const origins = text(env.ALLOWED_ORIGINS);
  const timeout = Number(text(env.PORTONE_TIMEOUT_MS));
  const version = text(env.PORTONE_VERSION).toUpperCase();
  const ips = text(env.PORTONE_V1_WEBHOOK_IPS);
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
    version: version === "" || version === "V2" ? "V2" : version === "V1" ? "V1" : null,
    v1: {
      impCode: text(env.PORTONE_V1_IMP_CODE),
      channelKey: text(env.PORTONE_V1_CHANNEL_KEY),
      apiBase: text(env.PORTONE_V1_API_BASE) || "https://api.iamport.kr",
      apiKey: text(env.PORTONE_V1_API_KEY),
      apiSecret: text(env.PORTONE_V1_API_SECRET),
      webhookIps:
        ips === "*"
          ? "*"
          : ips
            ? ips
                .split(",")
                .map((ip) => ip.trim())
                .filter(Boolean)
            : [...PORTONE_V1_WEBHOOK_IPS],
    },
  };
}

const configs = new WeakMap<Env, Config>();

/**
 * {@link readConfig}, read once per `env` object: an isolate's requests share one `env`, whose
 * vars do not change while it lives, so the hot paths (the origin check on every shopper call)
 * do not parse the settings again on every request.
 *
 * @example const { allowedOrigins } = configOf(c.env);
 */
export function configOf(env: Env): Config {
  let config = configs.get(env);
  if (!config) {
    config = readConfig(env);
    configs.set(env, config);
  }
  return config;
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
  if (config.version === null) return ["PORTONE_VERSION (V1 or V2)"];
  if (config.version === "V1") {
    return [
      ["PORTONE_V1_API_KEY", config.v1.apiKey],
      ["PORTONE_V1_API_SECRET", config.v1.apiSecret],
      ["PORTONE_V1_IMP_CODE", config.v1.impCode],
      ["PORTONE_V1_CHANNEL_KEY", config.v1.channelKey],
    ]
      .filter(([, value]) => !value)
      .map(([name]) => name as string);
  }
  return [
    ["PORTONE_API_SECRET", config.apiSecret],
    ["PORTONE_STORE_ID", config.storeId],
    ["PORTONE_CHANNEL_KEY", config.channelKey],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name as string);
}

/**
 * What `npm run deploy` checks and does, as plain data: the refusals (an empty ALLOWED_ORIGINS,
 * the placeholder ids), the wrangler commands in order, the secrets to ask for and the webhook
 * URLs to paste into PortOne's console. No I/O here: scripts/deploy.ts reads wrangler.toml and
 * the account's state, and runs the plan.
 */

/** The part of wrangler's resolved configuration (`unstable_readConfig`) the plan reads. */
export interface DeployConfig {
  name?: string | undefined;
  vars: Record<string, unknown>;
  kv_namespaces: { binding: string; id?: string | undefined }[];
  d1_databases: { binding: string; database_name?: string | undefined; database_id?: string | undefined }[];
  ratelimits?: { name: string }[] | undefined;
}

/** The rate-limiting bindings order creation needs unless ORDER_RATE_LIMIT is "off" (worker/routes/rate-limit.ts). */
const RATE_LIMIT_BINDINGS = ["ORDER_RATE_LIMITER", "ORDER_REPLAY_MARKER"];

/** What is already there on the account; `undefined` where unknown (a dry run asks nobody). */
export interface AccountState {
  /** Names of the account's D1 databases. */
  databases?: string[] | undefined;
  /** Names of the secrets the worker already has (none when it was never deployed). */
  secrets?: string[] | undefined;
}

/** One step of a deploy: a command to run, shown as is by `--dry-run`. */
export type Step =
  | { kind: "build"; command: string[]; why: string }
  /** `wrangler kv namespace create`, then its id written into wrangler.toml. */
  | { kind: "create-kv"; binding: string; command: string[]; why: string }
  | { kind: "wrangler"; command: string[]; why: string }
  /** Asks for (or takes from the environment) each secret, uploaded with the deploy below. */
  | { kind: "secrets"; secrets: SecretSpec[]; why: string }
  | { kind: "deploy"; command: string[]; why: string }
  | { kind: "catalog"; command: string[]; why: string };

/** A secret the worker needs, and when the merchant can have it. */
export interface SecretSpec {
  name: string;
  why: string;
  /** A random value will do (nobody types it anywhere). */
  generate?: "silently" | "and-show";
  /** Exists only after a step in PortOne's console that needs the deployed worker's URL. */
  afterWebhook?: boolean;
}

/** The zero KV id wrangler.toml ships with: a namespace still to be created. */
export const PLACEHOLDER_KV_ID = "00000000000000000000000000000000";
const ZERO_UUID = /0{8}-0{4}-0{4}-0{4}-0{12}/;

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const isPlaceholder = (value: unknown) => text(value) === "" || ZERO_UUID.test(text(value));

/** The secrets a worker on this PortOne version needs (README "Configuration"). */
export function secretsFor(version: "V1" | "V2"): SecretSpec[] {
  const common: SecretSpec[] = [
    {
      name: "ADMIN_TOKEN",
      why: "the back office's sign-in token, at least 32 characters",
      generate: "and-show",
    },
    { name: "ORDER_LINK_SECRET", why: "signs the shoppers' order links", generate: "silently" },
  ];
  if (version === "V1") {
    return [
      { name: "PORTONE_V1_API_KEY", why: "PortOne V1 REST API key (console → 내 식별코드・API Keys)" },
      { name: "PORTONE_V1_API_SECRET", why: "PortOne V1 REST API secret (the same modal)" },
      ...common,
    ];
  }
  return [
    { name: "PORTONE_API_SECRET", why: "PortOne V2 API secret (console → 결제 연동 → 연동 정보 → API Secret)" },
    ...common,
    {
      name: "PORTONE_WEBHOOK_SECRET",
      why: "the webhook's secret, shown once you add the webhook URL in PortOne's console",
      afterWebhook: true,
    },
  ];
}

/** `V1` or `V2` as the worker reads PORTONE_VERSION (anything else is refused by deployProblems). */
export function versionOf(config: DeployConfig): "V1" | "V2" {
  return text(config.vars.PORTONE_VERSION).toUpperCase() === "V1" ? "V1" : "V2";
}

/**
 * Why this configuration must not be deployed, one line each, naming the setting and where it
 * lives in wrangler.toml; empty when it may go.
 *
 * @example deployProblems(config, "staging") // ['ALLOWED_ORIGINS is empty in [env.staging.vars]: ...']
 */
export function deployProblems(config: DeployConfig, env?: string): string[] {
  const vars = config.vars;
  const at = env ? `wrangler.toml [env.${env}.vars]` : "wrangler.toml [vars]";
  const problems: string[] = [];
  if (text(vars.ALLOWED_ORIGINS) === "") {
    problems.push(
      `ALLOWED_ORIGINS is empty in ${at}: set the origin of the site that embeds the checkout, e.g. "https://shop.example.com" (comma-separated for several).`,
    );
  }
  const version = text(vars.PORTONE_VERSION).toUpperCase() || "V2";
  if (version !== "V1" && version !== "V2") {
    problems.push(`PORTONE_VERSION in ${at} is "${text(vars.PORTONE_VERSION)}": use "V2" or "V1".`);
  }
  const channel = env === undefined ? "a live channel" : "a test channel, for test payments";
  if (version === "V1") {
    if (text(vars.PORTONE_V1_IMP_CODE) === "")
      problems.push(`PORTONE_V1_IMP_CODE is empty in ${at}: set your 고객사 식별코드 (imp…) from PortOne's console.`);
    if (isPlaceholder(vars.PORTONE_V1_CHANNEL_KEY))
      problems.push(`PORTONE_V1_CHANNEL_KEY is not set in ${at}: set the channel key of ${channel}.`);
  } else {
    if (isPlaceholder(vars.PORTONE_STORE_ID))
      problems.push(
        `PORTONE_STORE_ID in ${at} is the placeholder: set your store id (store-…) from PortOne's console (결제 연동 → 연동 정보).`,
      );
    if (isPlaceholder(vars.PORTONE_CHANNEL_KEY))
      problems.push(
        `PORTONE_CHANNEL_KEY in ${at} is the placeholder: set the channel key (channel-key-…) of ${channel}.`,
      );
  }
  const apiBase = text(vars.PORTONE_API_BASE);
  if (apiBase !== "" && !apiBase.startsWith("https://"))
    problems.push(
      `PORTONE_API_BASE in ${at} is "${apiBase}": PortOne is https://api.portone.io (the emulator is for npm start only).`,
    );
  const limits = new Set((config.ratelimits ?? []).map((r) => r.name));
  const missingLimits = RATE_LIMIT_BINDINGS.filter((name) => !limits.has(name));
  if (text(vars.ORDER_RATE_LIMIT) !== "off" && missingLimits.length > 0)
    problems.push(
      `${missingLimits.join(" and ")} missing from wrangler.toml's [[${env ? `env.${env}.` : ""}ratelimits]]: without them every order would be refused (503 NOT_CONFIGURED); copy the top level's.`,
    );
  if (env === undefined && text(vars.ALLOW_TEST_PAYMENTS) === "true")
    problems.push(
      `ALLOW_TEST_PAYMENTS is "true" in ${at}: production must refuse test-channel payments; make test payments on staging (npm run deploy -- --env staging).`,
    );
  return problems;
}

/** What a merchant should know but that does not stop a deploy. */
export function deployWarnings(config: DeployConfig, env?: string): string[] {
  const warnings: string[] = [];
  const origins = text(config.vars.ALLOWED_ORIGINS);
  if (origins === "*") warnings.push('ALLOWED_ORIGINS is "*": any site can create orders with your prices.');
  else if (/\/\/(localhost|127\.0\.0\.1)\b/.test(origins))
    warnings.push(`ALLOWED_ORIGINS includes a local address (${origins}): shoppers' browsers never send it.`);
  if (text(config.vars.ORDER_RATE_LIMIT) === "off")
    warnings.push('ORDER_RATE_LIMIT is "off": anyone can script order creation and spend your KV writes.');
  if (env === undefined && text(config.vars.PUBLIC_URL) === "")
    warnings.push("PUBLIC_URL is empty: notifications carry no link to the order.");
  return warnings;
}

/** `--env <name>` for wrangler, or nothing for production. */
const envArgs = (env?: string) => (env ? ["--env", env] : []);

/**
 * The steps of a deploy, in the order that works: build, create what is missing (KV namespace,
 * D1 database), migrate the database before the new code runs, ask for the secrets that can be
 * had now, deploy with them, push the catalog.
 *
 * @example planDeploy(config, { env: "staging" }, { databases: [], secrets: [] })
 */
export function planDeploy(
  config: DeployConfig,
  options: { env?: string | undefined; yes?: boolean | undefined },
  state: AccountState = {},
): Step[] {
  const env = options.env;
  const where = env ? `the ${env} environment` : "production";
  const steps: Step[] = [
    { kind: "build", command: ["npm", "run", "build"], why: "build the drop-in script into dist/ (served as assets)" },
  ];
  for (const kv of config.kv_namespaces) {
    if (kv.id && kv.id !== PLACEHOLDER_KV_ID) continue;
    steps.push({
      kind: "create-kv",
      binding: kv.binding,
      command: ["wrangler", "kv", "namespace", "create", kv.binding, ...envArgs(env)],
      why: `create the KV namespace of ${where} and write its id into wrangler.toml`,
    });
  }
  for (const db of config.d1_databases) {
    const name = db.database_name;
    if (db.database_id || !name || state.databases?.includes(name)) continue;
    steps.push({
      kind: "wrangler",
      command: ["wrangler", "d1", "create", name],
      why:
        state.databases === undefined
          ? `create the D1 database "${name}" (skipped when \`wrangler d1 list\` shows it)`
          : `create the D1 database "${name}"`,
    });
  }
  for (const db of config.d1_databases) {
    steps.push({
      kind: "wrangler",
      command: ["wrangler", "d1", "migrations", "apply", db.binding, "--remote", ...envArgs(env)],
      why: "bring the ledger's tables up to date before the new code runs (idempotent)",
    });
  }
  const missing = secretsFor(versionOf(config)).filter(
    (s) => !s.afterWebhook && !(state.secrets ?? []).includes(s.name),
  );
  if (missing.length > 0) {
    steps.push({
      kind: "secrets",
      secrets: missing,
      why:
        state.secrets === undefined
          ? "ask for each secret the worker does not have yet (from the environment variable of the same name in CI)"
          : "ask for each missing secret (from the environment variable of the same name in CI)",
    });
  }
  steps.push({
    kind: "deploy",
    command: [
      "wrangler",
      "deploy",
      ...envArgs(env),
      ...(missing.length > 0 ? ["--secrets-file", "<the secrets above>"] : []),
    ],
    why: `upload the worker and its assets to ${where}${missing.length > 0 ? ", with the new secrets" : ""}`,
  });
  steps.push({
    kind: "catalog",
    command: ["npm", "run", "catalog", "--", "push", "--remote", ...envArgs(env), ...(options.yes ? ["--yes"] : [])],
    why: "write catalog.json's prices to the worker's KV (shows the changes first)",
  });
  return steps;
}

/** The plan as `--dry-run` prints it: numbered commands, each with why. */
export function formatPlan(steps: Step[]): string {
  return steps
    .map((step, i) => {
      const what =
        step.kind === "secrets"
          ? `ask for ${step.secrets.map((s) => s.name).join(", ")}`
          : step.command.map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(" ");
      return `${i + 1}. ${what}\n   ${step.why}`;
    })
    .join("\n");
}

/** Where each secret's value comes from when the deploy runs. */
export type SecretSource = "environment" | "prompt" | "generate" | "unavailable";

/**
 * Decides, per missing secret: the environment variable of the same name first (CI), then a
 * prompt on a terminal, else a random value where one will do; otherwise it is unavailable and
 * the deploy refuses. A value shown once (ADMIN_TOKEN) is generated only on a terminal, never
 * into a CI log.
 */
export function secretSource(
  secret: SecretSpec,
  environment: Record<string, string | undefined>,
  interactive: boolean,
): SecretSource {
  if (environment[secret.name]) return "environment";
  if (interactive) return "prompt";
  if (secret.generate === "silently") return "generate";
  return "unavailable";
}

/**
 * The line a secret's value is refused for, or null: the worker refuses tokens under 32
 * characters (ADMIN_TOKEN, ORDER_LINK_SECRET), so the deploy does too.
 */
export function secretValueProblem(secret: SecretSpec, value: string): string | null {
  if (value.trim() === "") return `${secret.name} is empty.`;
  if ((secret.name === "ADMIN_TOKEN" || secret.name === "ORDER_LINK_SECRET") && value.length < 32)
    return `${secret.name} needs at least 32 characters (\`openssl rand -hex 32\`).`;
  return null;
}

/**
 * Writes a KV namespace id into wrangler.toml's text for the top level or an environment,
 * replacing the placeholder (or adding the `id` line); other sections are left as they are.
 */
export function setKvId(toml: string, env: string | undefined, binding: string, id: string): string {
  const header = env ? `[[env.${env}.kv_namespaces]]` : "[[kv_namespaces]]";
  const lines = toml.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== header) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end]?.trimStart().startsWith("[")) end++;
    const block = lines.slice(i + 1, end);
    if (!block.some((line) => new RegExp(`^\\s*binding\\s*=\\s*"${binding}"`).test(line))) continue;
    const idLine = block.findIndex((line) => /^\s*id\s*=/.test(line));
    if (idLine >= 0) lines[i + 1 + idLine] = `id = "${id}"`;
    else {
      const bindingLine = block.findIndex((line) => /^\s*binding\s*=/.test(line));
      lines.splice(i + 2 + bindingLine, 0, `id = "${id}"`);
    }
    return lines.join("\n");
  }
  throw new Error(`wrangler.toml has no ${header} with binding = "${binding}"`);
}

/** The namespace id in `wrangler kv namespace create`'s output (TOML or JSON snippet). */
export function kvIdFromOutput(output: string): string | null {
  return /"?\bid"?\s*[=:]\s*"([0-9a-f]{32})"/.exec(output)?.[1] ?? null;
}

/**
 * Whether `wrangler secret list` failed because the worker does not exist yet (a first deploy: it
 * has no secrets). Any other failure (network, permissions, several accounts) must stop the
 * deploy: read as "no secrets", it would replace the ones in place, and a new ORDER_LINK_SECRET
 * breaks every order link already sent to shoppers.
 */
export function workerNotDeployedYet(secretListOutput: string): boolean {
  return /\b10007\b|script[_ ]not[_ ]found|worker .*(does not exist|not found)/i.test(secretListOutput);
}

/** The worker's public URL: PUBLIC_URL when set, else the workers.dev address `wrangler deploy` printed. */
export function workerUrlFrom(deployOutput: string, publicUrl: unknown): string | null {
  const configured = text(publicUrl).replace(/\/$/, "");
  if (configured) return configured;
  return /https:\/\/[a-z0-9.-]+\.workers\.dev/i.exec(deployOutput)?.[0] ?? null;
}

/** The webhook URLs to paste into PortOne's console. */
export function webhookUrls(workerUrl: string): { v2: string; v1: string } {
  return { v2: `${workerUrl}/api/webhooks/portone`, v1: `${workerUrl}/api/webhooks/portone-v1` };
}

/** `wrangler whoami`'s answer when nobody is logged in, as a refusal; null when logged in. */
export function loginProblem(whoamiOutput: string, environment: Record<string, string | undefined>): string | null {
  if (!/not authenticated|not logged in/i.test(whoamiOutput)) return null;
  return environment.CLOUDFLARE_API_TOKEN
    ? "CLOUDFLARE_API_TOKEN is set but Cloudflare does not accept it: check its permissions (Workers Scripts, KV, D1: edit) and CLOUDFLARE_ACCOUNT_ID."
    : "Not logged in to Cloudflare: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID in CI), then `npm run deploy` again.";
}

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import {
  type DeployConfig,
  deployProblems,
  formatPlan,
  kvIdFromOutput,
  loginProblem,
  PLACEHOLDER_KV_ID,
  planDeploy,
  secretSource,
  secretsFor,
  secretValueProblem,
  setKvId,
  webhookUrls,
  workerNotDeployedYet,
  workerUrlFrom,
} from "../../../scripts/deploy-plan.ts";
import { ROOT } from "../../../scripts/wrangler-env.ts";

const STORE = "store-4d1f2c3b-1a2b-4c5d-8e9f-0123456789ab";
const CHANNEL = "channel-key-9a8b7c6d-1a2b-4c5d-8e9f-0123456789ab";

/** A configuration ready to deploy, with `vars` and bindings overridable. */
function config(overrides: Partial<DeployConfig> & { vars?: Record<string, string> } = {}): DeployConfig {
  return {
    name: "portone-checkout",
    kv_namespaces: [{ binding: "CHECKOUT_KV", id: "0123456789abcdef0123456789abcdef" }],
    d1_databases: [{ binding: "CHECKOUT_DB", database_name: "portone-checkout" }],
    ratelimits: [{ name: "ORDER_RATE_LIMITER" }, { name: "ORDER_REPLAY_MARKER" }],
    ...overrides,
    vars: {
      PORTONE_STORE_ID: STORE,
      PORTONE_CHANNEL_KEY: CHANNEL,
      PORTONE_API_BASE: "https://api.portone.io",
      ALLOWED_ORIGINS: "https://shop.example.com",
      ALLOW_TEST_PAYMENTS: "false",
      PORTONE_VERSION: "V2",
      ...overrides.vars,
    },
  };
}

describe("deployProblems()", () => {
  it("refuses a configuration whose order rate limit is on without its bindings (every order would be refused)", () => {
    const [problem, ...rest] = deployProblems(config({ ratelimits: [{ name: "ORDER_RATE_LIMITER" }] }), "staging");
    expect(problem).toMatch(/ORDER_REPLAY_MARKER missing from wrangler.toml's \[\[env\.staging\.ratelimits\]\]/);
    expect(rest).toEqual([]);
    expect(deployProblems(config({ ratelimits: undefined }))[0]).toMatch(/ORDER_RATE_LIMITER and ORDER_REPLAY_MARKER/);
    expect(deployProblems(config({ ratelimits: undefined, vars: { ORDER_RATE_LIMIT: "off" } }))).toEqual([]);
  });

  it("lets a filled-in configuration go", () => {
    expect(deployProblems(config())).toEqual([]);
    expect(deployProblems(config({ vars: { ALLOW_TEST_PAYMENTS: "true" } }), "staging")).toEqual([]);
  });

  it.each([
    {
      what: "an empty ALLOWED_ORIGINS",
      vars: { ALLOWED_ORIGINS: " " },
      expected: /^ALLOWED_ORIGINS is empty in wrangler\.toml \[vars\]/,
    },
    {
      what: "the zero store id",
      vars: { PORTONE_STORE_ID: "store-00000000-0000-0000-0000-000000000000" },
      expected: /^PORTONE_STORE_ID in wrangler\.toml \[vars\] is the placeholder/,
    },
    {
      what: "the zero channel key",
      vars: { PORTONE_CHANNEL_KEY: "channel-key-00000000-0000-0000-0000-000000000000" },
      expected: /^PORTONE_CHANNEL_KEY in wrangler\.toml \[vars\] is the placeholder: .* of a live channel/,
    },
    { what: "an empty store id", vars: { PORTONE_STORE_ID: "" }, expected: /^PORTONE_STORE_ID .* placeholder/ },
    {
      what: "test payments allowed in production",
      vars: { ALLOW_TEST_PAYMENTS: "true" },
      expected: /^ALLOW_TEST_PAYMENTS is "true" in wrangler\.toml \[vars\]: .*staging/,
    },
    {
      what: "the emulator's address as PortOne's",
      vars: { PORTONE_API_BASE: "http://127.0.0.1:8790" },
      expected: /^PORTONE_API_BASE .* "http:\/\/127\.0\.0\.1:8790"/,
    },
    {
      what: "V1 without its imp code and channel key",
      vars: { PORTONE_VERSION: "V1", PORTONE_V1_IMP_CODE: "", PORTONE_V1_CHANNEL_KEY: "" },
      expected: /^PORTONE_V1_IMP_CODE is empty/,
    },
    { what: "an unknown PortOne version", vars: { PORTONE_VERSION: "V3" }, expected: /^PORTONE_VERSION .* "V3"/ },
  ])("refuses $what with a line naming the setting", ({ vars, expected }) => {
    const problems = deployProblems(config({ vars }));
    expect(
      problems.some((p) => expected.test(p)),
      problems.join("\n"),
    ).toBe(true);
  });

  it("names the staging section and asks for a test channel there", () => {
    const problems = deployProblems(
      config({
        vars: { ALLOWED_ORIGINS: "", PORTONE_CHANNEL_KEY: "channel-key-00000000-0000-0000-0000-000000000000" },
      }),
      "staging",
    );
    expect(problems).toEqual([
      expect.stringMatching(/^ALLOWED_ORIGINS is empty in wrangler\.toml \[env\.staging\.vars\]/),
      expect.stringMatching(/^PORTONE_CHANNEL_KEY in wrangler\.toml \[env\.staging\.vars\] .* a test channel/),
    ]);
  });

  it("refuses the repository's own wrangler.toml as shipped, for production and staging", () => {
    for (const env of [undefined, "staging"]) {
      const shipped = unstable_readConfig({ config: join(ROOT, "wrangler.toml"), ...(env ? { env } : {}) }, {});
      expect(deployProblems(shipped, env).map((p) => p.split(" ")[0])).toEqual([
        "ALLOWED_ORIGINS",
        "PORTONE_STORE_ID",
        "PORTONE_CHANNEL_KEY",
      ]);
    }
  });
});

describe("planDeploy()", () => {
  const commands = (steps: ReturnType<typeof planDeploy>) =>
    steps.map((s) => (s.kind === "secrets" ? `ask ${s.secrets.map((x) => x.name).join(",")}` : s.command.join(" ")));

  it("creates the placeholder KV namespace and a missing database, migrates, asks for secrets, deploys, pushes the catalog", () => {
    const steps = planDeploy(
      config({ kv_namespaces: [{ binding: "CHECKOUT_KV", id: PLACEHOLDER_KV_ID }] }),
      { env: "staging" },
      { databases: ["something-else"], secrets: [] },
    );
    expect(commands(steps)).toEqual([
      "npm run build",
      "wrangler kv namespace create CHECKOUT_KV --env staging",
      "wrangler d1 create portone-checkout",
      "wrangler d1 migrations apply CHECKOUT_DB --remote --env staging",
      "ask PORTONE_API_SECRET,ADMIN_TOKEN,ORDER_LINK_SECRET",
      "wrangler deploy --env staging --secrets-file <the secrets above>",
      "npm run catalog -- push --remote --env staging",
    ]);
  });

  it("creates nothing that exists and asks for no secret already set, still migrating", () => {
    const steps = planDeploy(
      config(),
      { yes: true },
      { databases: ["portone-checkout"], secrets: ["PORTONE_API_SECRET", "ADMIN_TOKEN", "ORDER_LINK_SECRET"] },
    );
    expect(commands(steps)).toEqual([
      "npm run build",
      "wrangler d1 migrations apply CHECKOUT_DB --remote",
      "wrangler deploy",
      "npm run catalog -- push --remote --yes",
    ]);
  });

  it("never asks for the webhook secret before the deploy (PortOne shows it only once the URL is added)", () => {
    const steps = planDeploy(config(), {}, { databases: [], secrets: [] });
    const asked = steps.flatMap((s) => (s.kind === "secrets" ? s.secrets.map((x) => x.name) : []));
    expect(asked).not.toContain("PORTONE_WEBHOOK_SECRET");
  });

  it("asks for V1's API key and secret on PortOne V1", () => {
    const steps = planDeploy(config({ vars: { PORTONE_VERSION: "V1" } }), {}, { databases: [], secrets: [] });
    expect(commands(steps)).toContain("ask PORTONE_V1_API_KEY,PORTONE_V1_API_SECRET,ADMIN_TOKEN,ORDER_LINK_SECRET");
  });

  it("prints a dry run with unknown account state as numbered, conditional steps", () => {
    const text = formatPlan(planDeploy(config(), {}));
    expect(text).toMatch(/^1\. npm run build\n {3}build the drop-in script/);
    expect(text).toContain(
      '2. wrangler d1 create portone-checkout\n   create the D1 database "portone-checkout" (skipped when `wrangler d1 list` shows it)',
    );
    expect(text).toContain("4. ask for PORTONE_API_SECRET, ADMIN_TOKEN, ORDER_LINK_SECRET");
  });
});

describe("secretSource()", () => {
  const [apiSecret, adminToken, orderLink] = secretsFor("V2");

  it.each([
    { secret: apiSecret, environment: { PORTONE_API_SECRET: "x" }, interactive: false, expected: "environment" },
    { secret: apiSecret, environment: {}, interactive: true, expected: "prompt" },
    { secret: apiSecret, environment: {}, interactive: false, expected: "unavailable" },
    { secret: adminToken, environment: {}, interactive: false, expected: "unavailable" },
    { secret: orderLink, environment: {}, interactive: false, expected: "generate" },
  ])(
    "takes $secret.name from $expected (interactive: $interactive)",
    ({ secret, environment, interactive, expected }) => {
      expect(secretSource(secret as NonNullable<typeof secret>, environment, interactive)).toBe(expected);
    },
  );

  it("refuses an ADMIN_TOKEN shorter than 32 characters, as the worker would", () => {
    expect(secretValueProblem(adminToken as NonNullable<typeof adminToken>, "short")).toMatch(/at least 32 characters/);
    expect(secretValueProblem(adminToken as NonNullable<typeof adminToken>, "x".repeat(32))).toBeNull();
  });
});

describe("setKvId()", () => {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const id = "0123456789abcdef0123456789abcdef";

  it.each([undefined, "staging"])("writes the new id into the KV binding of env %s only", (env) => {
    const patched = setKvId(toml, env, "CHECKOUT_KV", id);
    const production = unstable_readConfig({ config: writeTemp(patched) }, {});
    const staging = unstable_readConfig({ config: writeTemp(patched), env: "staging" }, {});
    expect(production.kv_namespaces[0]?.id).toBe(env ? PLACEHOLDER_KV_ID : id);
    expect(staging.kv_namespaces[0]?.id).toBe(env ? id : PLACEHOLDER_KV_ID);
    expect(patched.split("\n").length).toBe(toml.split("\n").length);
  });

  it("adds the id line to a binding that has none", () => {
    expect(setKvId('[[kv_namespaces]]\nbinding = "CHECKOUT_KV"\n\n[vars]\n', undefined, "CHECKOUT_KV", id)).toBe(
      `[[kv_namespaces]]\nbinding = "CHECKOUT_KV"\nid = "${id}"\n\n[vars]\n`,
    );
  });
});

/** A wrangler.toml with this text in a fresh folder (main and assets resolve relative to it; not read). */
function writeTemp(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "wrangler-toml-"));
  const file = join(dir, "wrangler.toml");
  writeFileSync(file, text);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return file;
}

describe("what wrangler prints", () => {
  it("finds the new namespace id in `kv namespace create`'s TOML or JSON snippet", () => {
    expect(kvIdFromOutput('[[kv_namespaces]]\nbinding = "CHECKOUT_KV"\nid = "e29b263ab50e42ce9b637fa8370175e8"')).toBe(
      "e29b263ab50e42ce9b637fa8370175e8",
    );
    expect(kvIdFromOutput('{ "binding": "CHECKOUT_KV", "id": "e29b263ab50e42ce9b637fa8370175e8" }')).toBe(
      "e29b263ab50e42ce9b637fa8370175e8",
    );
    expect(kvIdFromOutput("✘ [ERROR] A request to the Cloudflare API failed.")).toBeNull();
  });

  it("takes the worker's URL from PUBLIC_URL, else from the workers.dev address deploy printed", () => {
    const output = "Deployed portone-checkout-staging triggers\n  https://portone-checkout-staging.acme.workers.dev\n";
    expect(workerUrlFrom(output, "")).toBe("https://portone-checkout-staging.acme.workers.dev");
    expect(workerUrlFrom(output, "https://pay.example.com/")).toBe("https://pay.example.com");
    expect(workerUrlFrom("", "")).toBeNull();
  });

  it("gives the V2 and V1 webhook URLs for PortOne's console", () => {
    expect(webhookUrls("https://pay.example.com")).toEqual({
      v2: "https://pay.example.com/api/webhooks/portone",
      v1: "https://pay.example.com/api/webhooks/portone-v1",
    });
  });

  it("refuses to deploy without a Cloudflare login, saying how to log in", () => {
    const whoami = "You are not authenticated. Please run `wrangler login`.";
    expect(loginProblem(whoami, {})).toMatch(/npx wrangler login.*CLOUDFLARE_API_TOKEN/);
    expect(loginProblem(whoami, { CLOUDFLARE_API_TOKEN: "x" })).toMatch(/does not accept it/);
    expect(loginProblem("You are logged in with an API Token, associated with the email a@b.c.", {})).toBeNull();
  });
});

describe("npm run deploy (the command)", () => {
  it("refuses the shipped placeholders in one message per setting, before touching Cloudflare", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts/deploy.ts"), "--dry-run", "--env", "staging"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Not deploying staging:");
    expect(result.stderr).toContain("ALLOWED_ORIGINS is empty in wrangler.toml [env.staging.vars]");
  });
});

describe("workerNotDeployedYet()", () => {
  it("reads a missing worker as a first deploy, and any other failure of `secret list` as a reason to stop", () => {
    expect(
      workerNotDeployedYet(
        "✘ [ERROR] A request to the Cloudflare API failed.\n  This Worker does not exist on your account. [code: 10007]",
      ),
    ).toBe(true);
    expect(workerNotDeployedYet("workers.api.error.script_not_found")).toBe(true);
    expect(workerNotDeployedYet("✘ [ERROR] Authentication error [code: 10000]")).toBe(false);
    expect(
      workerNotDeployedYet(
        "✘ [ERROR] More than one account available but unable to select one in non-interactive mode.",
      ),
    ).toBe(false);
    expect(workerNotDeployedYet("fetch failed: getaddrinfo ENOTFOUND api.cloudflare.com")).toBe(false);
  });
});

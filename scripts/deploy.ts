/**
 * `npm run deploy [-- --env staging] [--dry-run] [--yes]`
 *
 * Going live in one command: refuses a configuration that cannot work (an empty ALLOWED_ORIGINS,
 * the placeholder store id or channel key), checks the Cloudflare login, creates what is missing
 * (KV namespace, D1 database), applies the D1 migrations remotely, asks for each missing secret,
 * deploys with them, pushes the catalog and prints the webhook URLs for PortOne's console.
 * `--dry-run` prints the checks and the plan and touches nothing. The decisions are in
 * deploy-plan.ts; this file only reads, asks and runs.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { unstable_readConfig } from "wrangler";
import {
  type AccountState,
  type DeployConfig,
  deployProblems,
  deployWarnings,
  formatPlan,
  kvIdFromOutput,
  loginProblem,
  planDeploy,
  type SecretSpec,
  type Step,
  secretSource,
  secretValueProblem,
  setKvId,
  versionOf,
  webhookUrls,
  workerNotDeployedYet,
  workerUrlFrom,
} from "./deploy-plan.ts";
import { QUIET_WRANGLER_ENV, ROOT, WRANGLER_BIN } from "./wrangler-env.ts";

const HELP = `Usage: npm run deploy [-- --env staging] [--dry-run] [--yes]

  --env <name>  deploy the [env.<name>] of wrangler.toml (staging: test payments allowed)
  --dry-run     print the checks and the commands it would run; touch nothing
  --yes, -y     ask nothing (CI): secrets come from environment variables of the same name
  --help, -h    this text

Needs \`npx wrangler login\` first, or CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (CI).`;

/**
 * The thin runner: `wrangler …` or `npm …` with the terminal attached (wrangler may ask), its
 * output also kept for the plan's parsing. Rejects on a non-zero exit.
 */
function run(command: string[], options: { quiet?: boolean; env?: Record<string, string> } = {}): Promise<string> {
  const [program, ...args] = command;
  const [bin, argv] = program === "wrangler" ? [process.execPath, [WRANGLER_BIN, ...args]] : [program as string, args];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, argv, {
      cwd: ROOT,
      env: { ...process.env, ...QUIET_WRANGLER_ENV, ...options.env },
      stdio: ["inherit", "pipe", "pipe"],
    });
    let output = "";
    const keep = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk;
      if (!options.quiet) stream.write(chunk);
    };
    child.stdout?.on("data", keep(process.stdout));
    child.stderr?.on("data", keep(process.stderr));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(output)
        : reject(Object.assign(new Error(`\`${command.join(" ")}\` exited with ${code}`), { output })),
    );
  });
}

/** Reads a line without echoing it (a secret), on the terminal. */
async function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = rl.question(question);
  muted = true;
  try {
    return await answer;
  } finally {
    rl.close();
    process.stdout.write("\n");
  }
}

/** Collects each secret's value: environment, prompt or a random one (deploy-plan.ts decides). */
async function collectSecrets(secrets: SecretSpec[], interactive: boolean): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const unavailable: string[] = [];
  for (const secret of secrets) {
    const source = secretSource(secret, process.env, interactive);
    let value = "";
    if (source === "environment") value = process.env[secret.name] as string;
    else if (source === "generate") value = randomBytes(32).toString("hex");
    else if (source === "prompt") {
      const hint = secret.generate ? " (empty: a random one)" : "";
      for (;;) {
        value = (await askHidden(`${secret.name}: ${secret.why}${hint}: `)).trim();
        if (value === "" && secret.generate) {
          value = randomBytes(32).toString("hex");
          if (secret.generate === "and-show") console.log(`${secret.name} = ${value}  (keep it: you sign in with it)`);
        }
        const problem = secretValueProblem(secret, value);
        if (!problem) break;
        console.error(problem);
      }
    } else {
      unavailable.push(secret.name);
      continue;
    }
    const problem = secretValueProblem(secret, value);
    if (problem) throw new Error(problem);
    values[secret.name] = value;
  }
  if (unavailable.length > 0) {
    throw new Error(
      `Missing secrets ${unavailable.join(", ")}: set them as environment variables of the same name (CI), or run \`npm run deploy\` on a terminal to be asked.`,
    );
  }
  return values;
}

/** What is already on the account: D1 databases, the worker's secrets (none before a first deploy). */
async function readAccountState(env: string | undefined): Promise<AccountState> {
  const databases = JSON.parse(await run(["wrangler", "d1", "list", "--json"], { quiet: true })) as { name: string }[];
  let secrets: string[] = [];
  try {
    const listed = await run(["wrangler", "secret", "list", "--format", "json", ...(env ? ["--env", env] : [])], {
      quiet: true,
    });
    secrets = (JSON.parse(listed) as { name: string }[]).map((s) => s.name);
  } catch (error) {
    const output = (error as { output?: string }).output ?? String(error);
    // A first deploy: the worker does not exist yet, so it has no secrets. Anything else stops.
    if (!workerNotDeployedYet(output))
      throw new Error(`could not list the worker's secrets, so none is replaced; wrangler said:\n${output}`);
  }
  return { databases: databases.map((d) => d.name), secrets };
}

async function runStep(
  step: Step,
  env: string | undefined,
  secrets: { file?: string; output?: string },
  interactive: boolean,
) {
  console.log(`\n→ ${step.why}`);
  switch (step.kind) {
    case "build":
    case "wrangler":
    case "catalog":
      // CI=true: wrangler applies migrations without asking when nobody is there to answer.
      await run(step.command, interactive ? {} : { env: { CI: "true" } });
      return;
    case "create-kv": {
      const output = await run(step.command);
      const id = kvIdFromOutput(output);
      if (!id)
        throw new Error("could not find the new namespace's id in wrangler's output: paste it into wrangler.toml");
      const file = join(ROOT, "wrangler.toml");
      writeFileSync(file, setKvId(readFileSync(file, "utf8"), env, step.binding, id));
      console.log(`wrangler.toml: ${step.binding} id = "${id}" (commit this change)`);
      return;
    }
    case "secrets": {
      const values = await collectSecrets(step.secrets, interactive);
      const dir = mkdtempSync(join(tmpdir(), "portone-deploy-"));
      secrets.file = join(dir, "secrets.json");
      writeFileSync(secrets.file, JSON.stringify(values), { mode: 0o600 });
      return;
    }
    case "deploy": {
      const command = step.command.filter((part) => part !== "--secrets-file" && part !== "<the secrets above>");
      if (secrets.file) command.push("--secrets-file", secrets.file);
      secrets.output = await run(command);
      return;
    }
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      env: { type: "string" },
      "dry-run": { type: "boolean" },
      yes: { type: "boolean", short: "y" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = values.env;
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml"), ...(env ? { env } : {}) }, {});
  if (env && config.targetEnvironment !== env) throw new Error(`wrangler.toml has no [env.${env}]`);
  const deployConfig: DeployConfig = config;
  const problems = deployProblems(deployConfig, env);
  if (problems.length > 0) {
    throw new Error(`Not deploying ${env ?? "production"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  for (const warning of deployWarnings(deployConfig, env)) console.warn(`warning: ${warning}`);
  const interactive = Boolean(process.stdin.isTTY) && !values.yes;

  if (values["dry-run"]) {
    console.log(`npm run deploy${env ? ` --env ${env}` : ""} would run (nothing is run now):\n`);
    console.log(formatPlan(planDeploy(deployConfig, { env, yes: values.yes })));
    printNext(deployConfig, "https://<your worker>", env);
    return;
  }

  const whoami = await run(["wrangler", "whoami"], { quiet: true }).catch((e: { output?: string }) => e.output ?? "");
  const login = loginProblem(whoami, process.env);
  if (login) throw new Error(login);

  const steps = planDeploy(deployConfig, { env, yes: values.yes }, await readAccountState(env));
  const secrets: { file?: string; output?: string } = {};
  const removeSecrets = () => {
    if (secrets.file) rmSync(join(secrets.file, ".."), { recursive: true, force: true });
  };
  // Ctrl-C or a kill mid-deploy must not leave the secrets file behind either.
  const interrupted = (signal: NodeJS.Signals) => {
    removeSecrets();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, interrupted);
  try {
    for (const step of steps) await runStep(step, env, secrets, interactive);
  } finally {
    removeSecrets();
  }
  const url = workerUrlFrom(secrets.output ?? "", config.vars.PUBLIC_URL) ?? "https://<your worker>";
  printNext(deployConfig, url, env);
}

/** The webhook URLs and what the merchant does next in PortOne's console. */
function printNext(config: DeployConfig, url: string, env: string | undefined) {
  const hooks = webhookUrls(url);
  const envFlag = env ? ` --env ${env}` : "";
  console.log(`\nWorker: ${url}  (drop-in script: ${url}/portone-checkout.js)`);
  if (versionOf(config) === "V1") {
    console.log(`\nIn PortOne's console (V1), set the notification URL (웹훅 URL) to:\n  ${hooks.v1}`);
    return;
  }
  console.log(
    `\nIn PortOne's console → 결제 연동 → 연동 정보 → 웹훅 (version 2024-04-25), add:\n  ${hooks.v2}\n` +
      `then store the secret it shows:\n  npx wrangler secret put PORTONE_WEBHOOK_SECRET${envFlag}\n` +
      `(on PortOne V1, the notification URL is ${hooks.v1})`,
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

/** wrangler.toml as wrangler resolves it for an environment (undefined: the top level, production). */
const config = (env?: string) => unstable_readConfig({ config: "wrangler.toml", ...(env ? { env } : {}) }, {});

/** Every binding's kind and name, e.g. `kv_namespaces:CHECKOUT_KV`. */
function bindings(c: ReturnType<typeof config>): string[] {
  return [
    ...c.kv_namespaces.map((b) => `kv_namespaces:${b.binding}`),
    ...c.d1_databases.map((b) => `d1_databases:${b.binding}`),
    ...(c.ratelimits ?? []).map((b) => `ratelimits:${b.name}`),
    ...c.send_email.map((b) => `send_email:${b.name}`),
    ...(c.assets?.binding ? [`assets:${c.assets.binding}`] : []),
  ].sort();
}

describe("wrangler.toml [env.staging]", () => {
  const production = config();
  const staging = config("staging");

  it("repeats every var and binding of the top level (wrangler environments inherit neither)", () => {
    expect(Object.keys(staging.vars).sort()).toEqual(Object.keys(production.vars).sort());
    expect(bindings(staging)).toEqual(bindings(production));
  });

  it("accepts test payments, which production refuses", () => {
    expect(staging.vars.ALLOW_TEST_PAYMENTS).toBe("true");
    expect(production.vars.ALLOW_TEST_PAYMENTS).toBe("false");
  });

  it("keeps its orders, ledger and rate-limit counters apart from production's", () => {
    expect(staging.d1_databases[0]?.database_name).not.toBe(production.d1_databases[0]?.database_name);
    const counters = (c: typeof staging) => (c.ratelimits ?? []).map((r) => r.namespace_id);
    expect(counters(staging).filter((id) => counters(production).includes(id))).toEqual([]);
  });

  it("runs the same cron as production", () => {
    expect(staging.triggers).toEqual(production.triggers);
  });
});

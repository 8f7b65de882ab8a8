import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * Three kinds of tests, told apart by folder:
 * - `unit`: pure modules of the worker and the element, and the worker's services against
 *   in-memory fakes of their ports with an injected clock, in plain Node.
 * - `worker`: the verifier inside workerd (Miniflare) with real KV, against the PortOne emulator
 *   that `test/worker/global-setup.ts` starts in Node.
 * - `node`: the emulator on its own, and the widget and the whole stack in a real Chromium
 *   (playwright-core driving Debian's /usr/bin/chromium).
 */
/** The ledger's migrations, applied to each test file's D1 by `test/worker/apply-migrations.ts`. */
const migrations = await readD1Migrations("./migrations");

export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "coverage/vitest-results.json" },
    projects: [
      {
        // Pure logic and services against in-memory fakes, in plain Node: seconds, no workerd or browser.
        test: {
          name: "unit",
          environment: "node",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                PORTONE_API_BASE: inject("emulatorUrl"),
                PORTONE_API_SECRET: inject("emulatorApiSecret"),
                PORTONE_WEBHOOK_SECRET: inject("emulatorWebhookSecret"),
                PORTONE_WEBHOOK_SECRET_NEXT: "",
                PORTONE_STORE_ID: "store-test-0000",
                PORTONE_CHANNEL_KEY: "channel-key-test-card",
                PORTONE_CHANNEL_KEYS: "",
                ALLOWED_ORIGINS: "https://shop.example",
                ALLOW_TEST_PAYMENTS: "false",
                PORTONE_TIMEOUT_MS: "1000",
                ADMIN_TOKEN: "test-admin-token-0123456789abcdef0123",
                ORDER_LINK_SECRET: "test-order-link-secret-0123456789abcdef",
                CF_ACCESS_TEAM_DOMAIN: "",
                CF_ACCESS_AUD: "",
                PERSONAL_DATA_RETENTION_DAYS: "1825",
                // Every request of these tests comes from one address and many create orders: the
                // order rate limit is off here and on in test/worker/rate-limit.test.ts.
                ORDER_RATE_LIMIT: "off",
                TEST_MIGRATIONS: migrations,
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          globalSetup: ["test/worker/global-setup.ts"],
          setupFiles: ["test/worker/apply-migrations.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/emulator/**/*.test.ts", "test/widget/**/*.test.ts", "test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

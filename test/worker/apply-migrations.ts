import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Every test file starts from the ledger's schema (migrations/), as `npm start` and production do.
await applyD1Migrations(env.CHECKOUT_DB, env.TEST_MIGRATIONS);

import { app } from "./app.ts";
import { runScheduled } from "./scheduled.ts";

/**
 * The Worker entry: the Hono app for requests, and the scheduled work for cron triggers. The
 * drop-in script (`/portone-checkout.js`) and anything else in `dist/assets/` is served by
 * Workers Static Assets before the worker runs.
 */
export default {
  fetch: app.fetch,
  async scheduled(controller, env, _ctx) {
    await runScheduled(env, new Date(controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;

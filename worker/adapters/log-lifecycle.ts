import type { LifecycleListener } from "../services/ports.ts";

/**
 * The lifecycle subscriber of today: each transition as one JSON line in the worker's logs
 * (Workers Logs / `wrangler tail`). Limits: logs are sampled and kept for days, not a ledger.
 *
 * @example createServices(env, [logTransitions]);
 */
export const logTransitions: LifecycleListener = {
  async onTransition(transition) {
    console.log(JSON.stringify({ event: "order_transition", ...transition }));
  },
};

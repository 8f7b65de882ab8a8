import type { OrderTransition, ServiceDeps } from "./ports.ts";

/**
 * Hands a transition to every subscriber, one after another. A subscriber that throws is logged
 * and skipped: a ledger or a notification must never fail a payment PortOne already took.
 *
 * @example await publish(deps, { paymentId, from: null, to: "PENDING", at, cause: "BROWSER" });
 */
export async function publish(deps: Pick<ServiceDeps, "listeners">, event: OrderTransition): Promise<void> {
  for (const listener of deps.listeners) {
    try {
      await listener.onTransition(event);
    } catch (error) {
      console.error(JSON.stringify({ event: "transition_listener_failed", transition: event, error: String(error) }));
    }
  }
}

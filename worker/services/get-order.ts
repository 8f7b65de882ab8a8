import type { PublicOrder } from "../../contract/index.ts";
import { toPublicOrder } from "../domain/order.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceError } from "./errors.ts";
import type { ServiceDeps } from "./ports.ts";

/**
 * An order as the shopper may see it, from storage alone (no PortOne call): what the element
 * polls while a deposit is awaited.
 *
 * @example const found = await getOrder(deps, "pay1"); // ok(PublicOrder) or ORDER_NOT_FOUND
 */
export async function getOrder(
  deps: Pick<ServiceDeps, "store">,
  paymentId: string,
): Promise<Result<PublicOrder, ServiceError>> {
  const order = await deps.store.getOrder(paymentId);
  return order ? ok(toPublicOrder(order)) : err({ code: "ORDER_NOT_FOUND" });
}

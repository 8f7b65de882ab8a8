import type { CheckoutItem, PayMethod } from "../../contract/index.ts";
import type { Order } from "../domain/order.ts";
import { priceCart } from "../domain/pricing.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceError } from "./errors.ts";
import { publish } from "./lifecycle.ts";
import type { ServiceDeps } from "./ports.ts";

/** The cart as the route validated it. */
interface CreateOrderInput {
  items: CheckoutItem[];
  payMethod: PayMethod;
}

/**
 * Prices the cart from the catalog, pre-registers the amount with PortOne (so PortOne itself
 * refuses a window opened with another `totalAmount`), stores the order as `PENDING`, then
 * announces `null → PENDING` (cause `BROWSER`).
 *
 * @example
 * const created = await createOrder(deps, { items: [{ productId: "mug", quantity: 1 }], payMethod: "CARD" });
 */
export async function createOrder(deps: ServiceDeps, input: CreateOrderInput): Promise<Result<Order, ServiceError>> {
  const catalog = await deps.store.getCatalog();
  if (!catalog) return err({ code: "CATALOG_EMPTY" });
  const priced = priceCart(catalog, input.items);
  if (!priced.ok) return priced;
  const { lines, totalAmount, currency, orderName } = priced.value;

  const paymentId = deps.newPaymentId();
  const registered = await deps.gateway.preRegister({ paymentId, totalAmount, currency });
  if (!registered.ok) return err({ code: "PORTONE", failure: registered.failure });

  const now = deps.now().toISOString();
  const order: Order = {
    paymentId,
    status: "PENDING",
    storeId: deps.settings.storeId,
    channelKey: deps.settings.channelKeys[input.payMethod] ?? deps.settings.channelKey,
    payMethod: input.payMethod,
    lines,
    orderName,
    totalAmount,
    currency,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.putOrder(order);
  await publish(deps, { paymentId, from: null, to: "PENDING", at: now, cause: "BROWSER" });
  return ok(order);
}

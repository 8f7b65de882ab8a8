import type { CheckoutItem, PayMethod } from "../../contract/index.ts";
import type { Order } from "../domain/order.ts";
import { priceCart } from "../domain/pricing.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceError } from "./errors.ts";
import { publish } from "./lifecycle.ts";
import type { PersonalDetails, ServiceDeps } from "./ports.ts";

/** The cart as the route validated it, with the buyer's and the recipient's details. */
interface CreateOrderInput {
  items: CheckoutItem[];
  payMethod: PayMethod;
  personal?: PersonalDetails;
}

/**
 * Prices the cart from the catalog, pre-registers the amount with PortOne (so PortOne itself
 * refuses a window opened with another `totalAmount`), stores the order as `PENDING` (the minted
 * order in KV, its state and the buyer's details in the ledger), then
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
  // A product that ships needs somewhere to go, and a phone number the courier can call.
  const shipped = input.items.find((item) => catalog.products[item.productId]?.shipping);
  if (shipped && !input.personal?.shipping) return err({ code: "SHIPPING_REQUIRED", productId: shipped.productId });
  // Limited products hold their units with the order, all or nothing.
  const claims = input.items
    .filter((item) => catalog.products[item.productId]?.stock !== undefined)
    .map(({ productId, quantity }) => ({ productId, quantity }));
  if (claims.length > 0) {
    // Sold out already: refuse before asking PortOne. The insert's batch stays the real guard.
    const left = await deps.store.availability();
    const short = claims.find((c) => (left[c.productId] ?? Number.POSITIVE_INFINITY) < c.quantity);
    if (short) return err({ code: "OUT_OF_STOCK", productId: short.productId });
  }
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
  const event = { paymentId, from: null, to: "PENDING" as const, at: now, cause: "BROWSER" as const };
  try {
    const inserted = await deps.store.insertOrder(order, input.personal ?? {}, event, claims);
    if (inserted !== "INSERTED") return err({ code: "OUT_OF_STOCK", productId: inserted.outOfStock });
  } catch (error) {
    // Not stored, not sold: the shopper's window never opens for an order the merchant cannot see.
    console.error(JSON.stringify({ event: "order_insert_failed", paymentId, error: String(error) }));
    return err({ code: "STORAGE_UNAVAILABLE" });
  }
  await publish(deps, event);
  return ok(order);
}

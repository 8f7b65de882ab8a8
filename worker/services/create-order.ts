import type { GatewayFailure } from "../adapters/portone-gateway.ts";
import type { Order } from "../domain/order.ts";
import { type CartLine, type PricingError, priceCart } from "../domain/pricing.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ServiceDeps } from "./deps.ts";

export interface CreateOrderInput {
  items: CartLine[];
  payMethod: string;
}

export type CreateOrderError = PricingError | { code: "CATALOG_EMPTY" } | { code: "PORTONE"; failure: GatewayFailure };

/**
 * Prices the cart from the catalog, pre-registers the amount with PortOne (so PortOne itself
 * refuses a window opened with another `totalAmount`), then stores the order as `PENDING`.
 *
 * @example
 * const created = await createOrder(deps, { items: [{ productId: "mug", quantity: 1 }], payMethod: "CARD" }, mintPaymentId);
 */
export async function createOrder(
  deps: ServiceDeps,
  input: CreateOrderInput,
  newPaymentId: () => string,
): Promise<Result<Order, CreateOrderError>> {
  const catalog = await deps.store.getCatalog();
  if (!catalog) return err({ code: "CATALOG_EMPTY" });
  const priced = priceCart(catalog, input.items);
  if (!priced.ok) return priced;
  const { lines, totalAmount, currency, orderName } = priced.value;

  const paymentId = newPaymentId();
  const registered = await deps.gateway.preRegister({ paymentId, totalAmount, currency });
  if (!registered.ok) return err({ code: "PORTONE", failure: registered.failure });

  const now = deps.now().toISOString();
  const order: Order = {
    paymentId,
    status: "PENDING",
    storeId: deps.config.storeId,
    channelKey: deps.config.channelKeys[input.payMethod] ?? deps.config.channelKey,
    payMethod: input.payMethod,
    lines,
    orderName,
    totalAmount,
    currency,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.putOrder(order);
  return ok(order);
}

/**
 * A new paymentId: "pay" and 32 hex digits from 128 random bits. At most 40 characters of
 * `[A-Za-z0-9]`, which every PG accepts (KCP, Smartro and KPN refuse anything else).
 */
export function mintPaymentId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  return `pay${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

import type { AdminOrderDetail, AdminOrderList, FulfilmentRequest } from "../../../contract/index.ts";
import { err, ok, type Result } from "../../domain/result.ts";
import type { ServiceError } from "../errors.ts";
import type { Clock } from "../ports.ts";
import { csvStream } from "./export-csv.ts";
import type { BackOffice, OrderFilter } from "./ports.ts";

/** What the back office's read and shipping services need. */
export interface BackOfficeDeps {
  office: BackOffice;
  now: Clock;
}

/**
 * The merchant's order list, newest first.
 *
 * @example const page = await listOrders(deps, { q: "홍길동", limit: 50 });
 */
export function listOrders(deps: BackOfficeDeps, filter: OrderFilter): Promise<AdminOrderList> {
  return deps.office.listOrders(filter);
}

/**
 * One order with everything the merchant may see, or `ORDER_NOT_FOUND`.
 *
 * @example const order = await orderDetail(deps, "pay1");
 */
export async function orderDetail(
  deps: BackOfficeDeps,
  paymentId: string,
): Promise<Result<AdminOrderDetail, ServiceError>> {
  const order = await deps.office.getOrder(paymentId);
  return order ? ok(order) : err({ code: "ORDER_NOT_FOUND" });
}

/**
 * Records where a paid order's goods are (carrier and tracking number); only a paid order ships.
 *
 * @example await shipOrder(deps, "pay1", { status: "SHIPPED", carrier: "CJ", trackingNumber: "6400..." });
 */
export async function shipOrder(
  deps: BackOfficeDeps,
  paymentId: string,
  request: FulfilmentRequest,
): Promise<Result<AdminOrderDetail, ServiceError>> {
  const result = await deps.office.setFulfilment(paymentId, request, deps.now().toISOString());
  if (result === "NOT_FOUND") return err({ code: "ORDER_NOT_FOUND" });
  if (result === "NOT_PAID") return err({ code: "ORDER_NOT_SHIPPABLE" });
  return orderDetail(deps, paymentId);
}

/**
 * The CSV export of the matching orders' lines, as a stream.
 *
 * @example new Response(exportOrders(deps, { status: "PAID" }))
 */
export function exportOrders(
  deps: BackOfficeDeps,
  filter: Omit<OrderFilter, "limit" | "cursor">,
): ReadableStream<Uint8Array> {
  return csvStream(deps.office.exportLines(filter));
}

/**
 * Every limited product's stock: on hand, reserved by open orders, sold, available.
 *
 * @example const levels = await stockLevels(deps);
 */
export function stockLevels(deps: BackOfficeDeps): ReturnType<BackOffice["listStock"]> {
  return deps.office.listStock();
}

/**
 * Sets a product's count on hand from the admin; reservations in flight and sales are kept.
 *
 * @example await adjustStock(deps, "print", 20);
 */
export function adjustStock(
  deps: BackOfficeDeps,
  productId: string,
  onHand: number | null,
): ReturnType<BackOffice["setOnHand"]> {
  return deps.office.setOnHand(productId, onHand, deps.now().toISOString());
}

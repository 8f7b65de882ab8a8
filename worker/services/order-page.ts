import type { AdminOrderDetail } from "../../contract/index.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { maskName, orderTokenValid, trackingUrl } from "../shopper/order-link.ts";
import type { BackOffice } from "./back-office/ports.ts";
import type { ServiceError } from "./errors.ts";

/** What the shopper's order page shows: no personal data beyond the recipient's masked name. */
export type ShopperOrderView = Pick<
  AdminOrderDetail,
  | "paymentId"
  | "status"
  | "orderName"
  | "totalAmount"
  | "refundedAmount"
  | "currency"
  | "createdAt"
  | "paidAt"
  | "items"
  | "virtualAccount"
  | "receiptUrl"
> & {
  fulfilment: {
    status: AdminOrderDetail["fulfilmentStatus"];
    carrier?: string;
    trackingNumber?: string;
    trackingUrl?: string;
  };
  recipient?: string;
};

/**
 * The order behind a shopper's link, or `ORDER_NOT_FOUND` for a wrong token, no token, no
 * `ORDER_LINK_SECRET` or an unknown order alike, so a link cannot be guessed order by order.
 *
 * @example const view = await orderForShopper({ office, linkSecret }, "pay1", token);
 */
export async function orderForShopper(
  deps: { office: BackOffice; linkSecret: string },
  paymentId: string,
  token: string | undefined,
): Promise<Result<ShopperOrderView, ServiceError>> {
  if (!(await orderTokenValid(deps.linkSecret, paymentId, token))) return err({ code: "ORDER_NOT_FOUND" });
  const o = await deps.office.getOrder(paymentId);
  if (!o) return err({ code: "ORDER_NOT_FOUND" });
  const tracking = trackingUrl(o.fulfilment.carrier, o.fulfilment.trackingNumber);
  return ok({
    paymentId: o.paymentId,
    status: o.status,
    orderName: o.orderName,
    totalAmount: o.totalAmount,
    refundedAmount: o.refundedAmount,
    currency: o.currency,
    createdAt: o.createdAt,
    ...(o.paidAt ? { paidAt: o.paidAt } : {}),
    items: o.items,
    ...(o.status === "AWAITING_DEPOSIT" && o.virtualAccount ? { virtualAccount: o.virtualAccount } : {}),
    ...(o.receiptUrl ? { receiptUrl: o.receiptUrl } : {}),
    fulfilment: {
      status: o.fulfilment.status,
      ...(o.fulfilment.carrier ? { carrier: o.fulfilment.carrier } : {}),
      ...(o.fulfilment.trackingNumber ? { trackingNumber: o.fulfilment.trackingNumber } : {}),
      ...(tracking ? { trackingUrl: tracking } : {}),
    },
    ...(o.shipping?.recipient ? { recipient: maskName(o.shipping.recipient) } : {}),
  });
}

import type {
  AdminOrderDetail,
  AdminOrderList,
  AdminOrderSummary,
  AdminRefund,
  AdminStockLevel,
  FulfilmentRequest,
  OrderStatus,
} from "../../../contract/index.ts";

/**
 * What the back office's services need from the ledger, declared beside them; the D1 adapter
 * (`../../adapters/d1-back-office.ts`) implements it.
 */

/** Which orders, newest first. Times are UTC instants (`to` exclusive). */
export interface OrderFilter {
  status?: OrderStatus;
  q?: string;
  from?: string;
  to?: string;
  cursor?: { createdAt: string; paymentId: string };
  limit: number;
}

/** One order line with its order's columns: one row of the CSV export. */
export interface ExportLine extends AdminOrderSummary {
  payMethod: string;
  buyerEmail: string | null;
  buyerPhone: string | null;
  shipRecipient: string | null;
  shipPhone: string | null;
  shipPostcode: string | null;
  shipAddress: string | null;
  shipNote: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  lineNo: number;
  productId: string;
  productName: string;
  quantity: number;
  unitAmount: number;
}

/** A refund to record against an order. */
export interface RefundRecord extends Omit<AdminRefund, "cancellationId"> {
  paymentId: string;
  idempotencyKey: string;
  cancellationId?: string;
}

/**
 * The ledger as the merchant sees it.
 *
 * @example
 * const page = await office.listOrders({ q: "홍길동", limit: 50 });
 */
export interface BackOffice {
  listOrders(filter: OrderFilter): Promise<AdminOrderList>;
  getOrder(paymentId: string): Promise<AdminOrderDetail | null>;
  /** Every line of the matching orders, oldest first, read a page at a time. */
  exportLines(filter: Omit<OrderFilter, "limit" | "cursor">): AsyncIterable<ExportLine>;
  /** `UPDATED`, or why not: no such order, or it is not paid. */
  setFulfilment(
    paymentId: string,
    request: FulfilmentRequest,
    at: string,
  ): Promise<"UPDATED" | "NOT_FOUND" | "NOT_PAID">;
  /**
   * Starts the merchant's refund: a `REQUESTED` row for `(paymentId, idempotencyKey)`, written
   * before PortOne is asked. When the key was used before on this order, answers that refund
   * instead (`existing`), so a replay never reaches PortOne as a new refund.
   */
  beginRefund(refund: RefundRecord): Promise<{ existing: RefundRecord | null }>;
  /** PortOne's outcome of a begun refund (the order's refunded total is written by settlement). */
  completeRefund(
    paymentId: string,
    idempotencyKey: string,
    outcome: { cancellationId: string; status: "SUCCEEDED" | "REQUESTED" },
  ): Promise<void>;
  /** Forgets a begun refund PortOne refused: nothing was given back. */
  abandonRefund(paymentId: string, idempotencyKey: string): Promise<void>;
  /** Puts a refunded order's sold units back on hand; answers how many came back. */
  restock(paymentId: string, at: string): Promise<number>;
  /** Every limited product's stock. */
  listStock(): Promise<AdminStockLevel[]>;
  /** Sets on hand (never below what is reserved and sold: `raised` says so); `null` lifts the limit. */
  setOnHand(productId: string, onHand: number | null, at: string): Promise<{ onHand: number | null; raised: boolean }>;
  /** Erases buyer and shipping details of orders created before `before`; answers how many. */
  erasePersonalData(before: string, at: string): Promise<number>;
}

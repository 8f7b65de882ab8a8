import { CSV_BOM, csvRow, koreanTime } from "../../admin/csv.ts";
import type { ExportLine } from "./ports.ts";

/** The export's columns: Korean for the accountant, PortOne's names in brackets for scripts. */
const COLUMNS: readonly [string, (line: ExportLine) => string | number | null | undefined][] = [
  ["주문번호 (paymentId)", (l) => l.paymentId],
  ["주문일시 KST (createdAt)", (l) => koreanTime(l.createdAt)],
  ["결제일시 KST (paidAt)", (l) => koreanTime(l.paidAt)],
  ["상태 (status)", (l) => l.status],
  ["테스트 (isTest)", (l) => (l.isTest ? "TEST" : "")],
  ["주문명 (orderName)", (l) => l.orderName],
  ["통화 (currency)", (l) => l.currency],
  ["주문금액 (totalAmount)", (l) => l.totalAmount],
  ["환불금액 (refundedAmount)", (l) => l.refundedAmount],
  ["결제수단 (payMethod)", (l) => l.payMethod],
  ["줄 (line)", (l) => l.lineNo],
  ["상품 ID (productId)", (l) => l.productId],
  ["상품명 (productName)", (l) => l.productName],
  ["수량 (quantity)", (l) => l.quantity],
  ["단가 (unitAmount)", (l) => l.unitAmount],
  ["구매자 (buyerName)", (l) => l.buyerName],
  ["이메일 (email)", (l) => l.buyerEmail],
  ["전화 (phone)", (l) => l.buyerPhone],
  ["받는 분 (recipient)", (l) => l.shipRecipient],
  ["받는 분 전화 (recipientPhone)", (l) => l.shipPhone],
  ["우편번호 (postcode)", (l) => l.shipPostcode],
  ["주소 (address)", (l) => l.shipAddress],
  ["배송 메모 (note)", (l) => l.shipNote],
  ["배송 상태 (fulfilmentStatus)", (l) => l.fulfilmentStatus],
  ["택배사 (carrier)", (l) => l.carrier],
  ["송장번호 (trackingNumber)", (l) => l.trackingNumber],
];

/**
 * The CSV export as a byte stream: the BOM and header, then one row per order line, encoded as
 * the lines arrive, so 100,000 lines never sit in memory at once.
 *
 * @example
 * return new Response(csvStream(office.exportLines(filter)), { headers: { "content-type": "text/csv; charset=utf-8" } });
 */
export function csvStream(lines: AsyncIterable<ExportLine>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvRow(COLUMNS.map(([name]) => name))));
        return;
      }
      // Batches of rows per chunk: fewer, larger writes than one per line.
      let chunk = "";
      for (let i = 0; i < 200; i++) {
        const next = await iterator.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvRow(COLUMNS.map(([, cell]) => cell(next.value)));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

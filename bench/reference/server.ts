/**
 * The reference for `npm run bench`: a server that does what PortOne's documentation and its
 * official sample do (portone-io/portone-sample, `express-html/server/index.js`), so that our
 * worker's figures can be read as a ratio. Benchmark only: never part of the product.
 *
 * As in the sample: Express with its JSON body parser; `POST /api/payment/complete` calls
 * `syncPayment`, which fetches the payment with the server SDK (`payment.getPayment`), checks
 * it against an in-memory record (orderName, `amount.total`, currency), marks it paid and logs
 * the paid payment with `console.info`, as the sample does (our worker logs each transition too).
 *
 * Added for the bench only: `POST /api/orders` (prices from catalog.json, so that both servers
 * get the same orders the same way), `GET /api/orders/:paymentId` (to check every final state),
 * and the sample's own page flow (`GET /item`, `public/index.html`) for the click measurement.
 *
 * Unlike the sample, its orders are kept in the bench's D1 stand-in, as our worker's are (see
 * `OrderTable` below), so that the store costs the same on both sides.
 *
 * Environment: PORT, PORTONE_API_BASE, PORTONE_API_SECRET, PORTONE_STORE_ID, PORTONE_CHANNEL_KEY,
 * REFERENCE_STORE (`d1`, the default, or `map` for the sample's own Map).
 *
 * @example
 * PORT=8080 PORTONE_API_BASE=http://127.0.0.1:8790 PORTONE_API_SECRET=... node bench/reference/server.ts
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { PortOneClient, PortOneError } from "@portone/server-sdk";
import type { Payment } from "@portone/server-sdk/payment";
import express from "express";
import type { CreatedOrder, CreateOrderRequest, Currency } from "../../contract/index.ts";
import { memoryD1 } from "../stand-ins.ts";

const env = process.env;
const storeId = env.PORTONE_STORE_ID ?? "store-demo-0000-emulator";
const channelKey = env.PORTONE_CHANNEL_KEY ?? "channel-key-demo-card";
const portone = PortOneClient({
  secret: env.PORTONE_API_SECRET ?? "",
  baseUrl: env.PORTONE_API_BASE ?? "https://api.portone.io",
});

const catalogFile = fileURLToPath(new URL("../../catalog.json", import.meta.url));
const catalog = JSON.parse(readFileSync(catalogFile, "utf8")) as {
  currency: Currency;
  products: { id: string; name: string; amount: number }[];
};
const items = new Map(
  catalog.products.map((p) => [p.id, { name: p.name, price: p.amount, currency: catalog.currency }]),
);

interface OrderRecord {
  status: "PENDING" | "PAID" | "VIRTUAL_ACCOUNT_ISSUED";
  orderName: string;
  totalAmount: number;
  currency: Currency;
}

/**
 * The sample's stand-in for a database ("syncPayment fetches PortOne's payment, syncs the status,
 * and completes the order when paid"). By default (`REFERENCE_STORE=d1`) the orders live in the
 * same D1 stand-in our worker's ledger uses in the bench (SQLite in memory, `../stand-ins.ts`):
 * one row per order, read on every completion and updated when it changes, so that both servers
 * pay the same for a store operation. `REFERENCE_STORE=map` keeps the sample's plain Map.
 */
interface OrderTable {
  get(paymentId: string): Promise<OrderRecord | undefined>;
  set(paymentId: string, order: OrderRecord): Promise<void>;
}

function d1Orders(): OrderTable {
  const db = memoryD1(`CREATE TABLE orders (payment_id TEXT PRIMARY KEY, status TEXT NOT NULL,
    order_name TEXT NOT NULL, total_amount INTEGER NOT NULL, currency TEXT NOT NULL)`);
  type Row = { status: OrderRecord["status"]; order_name: string; total_amount: number; currency: Currency };
  return {
    async get(paymentId) {
      const row = await db
        .prepare("SELECT status, order_name, total_amount, currency FROM orders WHERE payment_id = ?")
        .bind(paymentId)
        .first<Row>();
      return row
        ? { status: row.status, orderName: row.order_name, totalAmount: row.total_amount, currency: row.currency }
        : undefined;
    },
    async set(paymentId, order) {
      await db
        .prepare(
          `INSERT INTO orders (payment_id, status, order_name, total_amount, currency) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (payment_id) DO UPDATE SET status = excluded.status`,
        )
        .bind(paymentId, order.status, order.orderName, order.totalAmount, order.currency)
        .run();
    },
  };
}

function mapOrders(): OrderTable {
  const map = new Map<string, OrderRecord>();
  return {
    async get(paymentId) {
      return map.get(paymentId);
    },
    async set(paymentId, order) {
      map.set(paymentId, order);
    },
  };
}

const orders = env.REFERENCE_STORE === "map" ? mapOrders() : d1Orders();

function verifyPayment(payment: Payment, order: OrderRecord): boolean {
  const p = payment as { orderName?: string; amount?: { total?: number }; currency?: string };
  return p.orderName === order.orderName && p.amount?.total === order.totalAmount && p.currency === order.currency;
}

async function syncPayment(paymentId: string): Promise<OrderRecord | false> {
  const order = await orders.get(paymentId);
  if (!order) return false;
  let actualPayment: Payment;
  try {
    actualPayment = await portone.payment.getPayment({ paymentId });
  } catch (e) {
    if (e instanceof PortOneError) return false;
    throw e;
  }
  switch (actualPayment.status) {
    case "PAID":
      if (!verifyPayment(actualPayment, order)) return false;
      if (order.status === "PAID") return order;
      order.status = "PAID";
      await orders.set(paymentId, order);
      console.info("결제 성공", actualPayment);
      break;
    case "VIRTUAL_ACCOUNT_ISSUED":
      order.status = "VIRTUAL_ACCOUNT_ISSUED";
      await orders.set(paymentId, order);
      break;
    default:
      return false;
  }
  return order;
}

const app = express();
app.use(express.static(fileURLToPath(new URL("./public", import.meta.url))));
app.use(express.json());

app.get("/item", (_req, res) => {
  const id = "mug-white";
  res.json({ id, ...items.get(id), storeId, channelKey });
});

app.post("/api/orders", async (req, res) => {
  // Same request and answer as our worker's `POST /api/orders`, so one bench drives both.
  const lines = (req.body as Partial<CreateOrderRequest>).items ?? [];
  const priced = lines.map((line) => ({ item: items.get(line.productId), quantity: line.quantity }));
  const first = priced[0]?.item;
  if (!first || priced.some((line) => !line.item)) return res.status(400).send("올바르지 않은 요청입니다.");
  const paymentId = `ref${randomUUID().replaceAll("-", "")}`;
  const order: OrderRecord = {
    status: "PENDING",
    orderName: priced.length === 1 ? first.name : `${first.name} 외 ${priced.length - 1}건`,
    totalAmount: priced.reduce((sum, line) => sum + (line.item?.price ?? 0) * line.quantity, 0),
    currency: first.currency,
  };
  await orders.set(paymentId, order);
  res.status(201).json({
    paymentId,
    orderName: order.orderName,
    totalAmount: order.totalAmount,
    currency: order.currency,
    storeId,
    channelKey,
    payMethod: "CARD",
  } satisfies CreatedOrder);
});

app.get("/api/orders/:paymentId", async (req, res) => {
  const order = await orders.get(req.params.paymentId);
  if (!order) return res.status(404).send("주문이 없습니다.");
  res.json({ paymentId: req.params.paymentId, ...order });
});

// As the sample: the browser reports completion; PortOne's record decides.
app.post("/api/payment/complete", async (req, res, next) => {
  try {
    const { paymentId } = req.body as { paymentId?: unknown };
    if (typeof paymentId !== "string") return res.status(400).send("올바르지 않은 요청입니다.").end();
    const payment = await syncPayment(paymentId);
    if (!payment) return res.status(400).send("결제 동기화에 실패했습니다.");
    res.status(200).json({ status: payment.status });
  } catch (e) {
    next(e);
  }
});

const server = app.listen(Number(env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`reference listening on http://127.0.0.1:${port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));

import { formatMoney } from "../domain/money.ts";
import type { NotifyEvent } from "./notify-events.ts";

/** The language of the merchant's messages (`NOTIFY_LOCALE`): Korean unless `en`. */
export type NotifyLocale = "ko" | "en";

/**
 * What a message may say about an order: read from the ledger when it is sent. The buyer's phone
 * and e-mail and the full address are never read, so they cannot leak into a channel.
 */
export interface OrderFacts {
  paymentId: string;
  orderName: string;
  /** In the currency's minor units (PortOne's `amount.total`). */
  totalAmount: number;
  currency: string;
  payMethod: string;
  /** `TEST` or `LIVE`, as PortOne last said; null before PortOne was read. */
  channelType: string | null;
  buyerName: string | null;
  /** Only the first word(s) are shown, see {@link cityOf}. */
  shipAddress1: string | null;
}

/** A message as every channel sends it: a subject line and plain-text lines. */
export interface NotifyMessage {
  subject: string;
  lines: string[];
  /** The order in the admin (the admin itself for a test), when `PUBLIC_URL` is set. */
  link: string | null;
}

const SUBJECTS: Record<NotifyEvent | "TEST", [string, string]> = {
  PAID: ["결제 완료", "Paid"],
  RECONCILED: ["결제 확인 (대사로 발견)", "Sale found by reconciliation"],
  AWAITING_DEPOSIT: ["입금 대기 (가상계좌 발급)", "Awaiting deposit (virtual account issued)"],
  CANCELLED: ["취소·환불", "Cancelled or refunded"],
  REJECTED: ["결제 거부: 주문과 불일치", "Refused: the payment did not match the order"],
  OVERSOLD: ["재고 초과 판매", "Oversold"],
  TEST: ["테스트 메시지", "Test message"],
};

const LABELS = {
  amount: ["금액", "Amount"],
  buyer: ["구매자", "Buyer"],
  city: ["배송지", "Ship to"],
  payMethod: ["결제수단", "Pay method"],
  order: ["주문번호", "Order"],
  check: ["불일치 항목", "Failed check"],
  test: ["[테스트]", "[TEST]"],
  testBody: ["알림 설정을 확인하는 메시지입니다.", "This message checks the notification settings."],
} as const;

const PAY_METHODS: Record<string, [string, string]> = {
  CARD: ["카드", "Card"],
  VIRTUAL_ACCOUNT: ["가상계좌", "Virtual account"],
  TRANSFER: ["계좌이체", "Bank transfer"],
  MOBILE: ["휴대폰", "Mobile"],
  EASY_PAY: ["간편결제", "Easy pay"],
  GIFT_CERTIFICATE: ["상품권", "Gift certificate"],
};

/**
 * The message for an event of an order: the order name, the amount as money, the buyer's name,
 * the shipping city, the pay method, a TEST badge for a TEST channel, the failed check of a
 * rejection and the link to the order in the admin. Pure: no clock, no I/O.
 *
 * @example buildMessage("PAID", facts, null, "ko", "https://checkout.example")
 */
export function buildMessage(
  event: NotifyEvent | "TEST",
  facts: OrderFacts,
  detail: string | null,
  locale: NotifyLocale,
  publicUrl: string,
): NotifyMessage {
  const i = locale === "en" ? 1 : 0;
  const test = facts.channelType === "TEST" || event === "TEST";
  // Only what the shopper or the merchant typed is masked: the paymentId's hex may hold digit runs.
  const subject = `${test ? `${LABELS.test[i]} ` : ""}${SUBJECTS[event][i]}: ${withoutPhoneNumbers(facts.orderName)}`;
  const city = cityOf(facts.shipAddress1);
  const lines = [
    ...(event === "TEST" ? [LABELS.testBody[i]] : []),
    `${LABELS.amount[i]}: ${formatMoney(facts.totalAmount, facts.currency)}`,
    ...(facts.buyerName ? [`${LABELS.buyer[i]}: ${withoutPhoneNumbers(facts.buyerName)}`] : []),
    ...(city ? [`${LABELS.city[i]}: ${withoutPhoneNumbers(city)}`] : []),
    `${LABELS.payMethod[i]}: ${PAY_METHODS[facts.payMethod]?.[i] ?? facts.payMethod}`,
    ...(event === "REJECTED" && detail ? [`${LABELS.check[i]}: ${detail}`] : []),
    `${LABELS.order[i]}: ${facts.paymentId}`,
  ];
  const base = publicUrl.replace(/\/+$/, "");
  // A test message has no order: it links the admin itself.
  const path = event === "TEST" ? "/admin" : `/admin/orders/${encodeURIComponent(facts.paymentId)}`;
  const link = base ? `${base}${path}` : null;
  return { subject, lines, link };
}

/** The message as one plain text: subject, lines, link. */
export const plainText = (m: NotifyMessage) => [m.subject, ...m.lines, ...(m.link ? [m.link] : [])].join("\n");

/**
 * The city of an address, never the rest: a Korean address's province and its 시/군/구
 * (`서울특별시 강남구`), otherwise its first word.
 *
 * @example cityOf("서울특별시 강남구 테헤란로 123") // "서울특별시 강남구"
 */
export function cityOf(address1: string | null): string | null {
  const words = (address1 ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const [first, second] = words;
  if (second && words.length > 2 && /[시군구]$/.test(second) && /[가-힣]/.test(first ?? ""))
    return `${first} ${second}`;
  return first ?? null;
}

/**
 * Masks anything shaped like a phone or card number (9 or more digits, with spaces or dashes)
 * that a merchant's product name or a buyer's name could carry: the last four digits stay.
 */
export function withoutPhoneNumbers(text: string): string {
  return text.replace(/\+?\d[\d -]{7,}\d/g, (run) => {
    const digits = run.replace(/\D/g, "");
    return digits.length >= 9 ? `***${digits.slice(-4)}` : run;
  });
}

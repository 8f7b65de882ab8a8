/**
 * The shopper-facing text of `<portone-checkout>`: each entry is `[Korean, English]`, Korean
 * being the default.
 *
 * Every error code the widget can report has a human message: the worker's codes
 * (`contract/errors.ts`) and the widget's own (`PAYMENT_CANCELLED`, `NETWORK_ERROR`, ...);
 * codes the shopper need not tell apart share one. A refused site (`ORIGIN_NOT_ALLOWED`) says
 * so; any other code (the merchant's set-up such as `CATALOG_EMPTY`, a protocol error, or one
 * added later) gets the generic message, so nothing shows up blank.
 *
 * @example
 * ```ts
 * text('en', 'paid'); // "Payment complete."
 * errorMessage('ko', 'AMOUNT_MISMATCH'); // "결제 정보가 주문과 달라 승인하지 않았습니다."
 * ```
 */

/** A locale the widget speaks; anything else falls back to `ko`. */
export type Locale = "ko" | "en";

type Text = readonly [ko: string, en: string];

const texts = {
  pay: ["결제하기", "Pay"],
  preparing: ["주문을 준비하는 중…", "Preparing…"],
  paying: ["결제창에서 결제를 마쳐 주세요.", "Complete the payment in its window."],
  verifying: ["결제를 확인하는 중…", "Verifying payment…"],
  checking: ["확인이 늦어져 계속 확인하는 중…", "Still verifying…"],
  awaiting: ["아래 계좌로 입금하면 결제가 완료됩니다.", "Transfer to this account to complete the payment."],
  paid: ["결제가 완료되었습니다.", "Payment complete."],
  retry: ["다시 시도", "Try again"],
  unavailable: ["지금은 구매할 수 없는 상품입니다.", "This product is not available."],
} satisfies Record<string, Text>;

/** A key of the shopper-facing text. */
export type TextKey = keyof typeof texts;

/** The virtual-account panel's text: only in its on-demand script, not in the drop-in. */
const accountTexts = {
  copy: ["복사", "Copy"],
  copied: ["복사됨", "Copied"],
  bank: ["은행", "Bank"],
  accountNumber: ["계좌번호", "Account number"],
  holder: ["예금주", "Account holder"],
  amount: ["입금액", "Amount"],
  due: ["입금 기한", "Pay by"],
} satisfies Record<string, Text>;

/** A key of the virtual-account panel's text. */
export type AccountTextKey = keyof typeof accountTexts;

/** The receipt's text (and the question before buying again): only in its on-demand script. */
const receiptTexts = {
  item: ["상품", "Item"],
  orderNumber: ["주문번호", "Order number"],
  paid: ["결제 금액", "Amount paid"],
  paidAt: ["결제 일시", "Paid on"],
  orderLink: ["주문 내역 보기", "View your order"],
  again: ["이미 결제한 상품입니다. 한 번 더 구매할까요?", "You already bought this. Buy it again?"],
  buyAgain: ["한 번 더 구매", "Buy again"],
} satisfies Record<string, Text>;

/** A key of the receipt's text. */
export type ReceiptTextKey = keyof typeof receiptTexts;

const mismatch: Text = ["결제 정보가 주문과 달라 승인하지 않았습니다.", "The payment did not match the order."];
/** The page asked for something the worker will not sell: the merchant's set-up is wrong. */
const setup: Text = ["결제 버튼 설정이 올바르지 않습니다.", "This button is not set up correctly."];
const notFound: Text = ["주문을 찾을 수 없습니다.", "Order not found."];
/** Shown above the "Try again" button, which says the rest. */
const server: Text = ["결제 서버 오류입니다.", "Payment server error."];
const unknown: Text = ["결제를 처리하지 못했습니다.", "The payment was not processed."];
const network: Text = ["네트워크 연결을 확인해 주세요.", "Please check your connection."];

/**
 * The messages by code: only in the on-demand script `/portone-checkout-errors.js`
 * (widget/error-messages-entry.ts), which the element loads when a payment fails; the drop-in
 * carries {@link offlineErrorMessage} alone.
 */
const errors: Record<string, Text> = {
  AMOUNT_MISMATCH: mismatch,
  CURRENCY_MISMATCH: mismatch,
  STORE_MISMATCH: mismatch,
  TEST_CHANNEL_REFUSED: setup,
  INVALID_REQUEST: setup,
  PRODUCT_NOT_FOUND: setup,
  // A product that ships, sold by a button without `form` or `shipping`.
  SHIPPING_REQUIRED: setup,
  INVALID_CONFIGURATION: setup,
  ORDER_NOT_FOUND: notFound,
  PAYMENT_NOT_FOUND: notFound,
  PORTONE_UNAVAILABLE: server,
  INTERNAL_ERROR: server,
  PORTONE_REJECTED: server,
  PAYMENT_FAILED: ["결제에 실패했습니다.", "The payment failed."],
  PAYMENT_CANCELLED: ["결제를 취소했습니다.", "You cancelled the payment."],
  NETWORK_ERROR: network,
  SDK_LOAD_FAILED: [
    "결제 모듈을 불러오지 못했습니다. 광고 차단을 확인해 주세요.",
    "The payment module did not load. Check your ad blocker.",
  ],
  SDK_ERROR: ["결제창을 열지 못했습니다.", "The payment window did not open."],
  ORIGIN_NOT_ALLOWED: ["이 사이트에서는 결제할 수 없습니다.", "Payment is not available on this site."],
  VIRTUAL_ACCOUNT_EXPIRED: ["입금 기한이 지났습니다.", "The deposit deadline has passed."],
  OUT_OF_STOCK: ["품절되었습니다.", "Sold out."],
  TOO_MANY_REQUESTS: ["잠시 후 다시 시도해 주세요.", "Too many orders. Try again in a minute."],
};

/**
 * Korean names of the banks that issue virtual accounts through Korean PGs, keyed by PortOne's
 * `Bank` code, named as the spec's `x-portone-enum` titles name them. The spec does not say
 * which of its 79 codes a virtual account can use, so this is the nationwide and regional
 * commercial banks, 우체국, 수협, 새마을금고, 신협 and 저축은행. Policy banks, internet-only
 * banks, Citibank Korea (out of retail banking), securities firms, guarantee funds and
 * foreign branches are left out to keep the
 * drop-in small; any code not listed still shows, as words (`K_BANK` → "K Bank").
 */
const banks: Record<string, string> = {
  IBK: "기업은행",
  KOOKMIN: "국민은행",
  SUHYUP: "수협은행",
  NONGHYUP: "NH농협은행",
  WOORI: "우리은행",
  STANDARD_CHARTERED: "SC제일은행",
  DAEGU: "아이엠뱅크",
  BUSAN: "부산은행",
  KWANGJU: "광주은행",
  JEJU: "제주은행",
  JEONBUK: "전북은행",
  KYONGNAM: "경남은행",
  KFCC: "새마을금고",
  SHINHYUP: "신협",
  SAVINGS_BANK: "저축은행",
  POST: "우체국",
  HANA: "하나은행",
  SHINHAN: "신한은행",
};

const pick = (locale: string | undefined, entry: Text) => entry[locale === "en" ? 1 : 0];

/** A piece of shopper-facing text in `locale` (`ko` unless it is `en`). */
export function text(locale: string | undefined, key: TextKey): string {
  return pick(locale, texts[key]);
}

/** A piece of the virtual-account panel's text in `locale`. */
export function accountText(locale: string | undefined, key: AccountTextKey): string {
  return pick(locale, accountTexts[key]);
}

/** A piece of the receipt's text in `locale`. */
export function receiptText(locale: string | undefined, key: ReceiptTextKey): string {
  return pick(locale, receiptTexts[key]);
}

/** The human message for an error code, falling back to a generic one. */
export function errorMessage(locale: string | undefined, code: string): string {
  return pick(locale, errors[code] ?? unknown);
}

/**
 * The drop-in's own message for an error code, for when the messages' script could not be
 * loaded: the worker that serves it is out of reach, so the connection is what to check.
 */
export function offlineErrorMessage(locale: string | undefined, code: string): string {
  return pick(locale, code === "NETWORK_ERROR" ? network : unknown);
}

/**
 * A bank's display name: Korean from the table; in English (or for a code the table lacks)
 * PortOne's code in words, acronyms kept (`STANDARD_CHARTERED` → "Standard Chartered", `IBK`).
 */
export function bankName(locale: string | undefined, bank: string): string {
  return (
    (locale !== "en" && banks[bank]) ||
    (bank === "POST"
      ? "Korea Post"
      : // Each word's tail lower-cased unless it has no vowel (an acronym: IBK, KFCC).
        bank.replace(/_/g, " ").replace(/\B[A-Z]+/g, (tail) => (/[AEIOU]/.test(tail) ? tail.toLowerCase() : tail)))
  );
}

/** The BCP 47 language the element formats numbers and dates in. */
export const lang = (locale: string | undefined) => (locale === "en" ? "en-US" : "ko-KR");

/** A time as the shopper reads it (`2026. 1. 1. 오전 9:00`, `Jan 1, 2026, 9:00 AM`); empty when it does not parse. */
export function formatTime(locale: string | undefined, iso: string | undefined): string {
  const date = new Date(iso ?? Number.NaN);
  return +date ? date.toLocaleString(lang(locale), { dateStyle: "medium", timeStyle: "short" }) : "";
}

/**
 * An amount in the currency's minor units, formatted: the currency's exponent is the number
 * of fraction digits `Intl` shows for it (USD 1999 → "$19.99", KRW 39000 → "₩39,000").
 */
export function formatAmount(locale: string | undefined, amount: number, currency: string): string {
  const format = new Intl.NumberFormat(lang(locale), { style: "currency", currency });
  return format.format(amount / 10 ** format.resolvedOptions().maximumFractionDigits!);
}

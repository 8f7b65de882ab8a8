/**
 * The shopper-facing text of `<portone-checkout>`: each entry is `[Korean, English]`, Korean
 * being the default.
 *
 * Every error code the widget can report has a human message: the worker's codes
 * (`worker/domain/errors.ts`) and the widget's own (`PAYMENT_CANCELLED`, `NETWORK_ERROR`, ...);
 * codes the shopper need not tell apart share one. Any other code (the merchant's set-up such
 * as `ORIGIN_NOT_ALLOWED` or `CATALOG_EMPTY`, a protocol error, or one added later) gets the
 * generic message, so nothing shows up blank.
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
  copy: ["복사", "Copy"],
  copied: ["복사됨", "Copied"],
  bank: ["은행", "Bank"],
  accountNumber: ["계좌번호", "Account number"],
  holder: ["예금주", "Account holder"],
  amount: ["입금액", "Amount"],
  due: ["입금 기한", "Pay by"],
} satisfies Record<string, Text>;

/** A key of the shopper-facing text. */
export type TextKey = keyof typeof texts;

const mismatch: Text = ["결제 정보가 주문과 달라 승인하지 않았습니다.", "The payment did not match the order."];
/** The page asked for something the worker will not sell: the merchant's set-up is wrong. */
const setup: Text = ["결제 버튼 설정이 올바르지 않습니다.", "This button is not set up correctly."];
const notFound: Text = ["주문을 찾을 수 없습니다.", "Order not found."];
const server: Text = ["결제 서버 오류입니다. 잠시 후 다시 시도해 주세요.", "Payment server error. Please try again later."];
const unknown: Text = ["결제를 처리하지 못했습니다.", "The payment was not processed."];

const errors: Record<string, Text> = {
  AMOUNT_MISMATCH: mismatch,
  CURRENCY_MISMATCH: mismatch,
  STORE_MISMATCH: mismatch,
  TEST_CHANNEL_REFUSED: setup,
  INVALID_REQUEST: setup,
  PRODUCT_NOT_FOUND: setup,
  INVALID_CONFIGURATION: setup,
  ORDER_NOT_FOUND: notFound,
  PAYMENT_NOT_FOUND: notFound,
  PORTONE_UNAVAILABLE: server,
  INTERNAL_ERROR: server,
  PORTONE_REJECTED: server,
  PAYMENT_FAILED: ["결제에 실패했습니다.", "The payment failed."],
  PAYMENT_CANCELLED: ["결제를 취소했습니다.", "You cancelled the payment."],
  NETWORK_ERROR: ["네트워크 연결을 확인해 주세요.", "Please check your connection."],
  SDK_LOAD_FAILED: [
    "결제 모듈을 불러오지 못했습니다. 네트워크나 광고 차단을 확인해 주세요.",
    "The payment module did not load. Check your network or ad blocker.",
  ],
  SDK_ERROR: ["결제창을 열지 못했습니다.", "The payment window did not open."],
  VIRTUAL_ACCOUNT_EXPIRED: ["입금 기한이 지났습니다.", "The deposit deadline has passed."],
};

/** Korean names of the banks Korean PGs issue virtual accounts from (PortOne's `Bank` codes). */
const bankNamesKo: Record<string, string> = {
  INDUSTRIAL_BANK_OF_KOREA: "기업은행",
  KOOKMIN_BANK: "국민은행",
  SUHYUP_BANK: "수협은행",
  NH_NONGHYUP_BANK: "NH농협은행",
  WOORI_BANK: "우리은행",
  SC_BANK_KOREA: "SC제일은행",
  DAEGU_BANK: "대구은행",
  BUSAN_BANK: "부산은행",
  GWANGJU_BANK: "광주은행",
  KYONGNAM_BANK: "경남은행",
  EPOST: "우체국",
  HANA_BANK: "하나은행",
  SHINHAN_BANK: "신한은행",
};

const pick = (locale: string | undefined, entry: Text) => entry[locale === "en" ? 1 : 0];

/** A piece of shopper-facing text in `locale` (`ko` unless it is `en`). */
export function text(locale: string | undefined, key: TextKey): string {
  return pick(locale, texts[key]);
}

/** The human message for an error code, falling back to a generic one. */
export function errorMessage(locale: string | undefined, code: string): string {
  return pick(locale, errors[code] ?? unknown);
}

/** A bank's display name: Korean from the table, otherwise PortOne's code (`KOOKMIN BANK`). */
export function bankName(locale: string | undefined, bank: string): string {
  return (locale !== "en" && bankNamesKo[bank]) || bank.replace(/_/g, " ");
}

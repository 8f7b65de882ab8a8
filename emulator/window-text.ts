/**
 * The payment window's words in the two languages it speaks. PortOne's `requestPayment` takes a
 * `locale` (`KO_KR`, `EN_US`, `ZH_CN`, ...); the window answers `EN_US` in English and anything
 * else, or nothing, in Korean, as PortOne's own window defaults to Korean.
 */
import type { ISSUING_BANKS } from "./virtual-account.ts";

/** A language the emulator's window speaks. */
export type WindowLang = "ko" | "en";

/** `"en"` for PortOne's `EN_US`, otherwise `"ko"`. */
export function windowLang(locale: unknown): WindowLang {
  return locale === "EN_US" ? "en" : "ko";
}

/** Each text as `[Korean, English]`. */
export const WINDOW_TEXT = {
  title: ["결제하기", "Checkout"],
  vaTitle: ["가상계좌 발급", "Bank transfer"],
  storeId: ["상점 아이디", "Store ID"],
  orderName: ["주문명", "Order"],
  buyer: ["구매자", "Buyer"],
  amount: ["결제 금액", "Amount"],
  payMethod: ["결제 수단", "Payment method"],
  paymentId: ["결제 아이디", "Payment ID"],
  choices: ["쇼핑객의 선택", "What the shopper does"],
  bank: ["입금할 은행", "Bank to pay into"],
  vaNote: [
    "발급된 계좌에 입금하면 결제가 완료됩니다. 입금은 에뮬레이터 대시보드에서 합니다.",
    "The payment completes when the money arrives in the issued account. Deposit from the emulator's dashboard.",
  ],
  tamperCharge: ["{amount} 결제", "{amount} charged"],
  tamperAccount: ["{amount} 계좌", "account for {amount}"],
} as const satisfies Record<string, readonly [string, string]>;

/** A `[Korean, English]` label in `lang`. */
export const inLang = (lang: WindowLang, label: readonly [string, string]): string => label[lang === "en" ? 1 : 0];

/** One of the window's texts in `lang`. */
export function windowText(lang: WindowLang, key: keyof typeof WINDOW_TEXT): string {
  return inLang(lang, WINDOW_TEXT[key]);
}

/** The names of the banks the emulator issues accounts from, `[Korean, English]`. */
export const ISSUING_BANK_NAMES = {
  SHINHAN: ["신한은행", "Shinhan Bank"],
  KOOKMIN: ["국민은행", "KB Kookmin Bank"],
  NONGHYUP: ["NH농협은행", "NH NongHyup Bank"],
  WOORI: ["우리은행", "Woori Bank"],
  HANA: ["하나은행", "Hana Bank"],
  IBK: ["기업은행", "IBK Industrial Bank of Korea"],
} as const satisfies Record<(typeof ISSUING_BANKS)[number], readonly [string, string]>;

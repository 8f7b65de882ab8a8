/**
 * Korean banks of PortOne's `Bank` enum and their titles, copied from PortOne's OpenAPI document
 * (PortOne API 1.16.0, components.schemas.Bank, `x-portone-enum`), so the element's bank
 * names are tested against the spec's codes rather than codes a test made up.
 */
export const SPEC_BANK_TITLES: Record<string, string> = {
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

/** Codes of the same enum the element has no Korean name for (internet banks, a securities firm). */
export const SPEC_OTHER_BANKS = ["K_BANK", "KAKAO", "TOSS", "MIRAE_ASSET_SECURITIES"];

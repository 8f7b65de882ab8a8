import type { PaymentRecord } from "./payments.ts";

/**
 * The payment's `method` (`PaymentMethod` union): the issued virtual account, or a plausible
 * test-card / transfer / ... shape for the pay method once the payment got past the window.
 */
export function methodOf(record: PaymentRecord): Record<string, unknown> | undefined {
  if (record.virtualAccount) return { type: "PaymentMethodVirtualAccount", ...record.virtualAccount };
  if (record.status === "READY" || record.status === "FAILED") return undefined;
  switch (record.payMethod) {
    case "CARD":
      return {
        type: "PaymentMethodCard",
        card: {
          publisher: "SHINHAN",
          issuer: "SHINHAN",
          brand: "LOCAL",
          type: "CREDIT",
          ownerType: "PERSONAL",
          bin: "53694000",
          name: "PortOne 에뮬레이터 테스트 카드",
          number: "53694000****123*",
        },
        approvalNumber: record.approvalNumber,
        installment: { month: 0, isInterestFree: false },
        pointUsed: false,
      };
    case "TRANSFER":
      return { type: "PaymentMethodTransfer", bank: "SHINHAN" };
    case "MOBILE":
      return { type: "PaymentMethodMobile", phoneNumber: record.customer.phoneNumber };
    case "EASY_PAY":
      return { type: "PaymentMethodEasyPay", provider: "KAKAOPAY" };
    case "GIFT_CERTIFICATE":
      return {
        type: "PaymentMethodGiftCertificate",
        giftCertificateType: "CULTURELAND",
        approvalNumber: record.approvalNumber ?? "00000000",
      };
    default:
      return undefined;
  }
}

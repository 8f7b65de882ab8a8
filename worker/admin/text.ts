/** The admin page's words, Korean first (the merchant's language), English beside. */
export type AdminLocale = "ko" | "en";

const words = {
  title: ["주문 관리", "Orders"],
  signIn: ["로그인", "Sign in"],
  signOut: ["로그아웃", "Sign out"],
  token: ["관리자 토큰 (ADMIN_TOKEN)", "Admin token (ADMIN_TOKEN)"],
  wrongToken: ["관리자 토큰이 맞지 않습니다.", "That is not the admin token."],
  search: ["검색", "Search"],
  searchHint: ["주문번호, 구매자, 이메일, 전화, 상품", "Order number, buyer, email, phone, product"],
  status: ["상태", "Status"],
  any: ["전체", "Any"],
  from: ["시작일", "From"],
  to: ["종료일", "To"],
  order: ["주문", "Order"],
  date: ["주문일시", "Date"],
  buyer: ["구매자", "Buyer"],
  amount: ["금액", "Amount"],
  refunded: ["환불", "Refunded"],
  fulfilment: ["배송", "Shipping"],
  noOrders: ["주문이 없습니다.", "No orders."],
  older: ["이전 주문 더 보기", "Older orders"],
  csv: ["CSV 내려받기", "Download CSV"],
  back: ["← 주문 목록", "← All orders"],
  items: ["상품", "Items"],
  quantity: ["수량", "Qty"],
  customer: ["구매자 정보", "Buyer"],
  shipping: ["배송지", "Ship to"],
  recipient: ["받는 분", "Recipient"],
  phone: ["전화", "Phone"],
  email: ["이메일", "Email"],
  address: ["주소", "Address"],
  note: ["메모", "Note"],
  timeline: ["진행 기록", "Timeline"],
  refunds: ["환불 내역", "Refunds"],
  markShipped: ["배송 처리", "Update shipping"],
  carrier: ["택배사", "Carrier"],
  trackingNumber: ["송장번호", "Tracking number"],
  save: ["저장", "Save"],
  refund: ["환불", "Refund"],
  refundAmount: ["환불 금액 (비우면 전액)", "Amount (empty: everything left)"],
  reason: ["사유", "Reason"],
  refundAccount: ["환불 계좌 (가상계좌 결제)", "Refund account (virtual account payments)"],
  bank: ["은행 코드 (예: SHINHAN)", "Bank code (e.g. SHINHAN)"],
  accountNumber: ["계좌번호", "Account number"],
  holder: ["예금주", "Account holder"],
  confirmRefund: ["환불 확인", "Confirm the refund"],
  refundable: ["환불 가능 금액", "Refundable balance"],
  confirm: ["환불하기", "Refund now"],
  cancel: ["취소", "Cancel"],
  receipt: ["영수증", "Receipt"],
  test: ["테스트", "TEST"],
  erased: ["보관 기간이 지나 개인정보를 삭제했습니다.", "Personal data erased after the retention period."],
  notConfigured: ["관리 페이지가 설정되지 않았습니다", "The back office is not configured"],
  saved: ["저장했습니다.", "Saved."],
  refundDone: ["환불을 요청했습니다.", "The refund went through."],
  payMethod: ["결제수단", "Pay method"],
  paidAt: ["결제일시", "Paid at"],
  language: ["English", "한국어"],
  virtualAccount: ["가상계좌", "Virtual account"],
  stock: ["재고", "Stock"],
  restock: ["재고 되돌리기 (전액 환불일 때)", "Put the units back on hand (full refunds only)"],
  available: ["판매 가능", "Available"],
  reserved: ["예약", "Reserved"],
  sold: ["판매", "Sold"],
  onHand: ["보유 수량", "On hand"],
  oversold: ["초과 판매", "Oversold"],
  notifications: ["알림", "Notifications"],
  noDeliveries: ["이 주문으로 보낸 알림이 없습니다.", "No notification for this order."],
  event: ["이벤트", "Event"],
  channel: ["채널", "Channel"],
  attempts: ["시도", "Attempts"],
  lastError: ["마지막 오류", "Last error"],
  retry: ["다시 보내기", "Send again"],
  notifyRetried: ["알림을 다시 보냈습니다.", "The notification was sent again."],
  notifyRetryFailed: [
    "알림을 보내지 못했습니다. 오류를 확인하세요.",
    "The notification could not be sent; see the error.",
  ],
  sendTest: ["테스트 메시지 보내기", "Send a test message"],
  notifyHint: [
    "설정된 채널(Slack, Discord, Telegram, 이메일)로 테스트 메시지를 보냅니다.",
    "Sends a test message to every configured channel (Slack, Discord, Telegram, e-mail).",
  ],
  noChannels: [
    "설정된 알림 채널이 없습니다 (README의 Notifications 참고).",
    "No notification channel is configured (see Notifications in the README).",
  ],
  testSent: ["전송됨", "Sent"],
  testFailed: ["실패", "Failed"],
} as const satisfies Record<string, readonly [string, string]>;

export type AdminWord = keyof typeof words;

/** A word of the admin page in `locale`. */
export const t = (locale: AdminLocale, key: AdminWord): string => words[key][locale === "en" ? 1 : 0];

const statusWords: Record<string, readonly [string, string]> = {
  PENDING: ["결제 대기", "Pending"],
  AWAITING_DEPOSIT: ["입금 대기", "Awaiting deposit"],
  PAID: ["결제 완료", "Paid"],
  FAILED: ["실패", "Failed"],
  CANCELLED: ["취소", "Cancelled"],
  REJECTED: ["거절 (불일치)", "Rejected (mismatch)"],
  UNFULFILLED: ["배송 전", "Not shipped"],
  SHIPPED: ["배송 중", "Shipped"],
  DELIVERED: ["배송 완료", "Delivered"],
  BROWSER: ["구매자 브라우저", "Shopper's browser"],
  WEBHOOK: ["PortOne 웹훅", "PortOne webhook"],
  MERCHANT: ["관리자", "Merchant"],
  SCHEDULE: ["예약 작업", "Scheduled job"],
  CARD: ["카드", "Card"],
  VIRTUAL_ACCOUNT: ["가상계좌", "Virtual account"],
  TRANSFER: ["계좌이체", "Bank transfer"],
  MOBILE: ["휴대폰", "Mobile"],
  EASY_PAY: ["간편결제", "Easy pay"],
  GIFT_CERTIFICATE: ["상품권", "Gift certificate"],
  CJ: ["CJ대한통운", "CJ Logistics"],
  HANJIN: ["한진택배", "Hanjin"],
  LOTTE: ["롯데택배", "Lotte"],
  LOGEN: ["로젠택배", "Logen"],
  POST: ["우체국택배", "Korea Post"],
  POST_REGISTERED: ["우체국 등기", "Korea Post (registered)"],
  KYUNGDONG: ["경동택배", "Kyungdong"],
  DAESIN: ["대신택배", "Daesin"],
  ILYANG: ["일양로지스", "Ilyang"],
  CHUNIL: ["천일택배", "Chunil"],
  GS: ["GS Postbox", "GS Postbox"],
  HAPDONG: ["합동택배", "Hapdong"],
  ETC: ["기타", "Other"],
};

/** A status, fulfilment status or cause in words; the code itself when unknown. */
export const say = (locale: AdminLocale, code: string): string => statusWords[code]?.[locale === "en" ? 1 : 0] ?? code;

/** An amount in minor units as money: `₩29,000`, `$19.99`. */
export function money(amount: number, currency: string, locale: AdminLocale): string {
  try {
    const format = new Intl.NumberFormat(locale === "en" ? "en-US" : "ko-KR", { style: "currency", currency });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 0));
  } catch {
    return `${amount} ${currency}`;
  }
}

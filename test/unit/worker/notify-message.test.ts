import { describe, expect, it } from "vitest";
import { retryAfter, slackEscape } from "../../../worker/adapters/notify-channels.ts";
import { mimeMessage } from "../../../worker/adapters/notify-email-mime.ts";
import { eventsOf, parseEvents } from "../../../worker/services/notify-events.ts";
import {
  buildMessage,
  cityOf,
  type OrderFacts,
  plainText,
  withoutPhoneNumbers,
} from "../../../worker/services/notify-message.ts";

const fromBase64 = (text: string) => new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));

const FACTS: OrderFacts = {
  paymentId: "pay0123456789abcdef0123456789abcdef",
  orderName: "Poster",
  totalAmount: 12_000,
  currency: "KRW",
  payMethod: "CARD",
  channelType: "LIVE",
  buyerName: "홍길동",
  shipAddress1: "서울특별시 강남구 테헤란로 123",
};

describe("buildMessage", () => {
  it("says a sale in Korean with the amount as money, the buyer, the city, the pay method and the admin link", () => {
    const message = buildMessage("PAID", FACTS, null, "ko", "https://checkout.example/");
    expect(message.subject).toBe("결제 완료: Poster");
    expect(message.lines).toEqual([
      "금액: ₩12,000",
      "구매자: 홍길동",
      "배송지: 서울특별시 강남구",
      "결제수단: 카드",
      `주문번호: ${FACTS.paymentId}`,
    ]);
    expect(message.link).toBe(`https://checkout.example/admin/orders/${FACTS.paymentId}`);
  });

  it("says it in English with a TEST badge for a payment through a TEST channel", () => {
    const message = buildMessage("PAID", { ...FACTS, channelType: "TEST" }, null, "en", "https://checkout.example");
    expect(message.subject).toBe("[TEST] Paid: Poster");
    expect(message.lines).toContain("Pay method: Card");
  });

  it("names the failed check of a rejected payment", () => {
    const message = buildMessage("REJECTED", FACTS, "CURRENCY_MISMATCH", "en", "");
    expect(message.subject).toBe("Refused: the payment did not match the order: Poster");
    expect(message.lines).toContain("Failed check: CURRENCY_MISMATCH");
  });

  it("leaves the link out when PUBLIC_URL is empty and omits the buyer and city once erased", () => {
    const message = buildMessage("CANCELLED", { ...FACTS, buyerName: null, shipAddress1: null }, null, "ko", "");
    expect(message.link).toBeNull();
    expect(plainText(message)).not.toMatch(/구매자|배송지/);
  });

  it("masks a phone or card number a buyer typed into a name, keeping the last four digits", () => {
    const text = plainText(
      buildMessage(
        "PAID",
        { ...FACTS, buyerName: "홍길동 010-1234-5678", orderName: "4111 1111 1111 1111" },
        null,
        "ko",
        "",
      ),
    );
    expect(text).not.toMatch(/010-1234|4111 1111/);
    expect(text).toContain("***5678");
    expect(text).toContain("***1111");
  });

  it.each([
    ["서울특별시 강남구 테헤란로 123", "서울특별시 강남구"],
    ["서울 강남구 테헤란로 1", "서울 강남구"],
    ["제주특별자치도 제주시 첨단로 242", "제주특별자치도 제주시"],
    ["세종특별자치시 한누리대로 2130", "세종특별자치시"],
    ["Tokyo Chiyoda 1-1", "Tokyo"],
    ["  ", null],
  ])("shows %s as the city %s, never the street", (address, city) => {
    expect(cityOf(address)).toBe(city);
  });

  it("keeps amounts and short numbers as they are", () => {
    expect(withoutPhoneNumbers("₩1,234,567,890 2층 101호")).toBe("₩1,234,567,890 2층 101호");
  });
});

describe("eventsOf", () => {
  it.each([
    ["PENDING", "PAID", "WEBHOOK", ["PAID"]],
    ["AWAITING_DEPOSIT", "PAID", "WEBHOOK", ["PAID"]],
    ["PENDING", "PAID", "SCHEDULE", ["RECONCILED"]],
    ["PENDING", "AWAITING_DEPOSIT", "BROWSER", ["AWAITING_DEPOSIT"]],
    ["PAID", "CANCELLED", "MERCHANT", ["CANCELLED"]],
    ["PENDING", "REJECTED", "BROWSER", ["REJECTED"]],
    ["PENDING", "FAILED", "SCHEDULE", []],
    [null, "PENDING", "BROWSER", []],
  ] as const)("turns %s → %s by %s into %j", (_from, to, cause, expected) => {
    expect(eventsOf({ to, cause })).toEqual(expected);
  });
});

describe("parseEvents", () => {
  it("reads every event from an empty NOTIFY_EVENTS, and only the named known ones otherwise", () => {
    expect(parseEvents("").size).toBe(6);
    expect([...parseEvents(" paid, REJECTED ,nonsense")]).toEqual(["PAID", "REJECTED"]);
  });
});

describe("retryAfter", () => {
  it("reads seconds, an HTTP date and Telegram's retry_after, capped at a day", () => {
    const now = Date.parse("2026-12-01T00:00:00Z");
    expect(retryAfter("120", "", now)).toBe(120_000);
    expect(retryAfter("Tue, 01 Dec 2026 00:05:00 GMT", "", now)).toBe(300_000);
    expect(retryAfter(null, '{"ok":false,"parameters":{"retry_after":7}}', now)).toBe(7000);
    expect(retryAfter("999999", "", now)).toBe(24 * 60 * 60_000);
    expect(retryAfter(null, "busy", now)).toBeUndefined();
  });
});

describe("slackEscape", () => {
  it("escapes Slack's control characters so a buyer's name cannot mention the channel", () => {
    expect(slackEscape("<!channel> & co")).toBe("&lt;!channel&gt; &amp; co");
  });
});

describe("mimeMessage", () => {
  it("builds a UTF-8 message with an encoded Korean subject and a base64 body", () => {
    const message = buildMessage("PAID", FACTS, null, "ko", "");
    const raw = mimeMessage(
      { from: "shop@example.com", to: "me@example.com" },
      message,
      new Date("2026-12-01T00:00:00Z"),
      "id@example.com",
    );
    expect(raw).toMatch(
      /^From: shop@example.com\r\nTo: me@example.com\r\nSubject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=\r\n/,
    );
    const subject = /Subject: =\?UTF-8\?B\?([^?]+)\?=/.exec(raw)?.[1] ?? "";
    expect(fromBase64(subject)).toBe("결제 완료: Poster");
    const body = raw.split("\r\n\r\n")[1]?.replaceAll("\r\n", "") ?? "";
    expect(fromBase64(body)).toBe(plainText(message));
  });

  it("keeps a header on one line whatever the addresses hold", () => {
    const raw = mimeMessage(
      { from: "a@x.com\r\nBcc: evil@x.com", to: "b@x.com" },
      buildMessage("PAID", FACTS, null, "ko", ""),
      new Date(0),
      "i@x",
    );
    expect(raw).not.toMatch(/\r\nBcc:/);
  });
});

/**
 * The shopper's order link: `/orders/<paymentId>?t=<token>`, where the token is an HMAC of the
 * paymentId under `ORDER_LINK_SECRET`. Whoever has the link sees the order's status, nothing
 * personal beyond the recipient's masked name; without the secret no links are issued.
 *
 * @example const url = await orderUrl(secret, "https://pay.example.com", "pay123");
 */

const encoder = new TextEncoder();

/** The imported key of the last secret seen: an isolate has one (a rotation simply imports again). */
let cached: { secret: string; key: Promise<CryptoKey> } | undefined;

async function hmac(secret: string, text: string): Promise<Uint8Array> {
  let entry = cached;
  if (entry?.secret !== secret) {
    const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    entry = cached = { secret, key };
    key.catch(() => {
      if (cached?.key === key) cached = undefined;
    });
  }
  return new Uint8Array(await crypto.subtle.sign("HMAC", await entry.key, encoder.encode(text)));
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** The link's token for `paymentId`: 128 bits of the HMAC, base64url (22 characters). */
export async function orderToken(secret: string, paymentId: string): Promise<string> {
  return base64url((await hmac(secret, `order-link:v1:${paymentId}`)).slice(0, 16));
}

/** Whether `token` is this order's, compared in constant time. */
export async function orderTokenValid(secret: string, paymentId: string, token: string | undefined): Promise<boolean> {
  if (!secret || !token) return false;
  const expected = await orderToken(secret, paymentId);
  let diff = expected.length ^ token.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (token.charCodeAt(i) || 0);
  return diff === 0;
}

/** The order page's absolute URL on the worker at `origin`. */
export async function orderUrl(secret: string, origin: string, paymentId: string): Promise<string> {
  return `${origin}/orders/${paymentId}?t=${await orderToken(secret, paymentId)}`;
}

/** A name as the order page shows it: `홍*동`, `J*** D**`. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((part) => {
      const chars = [...part];
      if (chars.length <= 1) return part;
      if (chars.length === 2) return `${chars[0]}*`;
      // Korean names keep the first and last syllable; others keep the first letter.
      return /[\uac00-\ud7a3]/.test(part)
        ? `${chars[0]}${"*".repeat(chars.length - 2)}${chars.at(-1)}`
        : `${chars[0]}${"*".repeat(chars.length - 1)}`;
    })
    .join(" ");
}

/** Where a carrier shows a parcel: the public tracking pages of the common Korean carriers. */
const TRACKING: Record<string, (n: string) => string> = {
  CJ: (n) => `https://trace.cjlogistics.com/next/tracking.html?wblNo=${n}`,
  HANJIN: (n) => `https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&schLang=KR&wblnumText2=${n}`,
  LOTTE: (n) => `https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo=${n}`,
  LOGEN: (n) => `https://www.ilogen.com/web/personal/trace/${n}`,
  POST: (n) => `https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1=${n}`,
  POST_REGISTERED: (n) => `https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1=${n}`,
  KYUNGDONG: (n) => `https://kdexp.com/service/delivery/etc/delivery.do?barcode=${n}`,
};

/** The carrier's tracking page for a tracking number (digits and dashes only), when we know it. */
export function trackingUrl(carrier: string | undefined, trackingNumber: string | undefined): string | undefined {
  if (!carrier || !trackingNumber || !/^[A-Za-z0-9-]{1,40}$/.test(trackingNumber)) return undefined;
  return TRACKING[carrier]?.(encodeURIComponent(trackingNumber));
}

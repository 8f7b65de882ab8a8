import { describe, expect, it } from "vitest";
import { EMULATOR_LABEL } from "../../emulator/html.ts";
import { setupV1, V1_ORDER } from "./v1-setup.ts";

function encode(request: unknown): string {
  return Buffer.from(JSON.stringify(request)).toString("base64url");
}

describe("GET /sdk/v1/iamport.js", () => {
  it("serves the IMP stand-in as JavaScript to any origin", async () => {
    const { app } = setupV1();
    const response = await app.request("/sdk/v1/iamport.js", { headers: { origin: "https://shop.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const source = await response.text();
    expect(source).toContain("window.IMP = {");
    expect(source).toContain("request_pay");
    expect(source).toContain('"/v1/window"');
  });
});

describe("GET /v1/window", () => {
  it("renders the V1 choices for the request, with the tampered amount and the page CSP", async () => {
    const { app } = setupV1();
    const request = { ...V1_ORDER, imp_code: "imp00000000" };
    const response = await app.request(
      `/v1/window?request=${encode(request)}&mode=iframe&parentOrigin=https://shop.example`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const page = await response.text();
    for (const outcome of ["PAID", "FAILED", "VIRTUAL_ACCOUNT_ISSUED", "CANCELLED_BY_USER"]) {
      expect(page).toContain(`data-outcome="${outcome}"`);
    }
    expect(page).toContain('data-amount-paid="9000"');
    expect(page).toContain("/assets/v1-window.js");
    expect(page).toContain(V1_ORDER.merchant_uid);
  });

  it("offers a vbank order only issuing the account, the tamper and closing, in English for language en", async () => {
    const { app } = setupV1();
    const request = { ...V1_ORDER, pay_method: "vbank", imp_code: "imp00000000" };
    const korean = await (await app.request(`/v1/window?request=${encode(request)}`)).text();
    const outcomes = (page: string) =>
      [...page.matchAll(/data-action="([a-z-]+)" data-outcome="([A-Z_]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(outcomes(korean)).toEqual([
      "virtual-account:VIRTUAL_ACCOUNT_ISSUED",
      "tamper:VIRTUAL_ACCOUNT_ISSUED",
      "close:CANCELLED_BY_USER",
    ]);
    expect(korean).toContain('<h1 id="window-title">가상계좌 발급 (V1)</h1>');
    expect(korean).not.toContain("카드");

    const english = await (await app.request(`/v1/window?request=${encode({ ...request, language: "en" })}`)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<h1 id="window-title">Bank transfer (V1)</h1>');
    expect(english).toContain(">Get an account number</button>");
    expect(english).toContain("Tampered amount (account for ₩9,000)");
    expect(
      english.replaceAll(EMULATOR_LABEL, "").replaceAll(V1_ORDER.name, "").replaceAll(V1_ORDER.buyer_name, ""),
    ).not.toMatch(/[가-힣]/);
  });

  it("answers 400 for a request it cannot decode", async () => {
    const { app } = setupV1();
    expect((await app.request("/v1/window?request=%%%")).status).toBe(400);
  });

  it("serves the window script that reports to /_emulator/v1/payments and returns to m_redirect_url", async () => {
    const { app } = setupV1();
    const source = await (await app.request("/assets/v1-window.js")).text();
    expect(source).toContain("/_emulator/v1/payments");
    expect(source).toContain("m_redirect_url");
    expect(source).toContain("imp_success");
  });
});

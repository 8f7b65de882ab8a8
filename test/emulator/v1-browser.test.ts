import { describe, expect, it } from "vitest";
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

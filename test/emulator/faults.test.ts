import { describe, expect, it } from "vitest";
import { DEV_API_SECRET } from "../../emulator/dev-secrets.ts";
import { setup } from "./setup.ts";

describe("POST /_emulator/faults", () => {
  it("answers the next REST call with the injected status, then recovers", async () => {
    const { act, control, getPayment } = setup();
    await act("PAID");
    expect((await control("POST", "/faults", { status: 503 })).status).toBe(201);
    const faulted = await getPayment();
    expect(faulted.status).toBe(503);
    expect(faulted.body.type).toBe("INTERNAL_SERVER_ERROR");
    expect((await getPayment()).status).toBe(200);
  });

  it("affects count calls, only those whose path contains path", async () => {
    const { act, control, rest, getPayment } = setup();
    await act("PAID");
    await control("POST", "/faults", { status: 500, count: 2, path: "/cancel" });
    expect((await getPayment()).status).toBe(200);
    expect((await rest("POST", "/payments/order0001/cancel", { reason: "x" })).status).toBe(500);
    expect((await rest("POST", "/payments/order0001/cancel", { reason: "x" })).status).toBe(500);
    expect((await rest("POST", "/payments/order0001/cancel", { reason: "x" })).status).toBe(200);
  });

  it("answers an HTML body for nonJson (502 unless a status is given)", async () => {
    const { app, control } = setup();
    await control("POST", "/faults", { nonJson: true });
    const response = await app.request("/payments/order0001", {
      headers: { Authorization: `PortOne ${DEV_API_SECRET}` },
    });
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toContain("text/html");
    await expect(response.clone().json()).rejects.toThrow();
  });

  it("delays a call; a duplicate Idempotency-Key meanwhile gets 409 IDEMPOTENCY_OUTSTANDING_REQUEST", async () => {
    const { act, control, rest } = setup();
    await act("PAID");
    await control("POST", "/faults", { delayMs: 150, path: "/cancel" });
    const headers = { "Idempotency-Key": "cancel-order0001-once" };
    // Both start now; the first holds the key while its fault delays it.
    const slow = rest("POST", "/payments/order0001/cancel", { reason: "x" }, headers);
    const duplicate = await rest("POST", "/payments/order0001/cancel", { reason: "x" }, headers);
    expect(duplicate).toMatchObject({ status: 409, body: { type: "IDEMPOTENCY_OUTSTANDING_REQUEST" } });
    expect((await slow).status).toBe(200);
    expect((await rest("POST", "/payments/order0001/cancel", { reason: "x" }, headers)).status).toBe(200);
  });

  it("does not store a faulted answer under its Idempotency-Key, so the retry runs", async () => {
    const { act, control, rest } = setup();
    await act("PAID");
    await control("POST", "/faults", { status: 503 });
    const headers = { "Idempotency-Key": "cancel-order0001-retry" };
    expect((await rest("POST", "/payments/order0001/cancel", { reason: "x" }, headers)).status).toBe(503);
    const retry = await rest("POST", "/payments/order0001/cancel", { reason: "x" }, headers);
    expect(retry).toMatchObject({ status: 200, body: { cancellation: { totalAmount: 39000 } } });
  });

  it("is cleared by DELETE /_emulator/faults and refuses a bad status with 400", async () => {
    const { act, control, getPayment } = setup();
    await act("PAID");
    await control("POST", "/faults", { status: 503, count: 3 });
    expect((await control("GET", "/faults")).body.faults).toHaveLength(1);
    await control("DELETE", "/faults");
    expect((await getPayment()).status).toBe(200);
    expect((await control("POST", "/faults", { status: 42 })).status).toBe(400);
  });

  it("leaves the control API alone", async () => {
    const { act, control } = setup();
    await control("POST", "/faults", { status: 503 });
    expect((await act("PAID")).status).toBe(200);
    expect((await control("GET", "/faults")).body.faults).toHaveLength(1);
  });
});

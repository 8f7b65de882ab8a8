import { Hono } from "hono";
import { cors } from "hono/cors";
import { optionalAmount, optionalBoolean, optionalString, readJsonObject } from "./body.ts";
import { cancelPayment } from "./cancel.ts";
import type { EmulatorCore } from "./core.ts";
import { ApiError } from "./errors.ts";
import { parseFault } from "./faults.ts";
import { toPaymentPayload } from "./payment-payload.ts";
import { receiptUrlFor } from "./receipt.ts";
import { parseRefundAccount } from "./refund-account.ts";
import { resolvePending } from "./settlement.ts";
import { actInWindow } from "./shopper.ts";
import { depositVirtualAccount } from "./virtual-account.ts";
import { parseWindowAction } from "./window-request.ts";

/**
 * The emulator's own API under `/_emulator` (no auth, CORS `*`): what the shopper and the
 * merchant's console do, the state, the webhook outbox, faults, config and reset.
 */
export function controlRoutes(core: EmulatorCore): Hono {
  const control = new Hono().basePath("/_emulator");
  control.use("*", cors({ origin: "*" }));

  control.post("/payments", async (c) => {
    const origin = new URL(c.req.url).origin;
    const action = parseWindowAction(await readJsonObject(c), {
      userAgent: c.req.header("user-agent"),
      receiptUrl: (paymentId) => receiptUrlFor(origin, paymentId),
    });
    return c.json(await actInWindow(core, action));
  });
  control.get("/payments", (c) =>
    c.json({ payments: [...core.payments.values()], preRegistrations: Object.fromEntries(core.preRegistrations) }),
  );
  control.get("/payments/:paymentId", (c) => {
    const record = core.payments.get(c.req.param("paymentId"));
    if (!record) throw new ApiError("PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
    return c.json(record);
  });
  control.post("/payments/:paymentId/deposit", async (c) =>
    c.json(toPaymentPayload(await depositVirtualAccount(core, c.req.param("paymentId")))),
  );
  control.post("/payments/:paymentId/approve", async (c) =>
    c.json(toPaymentPayload(await resolvePending(core, c.req.param("paymentId"), true))),
  );
  control.post("/payments/:paymentId/decline", async (c) =>
    c.json(toPaymentPayload(await resolvePending(core, c.req.param("paymentId"), false))),
  );
  control.post("/payments/:paymentId/cancel", async (c) => {
    const body = await readJsonObject(c);
    const cancellation = await cancelPayment(core, c.req.param("paymentId"), {
      reason: optionalString(body, "reason") || "관리자 콘솔에서 취소",
      amount: optionalAmount(body, "amount"),
      refundAccount: parseRefundAccount(body.refundAccount),
      trigger: "CONSOLE",
    });
    return c.json({ cancellation });
  });

  control.get("/webhooks", (c) => c.json({ webhooks: core.outbox.list(c.req.query("paymentId")) }));
  control.post("/webhooks/flush", async (c) => {
    await core.outbox.flush();
    return c.json({ webhooks: core.outbox.list() });
  });
  control.post("/webhooks/:id/redeliver", async (c) => {
    const body = await readJsonObject(c);
    const entry = core.outbox.list().find((candidate) => candidate.id === c.req.param("id"));
    if (!entry) throw new ApiError("NOT_FOUND", "웹훅이 존재하지 않습니다.");
    const url = optionalString(body, "url") ?? core.config.webhookUrl ?? entry.url;
    if (!url) throw new ApiError("INVALID_STATE", "웹훅 URL이 설정되지 않았습니다.");
    await core.outbox.redeliver(entry.id, checkedUrl(url));
    return c.json({ webhook: entry });
  });

  control.get("/faults", (c) => c.json({ faults: core.faults }));
  control.post("/faults", async (c) => {
    core.faults.push(parseFault(await readJsonObject(c)));
    return c.json({ faults: core.faults }, 201);
  });
  control.delete("/faults", (c) => {
    core.faults.length = 0;
    return c.json({ faults: core.faults });
  });

  control.get("/config", (c) => c.json(core.config));
  control.put("/config", async (c) => {
    const body = await readJsonObject(c);
    if ("webhookUrl" in body) {
      const url = optionalString(body, "webhookUrl");
      core.config.webhookUrl = url ? checkedUrl(url) : null;
    }
    const dropWebhooks = optionalBoolean(body, "dropWebhooks");
    if (dropWebhooks !== undefined) core.config.dropWebhooks = dropWebhooks;
    const maxCancelCount = optionalAmount(body, "maxCancelCount");
    if (maxCancelCount !== undefined) {
      if (maxCancelCount < 1) throw new ApiError("INVALID_REQUEST", "maxCancelCount는 1 이상이어야 합니다.");
      core.config.maxCancelCount = maxCancelCount;
    }
    return c.json(core.config);
  });
  control.post("/reset", (c) => {
    core.reset();
    return c.json({ ok: true });
  });
  return control;
}

function checkedUrl(value: string): string {
  const url = URL.parse(value);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ApiError("INVALID_REQUEST", "URL은 http(s) 주소여야 합니다.");
  }
  return value;
}

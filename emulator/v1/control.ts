import { Hono } from "hono";
import { cors } from "hono/cors";
import { handleV1Error, notFound, V1Error } from "./envelope.ts";
import { actInV1Window, cancelV1, depositV1, toV1Payload, type V1Outcome } from "./payments.ts";
import { readV1Body } from "./rest.ts";
import type { V1State } from "./state.ts";

const OUTCOMES: readonly V1Outcome[] = ["PAID", "FAILED", "CANCELLED_BY_USER", "VIRTUAL_ACCOUNT_ISSUED"];

/**
 * The V1 control API under `/_emulator/v1` (no auth, CORS `*`): what the shopper does in the
 * window, the depositor, the console's cancel, the notices and the V1 config.
 */
export function v1ControlRoutes(state: V1State): Hono {
  const control = new Hono().basePath("/_emulator/v1");
  control.onError(handleV1Error);
  control.use("*", cors({ origin: "*" }));

  control.post("/payments", async (c) => {
    const { outcome, amountPaid, sandbox, ...params } = await readV1Body(c);
    if (!OUTCOMES.includes(outcome as V1Outcome)) throw new V1Error(400, -1, `outcome은 ${OUTCOMES.join(" | ")}`);
    if (amountPaid !== undefined && (typeof amountPaid !== "number" || !(amountPaid >= 0))) {
      throw new V1Error(400, -1, "amountPaid는 0 이상의 숫자여야 합니다.");
    }
    const channelKey = typeof params.channelKey === "string" ? params.channelKey : "";
    const userAgent = c.req.header("user-agent") ?? "";
    const origin = new URL(c.req.url).origin;
    return c.json(
      actInV1Window(state, {
        params,
        outcome: outcome as V1Outcome,
        ...(typeof amountPaid === "number" ? { amountPaid } : {}),
        sandbox: typeof sandbox === "boolean" ? sandbox : state.options.sandboxChannelKeys.includes(channelKey),
        mobile: /Mobi|Android|iPhone|iPad|iPod/i.test(userAgent),
        userAgent,
        receiptUrl: (impUid) => `${origin}/_emulator/v1/payments/${impUid}`,
      }),
    );
  });
  control.get("/payments", (c) =>
    c.json({ payments: [...state.payments.values()], prepared: Object.fromEntries(state.prepared) }),
  );
  control.get("/payments/:imp_uid", (c) => {
    const record = state.payments.get(c.req.param("imp_uid"));
    if (!record) throw notFound();
    return c.json(toV1Payload(record));
  });
  control.post("/payments/:imp_uid/deposit", (c) => c.json(toV1Payload(depositV1(state, c.req.param("imp_uid")))));
  control.post("/payments/:imp_uid/cancel", async (c) => {
    const body = await readV1Body(c);
    const record = cancelV1(state, state.payments.get(c.req.param("imp_uid")), {
      reason: typeof body.reason === "string" && body.reason ? body.reason : "관리자 콘솔에서 취소",
      ...(typeof body.amount === "number" ? { amount: body.amount } : {}),
      // The console refunds a virtual account to the account the merchant types in.
      refund_holder: "콘솔 환불",
      refund_bank: "004",
      refund_account: "00000000000000",
      notify: true,
    });
    return c.json(toV1Payload(record));
  });

  control.post("/faults", async (c) => {
    const { path, code, message, count } = await readV1Body(c);
    const times = count === undefined ? 1 : Number(count);
    if (!Number.isInteger(times) || times < 1) throw new V1Error(400, -1, "count는 1 이상의 정수여야 합니다.");
    const answer = code === undefined ? 1 : Number(code);
    if (!Number.isInteger(answer) || answer === 0) throw new V1Error(400, -1, "code는 0이 아닌 정수여야 합니다.");
    state.businessFaults.push({
      ...(typeof path === "string" && path ? { path } : {}),
      code: answer,
      message: typeof message === "string" && message ? message : "에뮬레이터가 주입한 업무 오류입니다.",
      remaining: times,
    });
    return c.json({ faults: state.businessFaults });
  });
  control.get("/webhooks", (c) => c.json({ webhooks: state.notices.list(c.req.query("imp_uid")) }));
  control.post("/webhooks/flush", async (c) => {
    await state.notices.flush();
    return c.json({ webhooks: state.notices.list() });
  });
  control.get("/config", (c) => c.json(state.config));
  control.put("/config", async (c) => {
    const body = await readV1Body(c);
    if ("webhookUrl" in body) {
      const url = typeof body.webhookUrl === "string" ? URL.parse(body.webhookUrl) : null;
      if (body.webhookUrl !== null && (!url || !/^https?:$/.test(url.protocol))) {
        throw new V1Error(400, -1, "webhookUrl은 http(s) 주소 또는 null이어야 합니다.");
      }
      state.config.webhookUrl = url ? url.href : null;
    }
    if ("webhookContentType" in body) {
      if (body.webhookContentType !== "json" && body.webhookContentType !== "form") {
        throw new V1Error(400, -1, "webhookContentType은 json | form");
      }
      state.config.webhookContentType = body.webhookContentType;
    }
    return c.json(state.config);
  });
  return control;
}

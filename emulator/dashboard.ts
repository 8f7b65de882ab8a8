import { Hono } from "hono";
import { html } from "hono/html";
import type { EmulatorCore } from "./core.ts";
import { formatAmount, type Html, page } from "./html.ts";
import type { OutboxEntry } from "./outbox.ts";
import type { PaymentRecord } from "./payments.ts";
import { hasReceipt } from "./receipt.ts";
import { PAGE_CSP } from "./window.ts";

/**
 * `GET /`: every payment with its status and what can happen next (deposit into an issued
 * virtual account, approve or decline a pending one, cancel a paid one), the webhook outbox
 * with its delivery results, and whether all of it outlives a restart (`stateFile`).
 */
export function dashboardRoutes(core: EmulatorCore, storage: { stateFile?: string | undefined } = {}): Hono {
  const routes = new Hono();
  routes.get("/", (c) => {
    c.header("content-security-policy", PAGE_CSP);
    c.header("cache-control", "no-store");
    const payments = [...core.payments.values()].reverse();
    const webhooks = core.outbox.list().reverse();
    const webhookUrl = core.config.dropWebhooks
      ? `${core.config.webhookUrl ?? "(없음)"} (dropWebhooks: 발송하지 않고 보관만 합니다)`
      : (core.config.webhookUrl ?? "(없음: 발송하지 않고 보관만 합니다)");
    const body = html`<main>
<h1>PortOne 에뮬레이터</h1>
<p>웹훅 URL: <code>${webhookUrl}</code> · <a href="/">새로고침</a></p>
${storageNote(storage.stateFile)}
<p id="dashboard-status" role="status" aria-live="polite"></p>
<h2>결제 (${payments.length})</h2>
${payments.length === 0 ? html`<p>아직 결제가 없습니다.</p>` : paymentTable(payments)}
<h2>웹훅 (${webhooks.length})</h2>
${webhooks.length === 0 ? html`<p>아직 웹훅이 없습니다.</p>` : webhookTable(webhooks)}
</main>`;
    return c.html(page({ title: "대시보드", body, scripts: ["/assets/dashboard.js"] }));
  });
  return routes;
}

/** Says where the payments are kept, so nobody expects them back after a restart that forgets. */
function storageNote(stateFile: string | undefined): Html {
  return stateFile
    ? html`<p class="storage" id="storage">저장: <code>${stateFile}</code>. 다시 시작해도 결제와 웹훅이 남습니다
(비우려면 에뮬레이터를 멈추고 이 파일을 지우거나 <code>POST /_emulator/reset</code>).</p>`
    : html`<p class="storage warn" id="storage"><strong>메모리에만 보관합니다.</strong> 에뮬레이터를 다시 시작하면 결제와
웹훅 목록이 비어 있습니다 (워커의 로컬 KV·D1에 남은 주문은 그대로입니다). 남기려면 <code>stateFile</code> 옵션을 주세요
(<code>npm run emulator</code>: <code>EMULATOR_STATE_FILE</code>).</p>`;
}

function paymentTable(payments: PaymentRecord[]): Html {
  const rows = payments.map((p) => {
    const base = `/_emulator/payments/${encodeURIComponent(p.id)}`;
    const actions = [
      p.status === "VIRTUAL_ACCOUNT_ISSUED" ? button(`${base}/deposit`, "입금하기") : "",
      p.status === "PAY_PENDING" ? html`${button(`${base}/approve`, "승인")}${button(`${base}/decline`, "거절")}` : "",
      p.status === "PAID" || p.status === "PARTIAL_CANCELLED" ? button(`${base}/cancel`, "콘솔에서 취소") : "",
    ];
    const account = p.virtualAccount
      ? html`<br>${p.virtualAccount.bank ?? "(은행 미기재)"} ${p.virtualAccount.accountNumber}`
      : "";
    const failure = p.failure ? html`<br>${p.failure.reason}` : "";
    const receipt = hasReceipt(p) ? html`<br><a href="/receipts/${encodeURIComponent(p.id)}">영수증</a>` : "";
    return html`<tr id="payment-${p.id}">
<td><code>${p.id}</code><br>${p.orderName}${p.customer.name ? html`<br>${p.customer.name}` : ""}</td>
<td><strong>${p.status}</strong>${account}${failure}${receipt}</td>
<td>${formatAmount(p.totalAmount, p.currency)}</td>
<td>${p.channelType} · ${p.payMethod}</td>
<td>${p.updatedAt}</td>
<td>${actions}</td>
</tr>`;
  });
  return html`<table><thead><tr><th scope="col">paymentId · 주문명 · 구매자</th><th scope="col">상태</th><th scope="col">금액</th>
<th scope="col">채널 · 수단</th><th scope="col">변경 시각</th><th scope="col">동작</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function webhookTable(webhooks: OutboxEntry[]): Html {
  const rows = webhooks.map((w) => {
    const deliveries = w.deliveries.map(
      (d, i) => html`${i > 0 ? html`<br>` : ""}${d.status ?? "오류"} ${d.at}${d.error ? ` ${d.error}` : ""}`,
    );
    return html`<tr>
<td><code>${w.id}</code></td>
<td>${w.type}</td>
<td><code>${w.paymentId}</code></td>
<td>${w.url ?? "—"}</td>
<td>${deliveries.length > 0 ? deliveries : w.dropped ? "버림 (dropWebhooks)" : "—"}</td>
<td>${button(`/_emulator/webhooks/${encodeURIComponent(w.id)}/redeliver`, "다시 보내기")}</td>
</tr>`;
  });
  return html`<table><thead><tr><th scope="col">webhook-id</th><th scope="col">type</th><th scope="col">paymentId</th>
<th scope="col">URL</th><th scope="col">전송 결과</th><th scope="col">동작</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function button(url: string, label: string): Html {
  return html`<button type="button" data-post="${url}">${label}</button>`;
}

// The V1 payment window's behaviour: each button reports what the shopper did to the emulator
// (POST /_emulator/v1/payments), then hands the callback object back as iamport.js does: a
// postMessage to the page that opened the iframe, or a redirect to m_redirect_url with
// imp_uid, merchant_uid, imp_success and, on failure, error_code and error_msg.
(() => {
  const request = JSON.parse(document.getElementById("portone-request").textContent);
  const settings = JSON.parse(document.getElementById("portone-window").textContent);
  const status = document.getElementById("window-status");
  const buttons = Array.from(document.querySelectorAll("button[data-action]"));
  // The window's language (request_pay's language "en": English), chosen by the server with the page.
  const say = (ko, english) => (settings.lang === "en" ? english : ko);

  async function report(button) {
    const body = Object.assign({}, request, { outcome: button.dataset.outcome });
    if (button.dataset.amountPaid) body.amountPaid = Number(button.dataset.amountPaid);
    const response = await fetch("/_emulator/v1/payments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (response.ok) return json;
    return {
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: request.merchant_uid ?? null,
      error_code: "F500",
      error_msg: json.message || `${say("에뮬레이터 오류", "Emulator error")} (HTTP ${response.status})`,
    };
  }

  function redirectTarget(result) {
    let target = null;
    try {
      target = new URL(String(request.m_redirect_url ?? ""));
    } catch {
      return null;
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") return null;
    if (result.imp_uid) target.searchParams.set("imp_uid", result.imp_uid);
    target.searchParams.set("merchant_uid", String(result.merchant_uid ?? request.merchant_uid ?? ""));
    target.searchParams.set("imp_success", String(result.error_code == null));
    if (result.error_code != null) {
      target.searchParams.set("error_code", String(result.error_code));
      target.searchParams.set("error_msg", String(result.error_msg ?? ""));
    }
    return target.href;
  }

  function deliver(result) {
    if (settings.mode === "redirect") {
      const target = redirectTarget(result);
      if (!target) {
        status.textContent = say(
          "m_redirect_url이 http(s) 주소가 아니어서 돌아갈 수 없습니다.",
          "m_redirect_url is not an http(s) address, so the window cannot go back.",
        );
        return;
      }
      status.textContent = say("상점으로 돌아가는 중…", "Returning to the shop…");
      window.location.assign(target);
      return;
    }
    if (!settings.parentOrigin || window.parent === window) {
      status.textContent = result.error_code
        ? `${say("결과", "Result")}: ${result.error_code} ${result.error_msg ?? ""}`
        : say("결제가 처리되었습니다.", "The payment was processed.");
      return;
    }
    const targetOrigin = settings.parentOrigin === "null" ? "*" : settings.parentOrigin;
    window.parent.postMessage({ type: "portone-emulator:v1-response", response: result }, targetOrigin);
    status.textContent = say("처리되었습니다.", "Done.");
  }

  for (const button of buttons) {
    button.addEventListener("click", async () => {
      for (const each of buttons) each.disabled = true;
      status.textContent = say("처리 중…", "Processing…");
      try {
        deliver(await report(button));
      } catch (error) {
        status.textContent = `${say("에뮬레이터에 연결할 수 없습니다", "Cannot reach the emulator")}: ${error.message}`;
        for (const each of buttons) each.disabled = false;
      }
    });
  }
})();

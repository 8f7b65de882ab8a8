// The payment window's behaviour: each button reports what the shopper did to the emulator
// (POST /_emulator/payments), then hands the result back the way PortOne's SDK does: a
// postMessage to the page that opened the iframe, or a redirect to request.redirectUrl.
(() => {
  const request = JSON.parse(document.getElementById("portone-request").textContent);
  const settings = JSON.parse(document.getElementById("portone-window").textContent);
  const status = document.getElementById("window-status");
  const buttons = Array.from(document.querySelectorAll("button[data-action]"));
  const bank = document.getElementById("va-bank");
  // The window's language (request.locale EN_US: English), chosen by the server with the page.
  const en = settings.lang === "en";
  const say = (ko, english) => (en ? english : ko);

  function setBusy(busy) {
    for (const button of buttons) button.disabled = busy;
    if (bank) bank.disabled = busy;
  }

  async function report(button) {
    const body = Object.assign({}, request, { outcome: button.dataset.outcome });
    if (button.dataset.amountPaid) body.amountPaid = Number(button.dataset.amountPaid);
    if (bank && button.dataset.outcome === "VIRTUAL_ACCOUNT_ISSUED") body.virtualAccount = { bank: bank.value };
    const response = await fetch("/_emulator/payments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (response.ok) return json;
    return {
      transactionType: "PAYMENT",
      txId: "",
      paymentId: String(request.paymentId ?? ""),
      code: "BadRequest",
      message: json.message || `${say("에뮬레이터 오류", "Emulator error")} (HTTP ${response.status})`,
    };
  }

  function redirectTarget(result) {
    let target = null;
    try {
      target = new URL(String(request.redirectUrl ?? ""));
    } catch {
      return null;
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") return null;
    for (const key of [
      "paymentId",
      "txId",
      "transactionType",
      "paymentToken",
      "code",
      "message",
      "pgCode",
      "pgMessage",
    ]) {
      if (result[key] !== undefined && result[key] !== null) target.searchParams.set(key, String(result[key]));
    }
    return target.href;
  }

  function deliver(result) {
    if (settings.mode === "redirect") {
      const target = redirectTarget(result);
      if (!target) {
        status.textContent = say(
          "redirectUrl이 http(s) 주소가 아니어서 돌아갈 수 없습니다.",
          "redirectUrl is not an http(s) address, so the window cannot go back.",
        );
        return;
      }
      status.textContent = say("상점으로 돌아가는 중…", "Returning to the shop…");
      window.location.assign(target);
      return;
    }
    if (!settings.parentOrigin || window.parent === window) {
      status.textContent = result.code
        ? `${say("결과", "Result")}: ${result.code} ${result.message ?? ""}`
        : say("결제가 처리되었습니다.", "The payment was processed.");
      return;
    }
    const targetOrigin = settings.parentOrigin === "null" ? "*" : settings.parentOrigin;
    window.parent.postMessage({ type: "portone-emulator:payment-response", response: result }, targetOrigin);
    status.textContent = say("처리되었습니다.", "Done.");
  }

  for (const button of buttons) {
    button.addEventListener("click", async () => {
      setBusy(true);
      status.textContent = say("처리 중…", "Processing…");
      try {
        deliver(await report(button));
      } catch (error) {
        status.textContent = `${say("에뮬레이터에 연결할 수 없습니다", "Cannot reach the emulator")}: ${error.message}`;
        setBusy(false);
      }
    });
  }
})();

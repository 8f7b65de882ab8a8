// A stand-in for PortOne's browser SDK (https://cdn.portone.io/v2/browser-sdk.js), served by the
// PortOne emulator. It defines window.PortOne only when nothing else did, as the real loader
// does, and opens the emulator's payment window instead of a PG's.
(() => {
  if (window.PortOne) return;
  const script = document.currentScript;
  const emulatorOrigin = new URL(script ? script.src : "/", window.location.href).origin;
  const LABEL = "PortOne 에뮬레이터 · TEST";
  const REQUIRED = ["storeId", "channelKey", "paymentId", "orderName", "totalAmount", "currency", "payMethod"];
  let open = null;

  // Shaped like the SDK's PaymentError so isPaymentError() from @portone/browser-sdk accepts it.
  function paymentError(code, message, request) {
    const error = new Error(message);
    error.__portOneErrorType = "PaymentError";
    error.transactionType = "PAYMENT";
    error.code = code;
    error.paymentId = request && typeof request === "object" ? request.paymentId : undefined;
    return error;
  }

  function validate(request) {
    if (!request || typeof request !== "object")
      throw paymentError("InvalidArgument", "[PortOne] 결제 요청 객체가 필요합니다.");
    for (const key of REQUIRED) {
      if (key === "channelKey" && request.channelGroupId) continue;
      const value = request[key];
      if (value === undefined || value === null || value === "") {
        throw paymentError("InvalidArgument", `[PortOne] ${key}는 필수 입력 항목입니다.`, request);
      }
    }
    if (typeof request.totalAmount !== "number" || !Number.isInteger(request.totalAmount) || request.totalAmount < 0) {
      throw paymentError("InvalidArgument", "[PortOne] totalAmount는 0 이상의 정수여야 합니다.", request);
    }
  }

  function encode(request) {
    const bytes = new TextEncoder().encode(JSON.stringify(request));
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  }

  function windowUrl(request, mode) {
    const url = new URL("/window", emulatorOrigin);
    url.searchParams.set("request", encode(request));
    url.searchParams.set("mode", mode);
    if (mode === "iframe") url.searchParams.set("parentOrigin", window.location.origin);
    return url.href;
  }

  function wantsRedirect(request) {
    const windowType = request.windowType || {};
    if (request.forceRedirect) return true;
    const mobile = /Mobi|Android|iPhone|iPad|iPod/i.test(navigator.userAgent);
    if (mobile) return (windowType.mobile || "REDIRECTION") === "REDIRECTION";
    return windowType.pc === "REDIRECTION";
  }

  function showOverlay(request) {
    const overlay = document.createElement("div");
    overlay.setAttribute("data-portone-emulator", "overlay");
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    // The window speaks the requested locale (EN_US: English), and so does its frame's name.
    const name = `${LABEL} ${request.locale === "EN_US" ? "payment window" : "결제창"}`;
    overlay.setAttribute("aria-label", name);
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;display:flex;flex-direction:column;align-items:center;" +
      "justify-content:center;background:rgba(15,23,42,.6);font:14px system-ui,sans-serif";
    const label = document.createElement("p");
    label.textContent = LABEL;
    label.style.cssText =
      "margin:0 0 8px;padding:4px 10px;border-radius:999px;background:#facc15;color:#1f2937;font-weight:700";
    const frame = document.createElement("iframe");
    frame.title = name;
    frame.src = windowUrl(request, "iframe");
    frame.style.cssText = "width:min(440px,94vw);height:min(620px,84vh);border:0;border-radius:12px;background:#fff";
    overlay.append(label, frame);
    document.body.append(overlay);
    return { overlay, frame };
  }

  async function requestPayment(request) {
    validate(request);
    if (wantsRedirect(request)) {
      if (!request.redirectUrl) {
        throw paymentError("InvalidArgument", "[PortOne] 리디렉션 방식에는 redirectUrl이 필요합니다.", request);
      }
      window.location.assign(windowUrl(request, "redirect"));
      return undefined;
    }
    if (open) throw paymentError("InvalidArgument", "[PortOne] 이미 결제창이 열려 있습니다.", request);
    const { overlay, frame } = showOverlay(request);
    return new Promise((resolve) => {
      function onMessage(event) {
        if (event.origin !== emulatorOrigin || event.source !== frame.contentWindow) return;
        const data = event.data;
        if (data?.type !== "portone-emulator:payment-response") return;
        window.removeEventListener("message", onMessage);
        overlay.remove();
        open = null;
        resolve(data.response);
      }
      open = overlay;
      window.addEventListener("message", onMessage);
    });
  }

  function unsupported(name) {
    return () => Promise.reject(paymentError("Unimplemented", `[PortOne 에뮬레이터] ${name}는 지원하지 않습니다.`));
  }

  window.PortOne = {
    requestPayment,
    requestIdentityVerification: unsupported("requestIdentityVerification"),
    requestIssueBillingKey: unsupported("requestIssueBillingKey"),
    requestIssueBillingKeyAndPay: unsupported("requestIssueBillingKeyAndPay"),
    loadPaymentUI: unsupported("loadPaymentUI"),
    loadIssueBillingKeyUI: unsupported("loadIssueBillingKeyUI"),
    updateLoadPaymentUIRequest: unsupported("updateLoadPaymentUIRequest"),
    updateLoadIssueBillingKeyUIRequest: unsupported("updateLoadIssueBillingKeyUIRequest"),
  };
})();

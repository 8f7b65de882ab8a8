// A stand-in for PortOne V1's https://cdn.iamport.kr/v1/iamport.js, served by the PortOne emulator
// at /sdk/v1/iamport.js. It defines window.IMP only when nothing else did, and opens the emulator's
// V1 payment window instead of a PG's: in an iframe overlay on PC (the callback gets the result),
// or by navigating there on mobile, or with ?redirect=1 on this script's URL, when m_redirect_url
// is given (the browser comes back to m_redirect_url with the result in the query; no callback).
(() => {
  if (window.IMP) return;
  const script = document.currentScript;
  const scriptUrl = new URL(script ? script.src : "/", window.location.href);
  const emulatorOrigin = scriptUrl.origin;
  const forceRedirect = scriptUrl.searchParams.get("redirect") === "1";
  const LABEL = "PortOne 에뮬레이터 · TEST (V1)";
  let impCode = null;
  let open = null;

  function failure(params, code, message) {
    return {
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: params && typeof params === "object" ? (params.merchant_uid ?? null) : null,
      error_code: code,
      error_msg: message,
    };
  }

  function encode(request) {
    const bytes = new TextEncoder().encode(JSON.stringify(request));
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  }

  function windowUrl(request, mode) {
    const url = new URL("/v1/window", emulatorOrigin);
    url.searchParams.set("request", encode(request));
    url.searchParams.set("mode", mode);
    if (mode === "iframe") url.searchParams.set("parentOrigin", window.location.origin);
    return url.href;
  }

  function showOverlay(request) {
    const overlay = document.createElement("div");
    overlay.setAttribute("data-portone-emulator", "overlay");
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", `${LABEL} 결제창`);
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;display:flex;flex-direction:column;align-items:center;" +
      "justify-content:center;background:rgba(15,23,42,.6);font:14px system-ui,sans-serif";
    const label = document.createElement("p");
    label.textContent = LABEL;
    label.style.cssText =
      "margin:0 0 8px;padding:4px 10px;border-radius:999px;background:#facc15;color:#1f2937;font-weight:700";
    const frame = document.createElement("iframe");
    frame.title = `${LABEL} 결제창`;
    frame.src = windowUrl(request, "iframe");
    frame.style.cssText = "width:min(440px,94vw);height:min(620px,84vh);border:0;border-radius:12px;background:#fff";
    overlay.append(label, frame);
    document.body.append(overlay);
    return { overlay, frame };
  }

  function request_pay(params, callback) {
    const done = typeof callback === "function" ? callback : () => {};
    if (!impCode) return done(failure(params, "F400", "IMP.init(가맹점 식별코드)을 먼저 호출해야 합니다."));
    if (!params || typeof params !== "object") return done(failure(params, "F400", "결제 요청 객체가 필요합니다."));
    if (typeof params.amount !== "number" || !(params.amount >= 0)) {
      return done(failure(params, "F400", "amount는 0 이상의 숫자여야 합니다."));
    }
    if (!params.merchant_uid) return done(failure(params, "F400", "merchant_uid는 필수입니다."));
    const request = Object.assign({}, params, { imp_code: impCode });
    const mobile = /Mobi|Android|iPhone|iPad|iPod/i.test(navigator.userAgent);
    if ((mobile || forceRedirect) && params.m_redirect_url) {
      window.location.assign(windowUrl(request, "redirect"));
      return undefined;
    }
    if (open) return done(failure(params, "F400", "이미 결제창이 열려 있습니다."));
    const { overlay, frame } = showOverlay(request);
    function onMessage(event) {
      if (event.origin !== emulatorOrigin || event.source !== frame.contentWindow) return;
      const data = event.data;
      if (data?.type !== "portone-emulator:v1-response") return;
      window.removeEventListener("message", onMessage);
      overlay.remove();
      open = null;
      done(data.response);
    }
    open = overlay;
    window.addEventListener("message", onMessage);
    return undefined;
  }

  window.IMP = {
    init(code) {
      impCode = String(code);
    },
    request_pay,
    agency(code) {
      impCode = String(code);
    },
  };
})();

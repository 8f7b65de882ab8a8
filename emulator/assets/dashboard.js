// The dashboard's buttons: each POSTs to the control API named in data-post, then reloads.
(() => {
  const status = document.getElementById("dashboard-status");
  for (const button of document.querySelectorAll("button[data-post]")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      status.textContent = "처리 중…";
      try {
        const response = await fetch(button.dataset.post, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: button.dataset.body || "{}",
        });
        if (!response.ok) {
          const json = await response.json().catch(() => ({}));
          status.textContent = `실패: ${json.type ?? response.status} ${json.message ?? ""}`;
          button.disabled = false;
          return;
        }
        window.location.reload();
      } catch (error) {
        status.textContent = `실패: ${error.message}`;
        button.disabled = false;
      }
    });
  }
})();

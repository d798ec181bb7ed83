// The "Copy link" button under the shared link. The clipboard API needs a secure page (https or localhost);
// elsewhere, as on a meeting room's LAN address, the older copy command still works.
(() => {
  const button = document.getElementById("copy-link-button");
  const status = document.getElementById("copy-link-status");
  if (!button || button.dataset.ready) return;
  button.dataset.ready = "yes";
  const fallback = (text) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  };
  button.addEventListener("click", () => {
    const link = button.dataset.link;
    const copying = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(link).catch(() => fallback(link)) : fallback(link);
    copying.then(() => { status.textContent = "Link copied."; },
                 () => { status.textContent = "Your browser refused; select the link above and copy it."; });
  });
})();

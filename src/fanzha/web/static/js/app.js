// Every htmx request carries the CSRF token (double-submit with the fanzha_csrf cookie).
document.addEventListener("htmx:configRequest", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
});
// Toasts fade after a few seconds so they never cover the work.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target && event.detail.target.id === "toast") {
    setTimeout(() => { event.detail.target.innerHTML = ""; }, 6000);
  }
});

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
// Legal clocks (止付 48 小时, 冻结到期, 30 分钟录入...) tick on screen between page loads; the
// server renders the same text, so the page reads right before this runs or without it.
function spanText(ms) {
  const minutes = Math.floor(ms / 60000);
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
  if (days) return hours ? `${days}天${hours}小时` : `${days}天`;
  if (hours) return `${hours}小时${String(mins).padStart(2, "0")}分`;
  return `${mins}分钟`;
}
function tickCountdowns() {
  const now = Date.now();
  document.querySelectorAll(".countdown[data-due]").forEach((el) => {
    const left = Date.parse(el.dataset.due) - now;
    const soon = Number(el.dataset.soon || 3600) * 1000;
    const state = left <= 0 ? "overdue" : left <= soon ? "soon" : "ok";
    el.textContent = left <= 0 ? `已超时 ${spanText(-left)}` : `剩余 ${spanText(left)}`;
    el.classList.remove("cd-ok", "cd-soon", "cd-overdue");
    el.classList.add(`cd-${state}`);
  });
}
setInterval(tickCountdowns, 15000);
document.addEventListener("htmx:afterSettle", tickCountdowns);
// 采用: the officer confirms the fraud type suggested from the story's red flags.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-adopt-type]");
  const select = document.getElementById("f-fraud_type");
  if (button && select) select.value = button.dataset.adoptType;
});
// A list's filter form leaves blank fields out of the URL: a bookmark shows only what was asked.
document.addEventListener("formdata", (event) => {
  if (!event.target.matches || !event.target.matches("form.list-filters")) return;
  for (const [key, value] of [...event.formData.entries()]) {
    if (value === "") event.formData.delete(key);
  }
}, true);

// A form that undoes something asks first: data-confirm holds the question (inline onclick
// handlers are refused by the page's Content-Security-Policy).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : "";
  if (question && !window.confirm(question)) event.preventDefault();
});

// A search picker (宣传活动的参加人员): a match clicked joins the chosen list as a hidden
// field; 移除 takes it out; Enter in the search box searches instead of sending the form.
function markPicked() {
  const list = document.getElementById("chosen-staff");
  if (!list) return;
  const chosen = new Set([...list.querySelectorAll("input[name=staff_ids]")].map((i) => i.value));
  document.querySelectorAll("[data-pick-staff]").forEach((b) => { b.disabled = chosen.has(b.dataset.pickStaff); });
  const none = document.getElementById("chosen-none");
  if (none) none.hidden = chosen.size > 0;
}
document.addEventListener("click", (event) => {
  const pick = event.target.closest("[data-pick-staff]");
  const list = document.getElementById("chosen-staff");
  if (pick && list) {
    if (!list.querySelector(`input[value="${pick.dataset.pickStaff}"]`)) {
      const item = document.createElement("li");
      const field = Object.assign(document.createElement("input"), { type: "hidden", name: "staff_ids", value: pick.dataset.pickStaff });
      const remove = Object.assign(document.createElement("button"), { type: "button", className: "link", textContent: "移除" });
      remove.dataset.unpick = "";
      item.append(field, `${pick.dataset.label} `, remove);
      list.append(item);
    }
    markPicked();
  }
  const unpick = event.target.closest("[data-unpick]");
  if (unpick) { unpick.closest("li").remove(); markPicked(); }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches && event.target.matches("[data-picker-search]")) {
    event.preventDefault();
    if (window.htmx) window.htmx.trigger(event.target, "search");
  }
});
document.addEventListener("htmx:afterSettle", markPicked);

// A form sent back with a problem opens at the first one: on a phone the form may sit screens
// below the list it belongs to, and the officer would otherwise see no error at all.
document.addEventListener("DOMContentLoaded", () => {
  const first = document.querySelector(".has-error, .error[role=alert]:not([hidden])");
  if (first) first.scrollIntoView({ block: "center" });
});

// 返回修改 on a refused form's error page: back in history rather than to a fresh copy of the
// form, so the browser gives back what was typed (the link's own href when there is no history).
document.addEventListener("click", (event) => {
  const back = event.target.closest("a[data-history-back]");
  if (back && history.length > 1) {
    event.preventDefault();
    history.back();
  }
});

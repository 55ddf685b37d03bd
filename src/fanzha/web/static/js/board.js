// The live board: Server-Sent Events say something changed in our subtree; the board refreshes
// itself (one small request), urgent arrivals flash and beep.
(function () {
  const board = document.getElementById("board");
  if (!board || !window.EventSource) return;
  const state = document.getElementById("live-state");
  const fresh = new Set();
  let urgent = false;
  let timer = null;

  function beep() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.35);
    } catch (e) { /* no sound device: the flash still shows */ }
  }

  function refresh() {
    timer = null;
    htmx.ajax("GET", board.dataset.refresh || "/warnings", { target: "#board", swap: "innerHTML" })
      .then(() => {
        fresh.forEach((id) => {
          const row = board.querySelector(`tr[data-id="${id}"]`);
          if (row) row.classList.add("fresh");
        });
        fresh.clear();
        if (urgent) beep();
        urgent = false;
      });
  }

  const source = new EventSource(board.dataset.stream);
  source.addEventListener("open", () => state && state.classList.add("on"));
  source.addEventListener("error", () => state && state.classList.remove("on"));
  source.addEventListener("warning", (message) => {
    const event = JSON.parse(message.data);
    if (event.kind === "new") {
      fresh.add(event.id);
      if (event.grade === "urgent") urgent = true;
    }
    if (!timer) timer = setTimeout(refresh, 150);  // many events at once: one refresh
  });
})();

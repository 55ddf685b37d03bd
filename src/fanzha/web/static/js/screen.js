// 指挥大屏: fills every panel from the unit's snapshot and keeps it live.
//
// The live part is the board's stream (the warnings' LISTEN/NOTIFY hub): a warning arriving
// bumps its grade at once and asks for a fresh snapshot (at most one every MIN_GAP ms, so a
// storm of warnings costs each screen one request per gap). The page mends itself: the
// EventSource reconnects after a drop (a server restart); if the browser gave up on it (an
// HTTP error from a proxy) or it went silent past the heartbeat, a new one is opened; every
// reconnection and every minute re-fetch the snapshot, so nothing is missed meanwhile.
(function () {
  "use strict";

  const root = document.getElementById("screen");
  if (!root) return;
  const T = JSON.parse(document.getElementById("screen-text").textContent);
  const base = root.dataset.base;
  const MIN_GAP = 1500;
  const EVERY = 60000;
  const SILENT = 40000; // the server pings every 15 s
  const GRADES = ["urgent", "high", "medium", "low"];
  const COLORS = { urgent: "#ff4d4f", high: "#ff9c38", medium: "#f5d33f", low: "#3fb6ff" };
  const TEXT = "#cfe3ff";
  const AXIS = "#8ea6c9";

  let snap = null;
  let inflight = false;
  let again = false;
  let lastFetch = 0;
  let timer = null;
  let source = null;
  let lastBeat = Date.now();
  let retryMs = 2000;
  let connects = 0;
  let hoursChart = null;
  let typesChart = null;
  let mapChart = null;
  const fresh = new Set();

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  // --- the snapshot -----------------------------------------------------------------------

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (response.redirected || response.status === 401 || response.status === 403) {
          const error = new Error("signed out");
          error.signedOut = true;
          throw error;
        }
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        return response.json();
      });
  }

  function refresh() {
    timer = null;
    if (inflight) { again = true; return; }
    inflight = true;
    lastFetch = Date.now();
    // The panels are drawn as soon as their figures come; the map's follow on their own.
    const panels = getJSON(`${base}/snapshot.json`).then((data) => {
      snap = data;
      draw(data);
      root.dataset.refreshes = String(Number(root.dataset.refreshes) + 1);
      setState();
    });
    Promise.all([panels, getJSON(`${base}/map.json`).then(drawMap)])
      .catch((error) => setState(error.signedOut ? "signed_out" : "stale"))
      .finally(() => {
        inflight = false;
        if (again) { again = false; schedule(); }
      });
  }

  function schedule() {
    if (timer) return;
    const wait = Math.max(0, lastFetch + MIN_GAP - Date.now());
    timer = setTimeout(refresh, wait);
  }

  // --- drawing ----------------------------------------------------------------------------

  function draw(d) {
    $("received-total").textContent = d.received.total;
    GRADES.forEach((g) => { $(`grade-${g}`).textContent = d.received[g]; });
    $("handled-open").textContent = d.handled.open;
    $("handled-overdue").textContent = d.handled.overdue;
    $("handled-closed").textContent = d.handled.closed;
    $("handled-dissuaded").textContent = d.handled.dissuaded;
    $("money-protected").textContent = d.money.protected.value;
    $("money-protected-unit").textContent = d.money.protected.unit;
    $("money-stopped").textContent = d.money.stopped.value;
    $("money-stopped-unit").textContent = d.money.stopped.unit;
    $("money-stopped-accounts").textContent = d.money.stopped_accounts;
    change($("money-protected-mom"), d.money.protected_mom);
    change($("money-stopped-mom"), d.money.stopped_mom);
    drawUrgent(d.urgent);
    drawLatest(d.latest);
    drawRanking(d.ranking);
    drawHours(d.hours, d.now);
    drawTypes(d.types);
    fresh.clear();
    tick();
  }

  // 环比 against yesterday up to the same hour: "—" when there is nothing to compare.
  function change(node, pct) {
    node.replaceChildren(T.vs_yesterday + " ");
    if (pct === null || pct === undefined) { node.append(T.no_rate); return; }
    node.append(el("span", pct >= 0 ? "up" : "down", `${pct >= 0 ? "↑" : "↓"}${Math.abs(pct).toFixed(1)}%`));
  }

  function drawUrgent(urgent) {
    $("urgent-total").textContent = urgent.total;
    const body = $("urgent").tBodies[0];
    body.replaceChildren();
    if (!urgent.rows.length) {
      const row = body.insertRow();
      const cell = row.insertCell();
      cell.colSpan = 5;
      cell.className = "empty";
      cell.textContent = T.none_urgent;
      return;
    }
    urgent.rows.forEach((w) => {
      const row = body.insertRow();
      row.dataset.warningId = w.id;
      if (fresh.has(w.id)) row.classList.add("fresh");
      row.title = w.number;
      [w.received, w.unit, w.type, w.clock || w.status].forEach((text) => {
        row.insertCell().textContent = text;
      });
      const cell = row.insertCell();
      cell.className = "num clock";
      cell.dataset.due = w.due_at || "";
      cell.title = w.late || "";
    });
  }

  function drawLatest(latest) {
    const list = $("latest");
    list.replaceChildren();
    if (!latest.length) { list.append(el("li", "empty", T.none_latest)); return; }
    latest.forEach((w) => {
      const item = el("li");
      item.dataset.warningId = w.id;
      if (fresh.has(w.id)) item.classList.add("fresh");
      item.append(el("span", "t", w.time), el("span", `g ${w.grade}`, w.grade_label),
        el("span", "k", w.amount ? `${w.type} · ${w.amount}` : w.type), el("span", "u", w.unit));
      list.append(item);
    });
  }

  function drawRanking(ranking) {
    $("ranking-title").textContent = ranking.title;
    const body = $("ranking").tBodies[0];
    body.replaceChildren();
    ranking.rows.forEach((r) => {
      const row = body.insertRow();
      row.dataset.unitId = r.id;
      row.insertCell().textContent = r.place === null ? T.no_rate : r.place;
      row.cells[0].className = "place";
      row.insertCell().textContent = r.unit;
      const n = row.insertCell();
      n.className = "num";
      n.textContent = r.warnings;
      const rate = row.insertCell();
      rate.className = "num";
      const box = el("div", "rate");
      if (r.small) { // a rate over a handful of warnings: said so, not drawn as a bar
        box.append(el("span", "small-base", T.small_base));
      } else {
        const bar = el("b");
        bar.style.width = `${Math.round((r.rate || 0) * 0.9)}px`;
        box.append(bar);
      }
      box.append(el("span", "", r.rate === null ? T.no_rate : `${r.rate.toFixed(1)}%`));
      rate.append(box);
    });
  }

  function chart(id) {
    return echarts.init($(id), null, { renderer: "canvas" });
  }

  function drawHours(hours, now) {
    if (!window.echarts) return;
    hoursChart = hoursChart || chart("hours-chart");
    const shown = ((new Date(now).getUTCHours() + 8) % 24) + 1; // Shanghai: no daylight saving
    const labels = Array.from({ length: 24 }, (_, h) => `${h}`);
    hoursChart.setOption({
      animation: false,
      grid: { left: 40, right: 8, top: 34, bottom: 26 },
      legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 10, textStyle: { color: TEXT, fontSize: 16 } },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: labels, axisLabel: { color: AXIS, fontSize: 14, interval: 2 }, axisLine: { lineStyle: { color: "#1d3a66" } } },
      yAxis: { type: "value", minInterval: 1, axisLabel: { color: AXIS, fontSize: 14 }, splitLine: { lineStyle: { color: "rgba(29,58,102,.6)" } } },
      series: GRADES.map((g) => ({
        name: T.grades[g], type: "bar", stack: "all", barMaxWidth: 14,
        itemStyle: { color: COLORS[g] },
        data: hours[g].map((n, h) => (h < shown ? n : null)),
      })),
    });
  }

  function drawTypes(types) {
    if (!window.echarts) return;
    typesChart = typesChart || chart("types-chart");
    const rows = types.slice().reverse();
    typesChart.setOption({
      animation: false,
      grid: { left: 8, right: 64, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", data: rows.map((t) => t.label), axisLabel: { color: TEXT, fontSize: 18 }, axisLine: { show: false }, axisTick: { show: false } },
      series: [{
        type: "bar", barWidth: 18, data: rows.map((t) => t.count),
        label: { show: true, position: "right", color: "#fff", fontSize: 18, formatter: `{c} ${T.types_suffix}` },
        itemStyle: { borderRadius: [0, 9, 9, 0], color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: "#1f6fc0" }, { offset: 1, color: "#39c2ff" }]) },
      }],
    });
  }

  // The map is the coverage map's (renderCoverageMap), restyled for the dark wall.
  function drawMap(figures) {
    $("map-note").textContent = figures.campaign_name
      ? `${T.coverage}：${figures.campaign_name}` : "";
    if (!mapChart) return;
    const regions = new Map(figures.regions.map((r) => [r.name, r]));
    mapChart.setOption({
      visualMap: { max: figures.max, textStyle: { color: TEXT, fontSize: 16 }, inRange: { color: ["#0d2a55", "#14508f", "#1f7fd1", "#39c2ff"] } },
      series: [{
        label: {
          show: true, fontSize: 20, lineHeight: 28, color: "#fff", backgroundColor: "rgba(5,11,24,.6)", padding: [4, 8], borderRadius: 4,
          formatter: (p) => {
            const r = regions.get(p.name);
            if (!r) return "";
            const cover = r.coverage_pct === null || r.coverage_pct === undefined ? "" : `  ${r.coverage_pct}%`;
            return `${r.label || r.title}\n${r.warnings} ${T.count_suffix}${cover}`;
          },
        },
        itemStyle: { borderColor: "#050b18", borderWidth: 2, areaColor: "#0f2a52" },
        emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffd666" } },
        data: figures.regions.map((r) => ({ name: r.name, value: r.value })),
      }],
    });
  }

  function startMap() {
    const mapEl = $("screen-map");
    if (!window.renderCoverageMap || !window.echarts) return;
    window.renderCoverageMap(mapEl, root.dataset.shapes, `${base}/map.json`, {
      mapName: `screen-${root.dataset.unit}`, unitHref: null, gridHref: null, labels: true,
    }).then((drawn) => {
      mapChart = drawn;
      window.screenMap = drawn; // the browser tests read the drawn regions through it
      return getJSON(`${base}/map.json`).then(drawMap);
    }).catch(() => { /* no boundaries yet: the panel stays empty, the rest still works */ });
  }

  // --- clocks -------------------------------------------------------------------------------

  function pad(n) { return String(n).padStart(2, "0"); }

  function span(ms) {
    const s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600);
    return h ? `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
  }

  function tick() {
    const now = new Date();
    const local = new Date(now.getTime() + 8 * 3600000); // Asia/Shanghai, read as UTC fields
    $("screen-clock").textContent = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
    $("screen-date").textContent = `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
    $("screen-weekday").textContent = T.weekdays[(local.getUTCDay() + 6) % 7];
    document.querySelectorAll("#urgent td.clock").forEach((cell) => {
      if (!cell.dataset.due) { cell.textContent = T.no_clock; return; }
      const left = new Date(cell.dataset.due).getTime() - now.getTime();
      cell.textContent = left >= 0 ? `${T.due_in} ${span(left)}` : `${T.overdue_by} ${span(left)}`;
      cell.parentElement.classList.toggle("late", left < 0);
    });
    if (snap && snap.day !== `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`) {
      schedule(); // midnight: a new day starts from zero
    }
  }

  // --- the live stream ----------------------------------------------------------------------

  function setState(kind) {
    const state = $("screen-live");
    const live = source && source.readyState === EventSource.OPEN;
    const shown = kind || (live ? "live" : "reconnecting");
    state.classList.toggle("on", shown === "live");
    state.classList.toggle("stale", shown === "stale" || shown === "signed_out");
    $("screen-live-text").textContent = T[shown];
  }

  function connect() {
    if (source) source.close();
    source = new EventSource(`${base}/stream`);
    source.addEventListener("open", () => {
      lastBeat = Date.now();
      retryMs = 2000;
      connects += 1;
      root.dataset.connects = String(connects);
      setState();
      if (connects > 1) schedule(); // back after a drop: whatever came meanwhile
    });
    source.addEventListener("ping", () => { lastBeat = Date.now(); });
    source.addEventListener("warning", (message) => {
      lastBeat = Date.now();
      const event = JSON.parse(message.data);
      if (event.kind === "new") {
        fresh.add(event.id);
        const tile = document.querySelector(`.grade[data-grade="${event.grade}"]`);
        if (tile) {
          const count = $(`grade-${event.grade}`);
          count.textContent = Number(count.textContent) + 1;
          $("received-total").textContent = Number($("received-total").textContent) + 1;
          tile.classList.remove("bump");
          void tile.offsetWidth; // restart the animation
          tile.classList.add("bump");
        }
      }
      schedule();
    });
    source.addEventListener("error", () => {
      setState();
      if (source.readyState === EventSource.CLOSED) { // the browser gave up: we do not
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 30000);
      }
    });
  }

  function watchdog() {
    if (source && source.readyState === EventSource.OPEN && Date.now() - lastBeat > SILENT) {
      connect();
    }
  }

  function start() {
    tick();
    setInterval(tick, 1000);
    startMap();
    refresh();
    connect();
    setInterval(watchdog, 5000);
    setInterval(schedule, EVERY);
    window.addEventListener("resize", () => {
      [hoursChart, typesChart, mapChart].forEach((c) => c && c.resize());
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// 资金流向图: the layered graph of one victim's money. Levels are columns; the page lays them
// out to fill the panel (each column as wide as its labels, each row as tall as its node and
// label), ECharts hides any label that would still overlap. A click on an account loads its
// details and statement rows beside the graph.
(function () {
  const box = document.getElementById("fundflow-graph");
  if (!box || !window.echarts) return;
  const panel = box.closest(".fundflow-layout") || box;
  const chart = echarts.init(box, null, { renderer: "canvas" });
  window.fundflowChart = chart; // the browser tests click nodes and read labels through it

  const FONT = 11;
  const LINE = 14; // label line height, px
  const PAD = 10; // kept free at the panel's edges
  const MIN_HEIGHT = 560;
  const MAX_HEIGHT = 2400;
  const EDGE_FONT = 10;
  let graph = null;

  function tooltip(params) {
    if (params.dataType === "edge") return params.data.label;
    const d = params.data;
    if (d.anchor) return "";
    const title = d.account ? `${d.account}${d.holder ? " " + d.holder : ""}` : d.name.replace("\n", " ");
    let text = `${title}<br>${d.levelName} · ${d.statusLabel}<br>收到 ¥${d.received}`;
    if (d.status !== "victim") text += `<br>留存 ¥${d.held}`;
    if (d.folded && d.folded.length) text += `<br>含 ${d.folded.length} 个较小账户`;
    if (d.shared && d.shared.length) text += `<br>也出现在 ${d.shared.join("、")}`;
    return text;
  }

  const measure = document.createElement("canvas").getContext("2d");
  function labelWidth(text) {
    measure.font = `${FONT}px sans-serif`;
    return Math.max(...text.split("\n").map((line) => measure.measureText(line).width));
  }

  const edgeText = (link) => link.label.replace(" · ", "\n"); // amount over time: narrower
  // Columns by level; within a column, nodes sit near the mean row of the accounts that paid
  // them, so links cross less.
  function columnsOf(nodes, links) {
    const levels = new Map();
    nodes.forEach((n) => {
      if (!levels.has(n.level)) levels.set(n.level, []);
      levels.get(n.level).push(n);
    });
    const order = [...levels.keys()].sort((a, b) => a - b);
    const row = new Map();
    const sources = new Map();
    links.forEach((l) => {
      if (!sources.has(l.target)) sources.set(l.target, []);
      sources.get(l.target).push(l.source);
    });
    return order.map((level) => {
      const column = levels.get(level);
      const key = (n) => {
        const seen = (sources.get(n.id) || []).filter((s) => row.has(s)).map((s) => row.get(s));
        return seen.length ? seen.reduce((a, b) => a + b, 0) / seen.length : 0;
      };
      column.sort((a, b) => key(a) - key(b) || b.value - a.value);
      column.forEach((n, i) => row.set(n.id, i / Math.max(1, column.length - 1)));
      return column;
    });
  }

  // Pixel positions inside the panel (width × height), and the height the panel needs.
  function layout(data, width, height, fixedHeight) {
    const columns = columnsOf(data.nodes, data.links);
    const lines = (n) => n.label.split("\n").length;
    const rowOf = (n, size) => Math.max(size, lines(n) * LINE) + 6;
    const need = Math.max(...columns.map((c) => c.reduce((s, n) => s + rowOf(n, n.symbolSize), 0)));
    if (!fixedHeight) height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, need + 2 * PAD));
    // Too many rows even so: shrink the dots; hideOverlap drops the labels that still collide.
    const shrink = Math.min(1, (height - 2 * PAD) / need);
    const size = (n) => Math.max(8, Math.round(n.symbolSize * shrink));
    const right = columns.map((c) => Math.max(...c.map((n) => size(n) / 2 + 5 + labelWidth(n.label))));
    const left = columns.map((c) => Math.max(...c.map((n) => size(n) / 2)));
    const x0 = PAD + left[0];
    const used = right.reduce((a, b) => a + b, 0) + left.slice(1).reduce((a, b) => a + b, 0);
    const gap = columns.length > 1 ? Math.max(24, (width - 2 * PAD - left[0] - used) / (columns.length - 1)) : 0;
    const xs = [x0];
    for (let i = 1; i < columns.length; i++) xs.push(xs[i - 1] + right[i - 1] + gap + left[i]);
    // A narrow panel (a phone): squeeze the columns so the last one's labels still fit.
    const last = xs[xs.length - 1];
    const fit = width - PAD - right[right.length - 1];
    const squeeze = last > fit && last > x0 ? (fit - x0) / (last - x0) : 1;
    const placed = [];
    const at = xs.map((x) => x0 + (x - x0) * squeeze);
    columns.forEach((column, i) => {
      // Squeezed, a column's labels would cover the next column's dots: tap for the tooltip.
      const fits = i === columns.length - 1 || at[i + 1] - left[i + 1] - at[i] >= right[i];
      const step = (height - 2 * PAD) / column.length;
      column.forEach((n, row) => {
        const node = { ...n, x: at[i], y: PAD + step * (row + 0.5), symbolSize: size(n) };
        if (!fits) node.label = { show: false };
        placed.push(node);
      });
    });
    // Two invisible anchors span the panel, so ECharts maps these pixels one to one.
    const anchor = { symbolSize: 0, label: { show: false }, silent: true, anchor: true, level: -1 };
    placed.push({ ...anchor, id: "anchor-a", name: "", x: 0, y: 0 });
    placed.push({ ...anchor, id: "anchor-b", name: "", x: width, y: height });
    return { nodes: placed, height };
  }

  function draw() {
    if (!graph) return;
    const full = document.fullscreenElement === panel;
    if (full) box.style.height = "";
    const placed = layout(graph, box.clientWidth, box.clientHeight, full);
    if (!full) box.style.height = `${placed.height}px`;
    chart.resize();
    chart.setOption({
      animation: false,
      tooltip: { formatter: tooltip, confine: true },
      series: [{
        type: "graph",
        layout: "none",
        left: 0, top: 0, width: box.clientWidth, height: box.clientHeight,
        roam: true,
        draggable: false,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        label: {
          show: true, position: "right", fontSize: FONT, lineHeight: LINE,
          backgroundColor: "rgba(255,255,255,0.85)", formatter: (p) => p.data.label || "",
        },
        labelLayout: { hideOverlap: true },
        // Amounts and times of the links on hover (and in the tooltip): drawn at every link
        // they cover the account labels.
        edgeLabel: {
          show: false, fontSize: EDGE_FONT, backgroundColor: "rgba(255,255,255,0.85)",
          formatter: (p) => edgeText(p.data),
        },
        lineStyle: { color: "#90a4ae", curveness: 0.08, opacity: 0.85 },
        emphasis: { focus: "adjacency", edgeLabel: { show: true } },
        data: placed.nodes,
        links: graph.links,
      }],
    }, { replaceMerge: ["series"] });
    box.dataset.ready = "1";
  }

  fetch(box.dataset.src, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      const legend = document.getElementById("fundflow-legend");
      if (legend) {
        legend.innerHTML = "";
        data.legend.forEach((item) => {
          const chip = document.createElement("span");
          chip.className = "legend-item";
          chip.innerHTML = `<i style="background:${item.color}"></i>`;
          chip.append(item.label);
          legend.append(chip);
        });
      }
      graph = data;
      box.dataset.nodes = String(data.nodes.length);
      if (data.nodes.length) draw();
      else box.dataset.ready = "1";
    });

  chart.on("click", (params) => {
    if (params.dataType !== "node" || params.data.status === "victim" || params.data.anchor) return;
    const account = params.data.folded && params.data.folded.length ? null : params.data.id;
    if (!account) return;
    const url = `${box.dataset.detail}${encodeURIComponent(account)}?${box.dataset.query}`;
    htmx.ajax("GET", url, { target: "#account-detail", swap: "innerHTML" });
  });

  const png = document.getElementById("export-png");
  if (png) {
    png.addEventListener("click", () => {
      const link = document.createElement("a");
      link.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      link.download = `${box.dataset.name}.png`;
      link.click();
    });
  }

  const full = document.getElementById("fundflow-fullscreen");
  if (full && panel.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else panel.requestFullscreen();
    });
    document.addEventListener("fullscreenchange", () => {
      full.textContent = document.fullscreenElement ? full.dataset.exit : full.dataset.enter;
      draw();
    });
  }
  // The layout depends on the panel's width: redo it when the panel changes size.
  let lastWidth = 0;
  new ResizeObserver(() => {
    if (box.clientWidth !== lastWidth) {
      lastWidth = box.clientWidth;
      draw();
    }
  }).observe(box);
})();

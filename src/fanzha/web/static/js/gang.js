// 团伙关系图: cases (squares) and the values that join them (dots). A force layout computed
// here once, its positions then stretched below the legend and inside the panel, so no
// node sits on the legend or past an edge; every node is labelled (long values shortened,
// the full value in the tooltip) and ECharts hides the labels that would overlap. Zooms.
(function () {
  const box = document.getElementById("gang-network");
  if (!box || !window.echarts) return;
  const chart = echarts.init(box, null, { renderer: "canvas" });
  window.gangChart = chart; // the browser tests read the drawn nodes through it

  const FONT = 11;
  const PAD = 12;
  const LEGEND = 32; // the legend's one line at the top
  const REPEL = 2.5; // against a link's pull of 1: room for a label between neighbours
  let graph = null;
  let settled = null; // id -> [x, y] from settle(), in layout units

  const short = (v) => (v.length > 14 ? `${v.slice(0, 4)}…${v.slice(-4)}` : v);
  // Case numbers are read in full; long values (accounts, phones) shortened.
  const labelOf = (n) => (n.category === 0 ? n.name : short(n.name));
  const measure = document.createElement("canvas").getContext("2d");
  function labelWidth(text) {
    measure.font = `${FONT}px sans-serif`;
    return measure.measureText(text).width;
  }

  function series(nodes, extra) {
    return {
      type: "graph",
      roam: true,
      draggable: false,
      categories: graph.categories,
      data: nodes,
      links: graph.links,
      label: {
        show: true, position: "right", fontSize: FONT,
        backgroundColor: "rgba(255,255,255,0.85)", formatter: (p) => labelOf(p.data),
      },
      labelLayout: { hideOverlap: true },
      emphasis: { focus: "adjacency", label: { show: true } },
      lineStyle: { color: "source", opacity: 0.6 },
      ...extra,
    };
  }

  function legend() {
    return [{ data: graph.categories.map((c) => c.name), top: 4, left: "center" }];
  }

  // Fruchterman–Reingold from a fixed spiral, so the same gang always looks the same: linked
  // nodes pull together, all nodes push apart, a little gravity keeps loose parts near.
  function settle() {
    const n = graph.nodes.length;
    const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
    const edges = graph.links
      .map((l) => [index.get(l.source), index.get(l.target)])
      .filter(([a, b]) => a !== undefined && b !== undefined);
    const pos = graph.nodes.map((_, i) => {
      const angle = i * 2.39996;
      const radius = Math.sqrt(i + 0.5);
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    });
    let heat = Math.sqrt(n);
    const rounds = n > 300 ? 120 : 300;
    for (let round = 0; round < rounds; round++) {
      const push = pos.map(() => [0, 0]);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = pos[i][0] - pos[j][0];
          const dy = pos[i][1] - pos[j][1];
          const f = REPEL / Math.max(dx * dx + dy * dy, 0.01);
          push[i][0] += dx * f; push[i][1] += dy * f;
          push[j][0] -= dx * f; push[j][1] -= dy * f;
        }
      }
      edges.forEach(([i, j]) => {
        const dx = pos[i][0] - pos[j][0];
        const dy = pos[i][1] - pos[j][1];
        const d = Math.sqrt(dx * dx + dy * dy);
        push[i][0] -= dx * d; push[i][1] -= dy * d;
        push[j][0] += dx * d; push[j][1] += dy * d;
      });
      pos.forEach((p, i) => {
        const dx = push[i][0] - 0.05 * p[0];
        const dy = push[i][1] - 0.05 * p[1];
        const len = Math.sqrt(dx * dx + dy * dy) || 1;
        const step = Math.min(len, heat);
        p[0] += (dx / len) * step;
        p[1] += (dy / len) * step;
      });
      heat = Math.max(heat * 0.97, 0.01);
    }
    settled = new Map(graph.nodes.map((node, i) => [node.id, pos[i]]));
  }

  // Second pass: the same positions stretched to the area under the legend, with room on the
  // right for the widest label and on the other sides for the biggest symbol. Two invisible
  // anchors span the panel, so ECharts draws these pixels as they are.
  function draw() {
    if (!graph) return;
    if (!settled) settle();
    const width = box.clientWidth;
    const height = box.clientHeight;
    const biggest = Math.max(...graph.nodes.map((n) => n.symbolSize));
    const widest = Math.max(...graph.nodes.map((n) => labelWidth(labelOf(n))));
    const area = {
      left: PAD + biggest / 2,
      top: LEGEND + PAD + biggest / 2,
      right: width - (PAD + biggest / 2 + 5 + widest),
      bottom: height - (PAD + Math.max(biggest / 2, FONT)),
    };
    const xs = graph.nodes.map((n) => settled.get(n.id)[0]);
    const ys = graph.nodes.map((n) => settled.get(n.id)[1]);
    const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
    const spanX = Math.max(...xs) - minX || 1;
    const spanY = Math.max(...ys) - minY || 1;
    const nodes = graph.nodes.map((n) => {
      const [x, y] = settled.get(n.id);
      return {
        ...n,
        x: area.left + ((x - minX) / spanX) * (area.right - area.left),
        y: area.top + ((y - minY) / spanY) * (area.bottom - area.top),
      };
    });
    const anchor = { symbolSize: 0, label: { show: false }, silent: true, anchor: true, name: "" };
    nodes.push({ ...anchor, id: "anchor-a", x: 0, y: 0 }, { ...anchor, id: "anchor-b", x: width, y: height });
    chart.setOption({
      animation: false,
      tooltip: {
        confine: true,
        formatter: (p) => (p.dataType === "edge" || p.data.anchor ? "" : `${p.data.name}<br>${p.data.value}`),
      },
      legend: legend(),
      series: [series(nodes, { layout: "none", left: 0, top: 0, width, height })],
    }, { replaceMerge: ["series"] });
    box.dataset.ready = "true";
  }

  fetch(box.dataset.src, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      graph = data;
      box.dataset.nodes = String(data.nodes.length);
      if (data.nodes.length) draw();
      else box.dataset.ready = "true";
    });
  new ResizeObserver(() => {
    chart.resize();
    draw();
  }).observe(box);
})();

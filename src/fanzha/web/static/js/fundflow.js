// 资金流向图: the layered graph of one victim's money (positions come from the server), a
// click on an account loads its details and statement rows beside the graph.
(function () {
  const box = document.getElementById("fundflow-graph");
  if (!box || !window.echarts) return;
  const chart = echarts.init(box, null, { renderer: "canvas" });
  window.fundflowChart = chart; // the browser test clicks nodes through it

  function tooltip(params) {
    if (params.dataType === "edge") return params.data.label;
    const d = params.data;
    let text = `${d.name.replace("\n", " ")}<br>${d.levelName} · ${d.statusLabel}<br>收到 ¥${d.received}`;
    if (d.status !== "victim") text += `<br>留存 ¥${d.held}`;
    if (d.folded && d.folded.length) text += `<br>含 ${d.folded.length} 个较小账户`;
    if (d.shared && d.shared.length) text += `<br>也出现在 ${d.shared.join("、")}`;
    return text;
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
      chart.setOption({
        animation: false,
        tooltip: { formatter: tooltip, confine: true },
        series: [{
          type: "graph",
          layout: "none",
          roam: true,
          draggable: true,
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 8,
          label: { show: true, position: "bottom", fontSize: 11, formatter: (p) => p.data.name },
          edgeLabel: { show: data.links.length <= 120, fontSize: 10, formatter: (p) => p.data.label },
          lineStyle: { color: "#90a4ae", curveness: 0.08, opacity: 0.85 },
          emphasis: { focus: "adjacency" },
          data: data.nodes,
          links: data.links,
        }],
      });
      box.dataset.nodes = String(data.nodes.length);
      box.dataset.ready = "1";
    });

  chart.on("click", (params) => {
    if (params.dataType !== "node" || params.data.status === "victim") return;
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
  window.addEventListener("resize", () => chart.resize());
})();

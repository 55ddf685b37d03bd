// 团伙关系图: cases (squares) and the values that join them (dots), force layout. Large
// gangs show labels on hover only so 500 nodes stay readable.
(function () {
  const box = document.getElementById("gang-network");
  if (!box || !window.echarts) return;
  const chart = echarts.init(box, null, { renderer: "canvas" });
  window.gangChart = chart; // the browser test reads the drawn nodes through it

  fetch(box.dataset.src, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      chart.setOption({
        animationDurationUpdate: 300,
        tooltip: {
          confine: true,
          formatter: (p) => (p.dataType === "edge" ? "" : `${p.data.name}<br>${p.data.value}`),
        },
        legend: [{ data: data.categories.map((c) => c.name), top: 0 }],
        series: [{
          type: "graph",
          layout: "force",
          roam: true,
          draggable: true,
          categories: data.categories,
          data: data.nodes,
          links: data.links,
          label: { show: data.showLabels, position: "right", fontSize: 11 },
          emphasis: { focus: "adjacency", label: { show: true } },
          force: { repulsion: data.repulsion, edgeLength: data.edgeLength, gravity: 0.08 },
          lineStyle: { color: "source", opacity: 0.6 },
        }],
      });
      box.dataset.nodes = String(data.nodes.length);
      box.dataset.ready = "true";
    });
  window.addEventListener("resize", () => chart.resize());
})();

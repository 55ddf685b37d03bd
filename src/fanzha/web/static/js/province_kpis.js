// 全省指标: one KPI by month, a line per city (vendored ECharts, no CDN).
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("province-kpi-chart");
    if (!el || !window.echarts) return;
    var data = JSON.parse(el.dataset.chart || "{}");
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 64, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: data.labels || [] },
      yAxis: { type: "value", name: el.dataset.name || "" },
      series: (data.series || []).map(function (s) {
        return { name: s.name, type: "line", data: s.values };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();

// The dashboard's trend line: one indicator over the last periods (vendored ECharts, no CDN).
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("trend-chart");
    if (!el || !window.echarts) return;
    var data = JSON.parse(el.dataset.trend || "{}");
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 56, right: 16, top: 24, bottom: 28 },
      xAxis: { type: "category", data: data.labels || [] },
      yAxis: { type: "value" },
      series: [{ name: data.name, type: "line", data: data.values || [], areaStyle: { opacity: 0.15 } }],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();

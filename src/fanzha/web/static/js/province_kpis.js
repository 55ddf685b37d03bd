// 全省指标: one KPI by month, a line per city (vendored ECharts, no CDN).
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("province-kpi-chart");
    if (!el || !window.echarts) return;
    var data = JSON.parse(el.dataset.chart || "{}");
    var chart = window.echarts.init(el);
    chart.setOption({
      // The canvas draws with the page's font (the vendored Noto Sans SC): its default font
      // has no Chinese where none is installed, and the axis name showed as boxes.
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: "axis" },
      // Thirteen cities do not fit one line on a phone: the legend pages instead of wrapping
      // over the plot and the axis name.
      legend: { top: 0, type: "scroll" },
      grid: { left: 64, right: 16, top: 56, bottom: 28 },
      xAxis: { type: "category", data: data.labels || [] },
      yAxis: { type: "value", name: el.dataset.name || "" },
      series: (data.series || []).map(function (s) {
        return { name: s.name, type: "line", data: s.values };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  // Draw once the font faces for the chart's Chinese are in (a web font loads by subset).
  function start() {
    var el = document.getElementById("province-kpi-chart");
    if (!el || !document.fonts || !document.fonts.load) return draw();
    var family = getComputedStyle(document.body).fontFamily;
    document.fonts.load("12px " + family, el.dataset.name || "").then(draw, draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

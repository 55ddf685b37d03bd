// The coverage page's progress line: cumulative 入户率 by day against the target line.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("progress-chart");
    if (!el || !window.echarts) return;
    var days = JSON.parse(el.dataset.days || "[]");
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      // The legend above the plot, the axis labels below it: they never share a line.
      legend: { data: [el.dataset.actualLabel, el.dataset.targetLabel], top: 0, left: "center" },
      grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: days },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: el.dataset.actualLabel, type: "line", data: JSON.parse(el.dataset.actual || "[]"), areaStyle: {} },
        { name: el.dataset.targetLabel, type: "line", data: JSON.parse(el.dataset.target || "[]"), lineStyle: { type: "dashed" }, symbol: "none" },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();

// 问卷结果: one horizontal bar chart per choice question, from the counts the page carries
// in data-chart (labels and counts), so the chart and the table beside it never disagree.
(function () {
  if (!window.echarts) return;
  document.querySelectorAll(".chart[data-chart]").forEach(function (box) {
    const data = JSON.parse(box.dataset.chart);
    const chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.labels, inverse: true,
               axisLabel: { width: 160, overflow: "truncate" } },
      tooltip: { trigger: "axis" },
      series: [{ type: "bar", data: data.counts, label: { show: true, position: "right" } }],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();

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
  // A month, quarter... is picked by a day inside it; only a custom period reads 起 and 止:
  // show the fields the chosen kind uses, so a changed 起 is never silently ignored.
  function periodFields() {
    var kind = document.getElementById("kind");
    if (!kind) return;
    function show() {
      var custom = kind.value === "custom";
      ["from", "to"].forEach(function (id) {
        var input = document.getElementById(id);
        if (input) input.closest(".field").style.display = custom ? "" : "none";
      });
      var anchor = document.getElementById("anchor");
      if (anchor) anchor.closest(".field").style.display = custom ? "none" : "";
    }
    kind.addEventListener("change", show);
    show();
  }
  function start() { draw(); periodFields(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

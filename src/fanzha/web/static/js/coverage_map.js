// 覆盖地图: the regions of one unit (分局, stations or grids) drawn from the app's GeoJSON with
// ECharts' map series (no tiles: only the polygons), coloured by the figures' `value` through
// a visualMap. A click on a unit opens that unit's map, a click on a grid its households.
//
// renderCoverageMap(el, geojsonUrl, dataUrl, options) is the whole API, so other pages (the
// big screen) draw the same map. options:
//   mapName       the name registered with echarts.registerMap (default: geojsonUrl)
//   unitHref      "/outreach/map/{id}"     where a click on a unit goes (null: nowhere)
//   gridHref      "/org/grids/{id}"        where a click on a grid goes (null: nowhere)
//   onRegionClick function(region)         instead of following the links above
//   labels        true/false               names on the regions (default: when ≤ 60 regions)
//   colors        [low, …, high]           the visualMap's colour ramp
// It returns a Promise of the ECharts instance; the element gets data-ready="1" once drawn.
(function () {
  "use strict";

  const RAMP = ["#e8f1fb", "#a9cdf0", "#5a9ee0", "#1f6fc0", "#0b3f7a"];

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        return response.json();
      });
  }

  function fill(template, region) {
    return template ? template.replace("{id}", encodeURIComponent(region.id)) : null;
  }

  function renderCoverageMap(el, geojsonUrl, dataUrl, options) {
    const opts = options || {};
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.showLoading({ text: "", color: RAMP[3] });
    return Promise.all([getJSON(geojsonUrl), getJSON(dataUrl)]).then(([geo, figures]) => {
      const mapName = opts.mapName || geojsonUrl;
      echarts.registerMap(mapName, geo);
      const regions = new Map(figures.regions.map((r) => [r.name, r]));
      const labels = figures.labels || {};
      const values = figures.regions.map((r) => r.value || 0);
      const showLabels = opts.labels ?? geo.features.length <= 60;
      chart.hideLoading();
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: (p) => {
            const r = regions.get(p.name);
            if (!r) return "";
            const lines = [`<strong>${escapeHtml(r.title)}</strong> ${escapeHtml(r.code)}`];
            (figures.tooltip || []).forEach(([key, label, suffix]) => {
              if (r[key] !== undefined && r[key] !== null) lines.push(`${escapeHtml(label)}：${r[key]}${suffix || ""}`);
            });
            return lines.join("<br>");
          },
        },
        visualMap: {
          type: "continuous",
          min: figures.min ?? 0,
          max: figures.max ?? Math.max(1, ...values),
          calculable: true,
          orient: "horizontal",
          left: 8,
          bottom: 8,
          itemWidth: 12,
          itemHeight: Math.min(160, Math.max(80, el.clientWidth / 4)),
          text: [labels.high || "", labels.low || ""],
          formatter: (v) => `${Math.round(v)}${figures.unit || ""}`,
          inRange: { color: opts.colors || RAMP },
        },
        series: [
          {
            type: "map",
            map: mapName,
            roam: true,
            selectedMode: false,
            layoutCenter: ["50%", "48%"],
            layoutSize: "92%",
            label: {
              show: showLabels,
              fontSize: 12,
              color: "#13233a",
              backgroundColor: "rgba(255,255,255,0.78)",
              padding: [2, 4],
              borderRadius: 3,
              formatter: (p) => {
                const r = regions.get(p.name);
                return r ? r.label || r.title : "";
              },
            },
            labelLayout: { hideOverlap: true },
            itemStyle: { borderColor: "#ffffff", borderWidth: 1, areaColor: "#eef2f8" },
            emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffd666" } },
            data: figures.regions.map((r) => ({ name: r.name, value: r.value })),
          },
        ],
      });
      chart.on("click", (p) => {
        const region = regions.get(p.name);
        if (!region) return;
        if (opts.onRegionClick) {
          opts.onRegionClick(region);
          return;
        }
        const href = fill(region.kind === "grid" ? opts.gridHref : opts.unitHref, region);
        if (href) window.location.assign(href);
      });
      window.addEventListener("resize", () => chart.resize());
      el.dataset.ready = "1";
      return chart;
    }).catch((error) => {
      chart.hideLoading();
      el.dataset.ready = "error";
      throw error;
    });
  }

  function escapeHtml(text) {
    return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  window.renderCoverageMap = renderCoverageMap;

  document.addEventListener("DOMContentLoaded", () => {
    const el = document.getElementById("coverage-map");
    if (!el || !window.echarts) return;
    renderCoverageMap(el, el.dataset.shapes, el.dataset.figures, {
      mapName: el.dataset.mapName,
      unitHref: el.dataset.unitHref,
      gridHref: el.dataset.gridHref,
    }).then((chart) => {
      window.coverageChart = chart; // the browser tests read the drawn regions through it
    });
  });
})();

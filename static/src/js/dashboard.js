// Dashboard charts: district coverage map (real boundaries) and the cumulative built curve.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var map = data("map-data");
  var mapEl = document.getElementById("coverage-map");
  function drawMap(geojson) {
    // Only the districts of the viewer's territory, from the shared cacheable boundaries file.
    var wanted = {};
    map.codes.forEach(function (c) { wanted[c] = true; });
    geojson.features = geojson.features.filter(function (f) { return wanted[f.properties.code]; });
    echarts.registerMap("shaoxing", geojson);
    var chart = echarts.init(mapEl);
    chart.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return p.name + "<br>覆盖率 " + (p.value == null ? "—" : p.value + "%"); } },
      visualMap: {
        min: 0, max: 100, left: 8, bottom: 8, text: ["100%", "0%"], calculable: false,
        inRange: { color: ["#f3d9c9", "#f0b27a", "#9cc5a1", "#2e7d4f"] },
      },
      series: [{
        type: "map", map: "shaoxing", roam: false, label: { show: true, fontSize: 12 },
        itemStyle: { borderColor: "#fff", borderWidth: 1 },
        data: map.values,
      }],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (map && mapEl && window.echarts) {
    fetch(map.boundaries_url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(drawMap);
  }
  var curve = data("curve-data");
  var curveEl = document.getElementById("built-curve");
  if (curve && curveEl && window.echarts && curve.days.length) {
    var c = echarts.init(curveEl);
    c.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 48, right: 24, top: 30, bottom: 40 },
      xAxis: { type: "category", data: curve.days.map(function (d) { return d.slice(0, 7); }) },
      yAxis: { type: "value", min: 0, max: Math.max(curve.plan_total, curve.goal) + 20 },
      series: [{
        name: "累计建成", type: "line", data: curve.built, areaStyle: { opacity: 0.15 }, smooth: true,
        markLine: { symbol: "none", data: [
          { yAxis: curve.goal, name: "目标", label: { formatter: "目标 " + curve.goal } },
          { yAxis: curve.plan_total, name: "计划", label: { formatter: "计划 " + curve.plan_total, position: "insideEndTop" } },
        ] },
      }],
    });
    window.addEventListener("resize", function () { c.resize(); });
  }
})();

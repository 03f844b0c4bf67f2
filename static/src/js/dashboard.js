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
    // Drill down: no street boundaries exist, so a click opens the district's street chart/table.
    chart.on("click", function (p) { openDistrict(p.name, true); });
  }
  var streets = data("street-data") || [];
  var drawn = {};
  function drawStreets(details) {
    var code = details.getAttribute("data-district");
    var el = details.querySelector(".street-chart");
    var d = streets.filter(function (x) { return x.code === code; })[0];
    if (!el || !d || drawn[code] || !window.echarts) { return; }
    drawn[code] = true;
    var c = echarts.init(el);
    c.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["登记项目", "已建成"], top: 0 },
      grid: { left: 40, right: 12, top: 28, bottom: 80 },
      xAxis: { type: "category", data: d.streets.map(function (s) { return s.name; }), axisLabel: { rotate: 45, fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "登记项目", type: "bar", data: d.streets.map(function (s) { return s.projects; }) },
        { name: "已建成", type: "bar", data: d.streets.map(function (s) { return s.built; }) },
      ],
    });
    window.addEventListener("resize", function () { c.resize(); });
  }
  function openDistrict(name, scroll) {
    var all = document.querySelectorAll("details.street-drill");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-name") === name) {
        all[i].open = true;
        drawStreets(all[i]);
        if (scroll) { all[i].scrollIntoView({ behavior: "smooth", block: "nearest" }); }
      }
    }
  }
  var drills = document.querySelectorAll("details.street-drill");
  for (var j = 0; j < drills.length; j++) {
    drills[j].addEventListener("toggle", function (e) { if (e.target.open) { drawStreets(e.target); } });
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

// Run map: residents coloured by walking minutes to a chosen service (or the farthest of the
// seven), facilities as markers, district boundaries registered as an echarts map (no tiles).
(function () {
  "use strict";
  var el = document.getElementById("lc-map");
  var source = document.getElementById("lc-map-data");
  if (!el || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var select = document.getElementById("map-service");
  data.services.forEach(function (s, k) {
    var option = document.createElement("option");
    option.value = String(k);
    option.textContent = s.name;
    select.appendChild(option);
  });
  echarts.registerMap("lc-districts", data.boundaries);
  var levels = data.levels.map(function (l) { return l.minutes; });
  var colours = ["#1a9850", "#91cf60", "#fdae61", "#d73027"];
  var pieces = [{ value: -1, label: "不可达", color: "#9aa3ae" }];
  var low = 0;
  levels.forEach(function (m, k) {
    pieces.push({ gte: low, lte: m, label: "≤" + m + " 分钟", color: colours[k] || colours[2] });
    low = m;
  });
  pieces.push({ gt: low, label: ">" + low + " 分钟", color: colours[3] });

  function minutes(row, choice) {
    var values = row.slice(3);
    if (choice !== "worst") { return values[Number(choice)]; }
    var worst = 0;
    for (var k = 0; k < values.length; k++) {
      if (values[k] === null) { return null; }
      if (values[k] < 0) { return -1; }
      worst = Math.max(worst, values[k]);
    }
    return worst;
  }
  function residents(choice) {
    return data.residents
      .map(function (r) { return { value: [r[0], r[1], minutes(r, choice), r[2]] }; })
      .filter(function (p) { return p.value[2] !== null; });
  }
  function padded(bounds) {
    if (!bounds) { return undefined; }
    var dx = Math.max((bounds[1][0] - bounds[0][0]) * 0.05, 0.002);
    var dy = Math.max((bounds[1][1] - bounds[0][1]) * 0.05, 0.002);
    return [[bounds[0][0] - dx, bounds[1][1] + dy], [bounds[1][0] + dx, bounds[0][1] - dy]];
  }
  var chart = echarts.init(el);
  var maxPop = Math.max.apply(null, data.residents.map(function (r) { return r[2]; }).concat([1]));
  chart.setOption({
    animation: false,
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        if (p.seriesName === "设施") {
          var f = p.data.facility;
          return f.name + "<br>" + f.kind + "（" + f.status + "）<br>服务：" + f.services.join("、");
        }
        if (p.seriesName === "居住点") {
          var m = p.value[2];
          return "人口 " + p.value[3] + "<br>步行 " + (m < 0 ? "不可达" : m + " 分钟");
        }
        return p.name || "";
      },
    },
    visualMap: { type: "piecewise", pieces: pieces, seriesIndex: 2, dimension: 2, left: 8, bottom: 8 },
    geo: {
      map: "lc-districts", roam: true, boundingCoords: padded(data.bounds),
      itemStyle: { areaColor: "#f6f8fb", borderColor: "#7b8794", borderWidth: 1 },
      label: { show: true, color: "#667085" }, emphasis: { disabled: true },
    },
    series: [
      {
        name: "街道", type: "lines", coordinateSystem: "geo", polyline: false, silent: true,
        lineStyle: { color: "#c4ccd8", width: 0.6, opacity: 0.9 }, large: true,
        data: data.streets.map(function (s) { return { coords: [[s[0], s[1]], [s[2], s[3]]] }; }),
      },
      {
        name: "设施", type: "scatter", coordinateSystem: "geo", z: 4,
        symbol: function (v, p) { return p.data.facility.is_centre ? "diamond" : "triangle"; },
        symbolSize: function (v, p) { return p.data.facility.is_centre ? 16 : 9; },
        itemStyle: { color: "#1d4f91", borderColor: "#fff", borderWidth: 1 },
        data: data.facilities.map(function (f) { return { value: [f.lon, f.lat], facility: f }; }),
      },
      {
        name: "居住点", type: "scatter", coordinateSystem: "geo", z: 3,
        symbolSize: function (v) { return 5 + 10 * Math.sqrt(v[3] / maxPop); },
        itemStyle: { opacity: 0.85 }, data: residents("worst"),
      },
    ],
  });
  select.addEventListener("change", function () {
    chart.setOption({ series: [{}, {}, { data: residents(select.value) }] });
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

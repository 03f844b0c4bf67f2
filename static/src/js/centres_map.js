// Before/after coverage of a siting scenario or an adopted plan: residential points coloured by
// "covered before", "newly covered in year N" (by the earliest planned site reaching them) or
// "still uncovered"; planned sites as squares. Plain lon/lat axes, no map tiles.
(function () {
  "use strict";
  var el = document.getElementById("centres-map");
  var source = document.getElementById("centres-map-data");
  if (!el || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var yearOf = {};
  data.sites.forEach(function (s) { yearOf[s.id] = s.year; });
  var groups = {};
  function add(label, point) { (groups[label] = groups[label] || []).push(point); }
  data.points.forEach(function (p) {
    var value = [p[0], p[1], p[2]];
    if (p[3]) { add("规划前已覆盖", value); return; }
    if (!p[4].length) { add("仍未覆盖", value); return; }
    var years = p[4].map(function (id) { return yearOf[id]; }).filter(function (y) { return y; });
    add(years.length ? Math.min.apply(null, years) + "年新增覆盖" : "新增覆盖", value);
  });
  var palette = { "规划前已覆盖": "#9aa3ae", "仍未覆盖": "#d73027", "新增覆盖": "#1a9850" };
  var yearColours = ["#1a9850", "#66bd63", "#a6d96a", "#fee08b"];
  var labels = Object.keys(groups).sort();
  var maxPop = Math.max.apply(null, data.points.map(function (p) { return p[2]; }).concat([1]));
  var series = labels.map(function (label, k) {
    return {
      name: label, type: "scatter", data: groups[label],
      symbolSize: function (v) { return 4 + 10 * Math.sqrt(v[2] / maxPop); },
      itemStyle: { color: palette[label] || yearColours[k % yearColours.length] }
    };
  });
  series.push({
    name: "规划点位", type: "scatter", symbol: "rect", symbolSize: 12,
    data: data.sites.map(function (s) { return { value: [s.lon, s.lat, 0], name: s.name }; }),
    itemStyle: { color: "#2c5aa0" }
  });
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    legend: { top: 0, type: "scroll" },
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        return p.seriesName === "规划点位" ? p.name : p.seriesName + "：常住人口 " + p.value[2];
      }
    },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: "value", scale: true, name: "经度" },
    yAxis: { type: "value", scale: true, name: "纬度" },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

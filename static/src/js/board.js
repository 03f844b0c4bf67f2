// Compliance board: a new date reloads the board at once, keeping the selected cell; the export
// link follows the date. Without JavaScript the form and the links work as they are.
(function () {
  "use strict";
  var form = document.getElementById("board-date");
  var input = document.getElementById("as_of");
  var exportLink = document.getElementById("board-export");
  if (!form || !input) { return; }
  input.addEventListener("change", function () {
    if (!input.value) { return; }
    var params = new URLSearchParams(window.location.search);
    params.set("as_of", input.value);
    window.location.search = params.toString();
  });
  if (exportLink) {
    input.addEventListener("input", function () {
      exportLink.href = exportLink.pathname + "?as_of=" + encodeURIComponent(input.value);
    });
  }
})();

// Month-by-month position of each district (coverage %, built count) from json_script data.
(function () {
  "use strict";
  var node = document.getElementById("district-months-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  if (!data.days.length) { return; }
  function draw(id, title, key, unit) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el);
    chart.setOption({
      title: { text: title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + unit; } },
      legend: { top: 22, type: "scroll" },
      grid: { top: 60, left: 40, right: 16, bottom: 28 },
      xAxis: { type: "category", data: data.days },
      yAxis: { type: "value", axisLabel: { formatter: "{value}" + unit } },
      series: data.districts.map(function (d) {
        return { name: d.name, type: "line", data: d[key], showSymbol: false };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("chart-coverage", "城镇社区覆盖率", "coverage", "%");
  draw("chart-built", "2023年起建成数", "built", "个");
})();

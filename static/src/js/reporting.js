// Bulletin page: district targets vs created (data via json_script, no inline script).
(function () {
  var el = document.getElementById("bulletin-chart");
  var data = document.getElementById("bulletin-data");
  if (!el || !data || !window.echarts) return;
  var d = JSON.parse(data.textContent).districts;
  window.echarts.init(el).setOption({
    title: { text: "年度创建目标完成情况", textStyle: { fontSize: 14 } },
    tooltip: {}, legend: { top: 24 }, grid: { top: 60 },
    xAxis: { type: "category", data: d.map(function (x) { return x.name; }) },
    yAxis: { type: "value" },
    series: [
      { name: "年度目标", type: "bar", data: d.map(function (x) { return x.year_target; }) },
      { name: "已创建", type: "bar", data: d.map(function (x) { return x.created; }) }
    ]
  });
})();

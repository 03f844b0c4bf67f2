// Tables like Excel: click a header of a table.sortable to sort its rows (numbers with
// thousands separators and percentages sort as numbers). Loaded by base.html; no inline script.
(function () {
  "use strict";
  function value(cell) {
    var text = (cell ? cell.textContent : "").trim();
    var number = text.replace(/[,，%万元个\s]/g, "");
    return number !== "" && !isNaN(Number(number)) ? Number(number) : text;
  }
  function sort(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = !th.classList.contains("asc");
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.classList.remove("asc", "desc"); });
    th.classList.add(ascending ? "asc" : "desc");
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
    rows.sort(function (a, b) {
      var x = value(a.cells[index]), y = value(b.cells[index]);
      var result = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return ascending ? result : -result;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, index) {
      th.setAttribute("data-sort", "");
      th.setAttribute("title", "点击排序");
      th.addEventListener("click", function () { sort(table, index, th); });
    });
  });
})();

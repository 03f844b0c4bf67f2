// Project form: streets narrowed to the chosen district, communities to the chosen street
// (a community's code starts with its street's code), with a search box over the names.
(function () {
  "use strict";
  var district = document.getElementById("id_district");
  var street = document.getElementById("id_street");
  var communities = document.getElementById("id_communities");
  var metaEl = document.getElementById("community-meta");
  if (!district || !street || !communities || !metaEl) { return; }
  var meta = JSON.parse(metaEl.textContent);
  var search = document.createElement("input");
  search.type = "search";
  search.id = "community-search";
  search.placeholder = "输入社区名称筛选";
  search.setAttribute("aria-label", "筛选覆盖社区");
  communities.parentNode.insertBefore(search, communities);
  function apply() {
    var code = district.value;
    Array.prototype.forEach.call(street.options, function (o) { o.hidden = o.value.indexOf(code) !== 0; });
    if (street.selectedOptions.length && street.selectedOptions[0].hidden) {
      var first = Array.prototype.find.call(street.options, function (o) { return !o.hidden; });
      if (first) { street.value = first.value; }
    }
    var prefix = street.value || code;
    var text = search.value.trim();
    Array.prototype.forEach.call(communities.options, function (o) {
      var inPlace = meta[o.value] === code && o.value.indexOf(prefix) === 0;
      var matches = !text || o.textContent.indexOf(text) !== -1;
      o.hidden = !o.selected && !(inPlace && matches);
    });
  }
  district.addEventListener("change", apply);
  street.addEventListener("change", apply);
  search.addEventListener("input", apply);
  apply();
})();

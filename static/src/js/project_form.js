// Project form: keep street and community choices to the chosen district.
(function () {
  "use strict";
  var district = document.getElementById("id_district");
  var street = document.getElementById("id_street");
  var communities = document.getElementById("id_communities");
  var metaEl = document.getElementById("community-meta");
  if (!district || !street || !communities || !metaEl) { return; }
  var meta = JSON.parse(metaEl.textContent);
  function apply() {
    var code = district.value;
    Array.prototype.forEach.call(street.options, function (o) { o.hidden = o.value.indexOf(code) !== 0; });
    if (street.selectedOptions.length && street.selectedOptions[0].hidden) {
      var first = Array.prototype.find.call(street.options, function (o) { return !o.hidden; });
      if (first) { street.value = first.value; }
    }
    Array.prototype.forEach.call(communities.options, function (o) { o.hidden = meta[o.value] !== code; });
  }
  district.addEventListener("change", apply);
  apply();
})();

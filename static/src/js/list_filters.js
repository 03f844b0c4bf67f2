// List filters: the street choices follow the chosen district (street codes start with it).
(function () {
  "use strict";
  var district = document.getElementById("id_district");
  var street = document.getElementById("id_street");
  if (!district || !street) { return; }
  function apply() {
    var code = district.value;
    Array.prototype.forEach.call(street.options, function (o) {
      o.hidden = Boolean(code) && o.value !== "" && o.value.indexOf(code) !== 0;
    });
    if (street.selectedOptions.length && street.selectedOptions[0].hidden) { street.value = ""; }
  }
  district.addEventListener("change", apply);
  apply();
})();

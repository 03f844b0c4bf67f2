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

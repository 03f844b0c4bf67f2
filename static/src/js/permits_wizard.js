// Route wizard: the print button (no inline handlers, so the page works under a strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-route");
  if (button) button.addEventListener("click", () => window.print());
});

/* The factsheet's print button (templates/pages/factsheet.html.j2): shown only where it works. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-gk-afdrukken]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

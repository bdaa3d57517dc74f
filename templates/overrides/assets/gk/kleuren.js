/*
 * Gereedschapskist: light and dark colours, the one thing of the theme's own script the pages need.
 * The theme's script bundle is not loaded (see main.html): on a phone it took most of the main
 * thread's time while a page loads. What it did for colours is done here, in its way: the page
 * follows the device (prefers-color-scheme) until the reader picks a palette with the button in
 * the header; that choice is kept (the theme's __md_set, in localStorage) for every page.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-md-component=palette]");
  if (!form) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name=__palette]"));
  if (!inputs.length) { return; }

  function colours(input) {
    return {
      media: input.getAttribute("data-md-color-media"),
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent")
    };
  }

  function apply(index, keep) {
    var input = inputs[index];
    var colour = colours(input);
    input.checked = true;
    Object.keys(colour).forEach(function (key) {
      // Only what differs: a changed attribute on <body> makes the browser restyle the whole page.
      if (document.body.getAttribute("data-md-color-" + key) !== colour[key]) {
        document.body.setAttribute("data-md-color-" + key, colour[key]);
      }
    });
    // The button shows the palette one click away: the label after the chosen input points at the next one.
    inputs.forEach(function (other, i) {
      var label = other.nextElementSibling;
      if (label && label.tagName === "LABEL") { label.hidden = i !== index; }
    });
    if (keep && typeof window.__md_set === "function") { window.__md_set("__palette", { index: index, color: colour }); }
  }

  function matching() {
    for (var i = 0; i < inputs.length; i++) {
      var media = inputs[i].getAttribute("data-md-color-media");
      if (media && window.matchMedia && window.matchMedia(media).matches) { return i; }
    }
    return 0;
  }

  var stored = typeof window.__md_get === "function" ? window.__md_get("__palette") : null;
  var chosen = stored && typeof stored.index === "number" && inputs[stored.index] ? stored.index : null;
  apply(chosen === null ? matching() : chosen, false);

  inputs.forEach(function (input, index) {
    input.addEventListener("change", function () { if (input.checked) { apply(index, true); } });
  });
  if (chosen === null && window.matchMedia) {
    // No choice made: follow the device when it switches (for instance at sunset).
    inputs.forEach(function (input) {
      var query = window.matchMedia(input.getAttribute("data-md-color-media") || "not all");
      var follow = function () { if (query.matches) { apply(inputs.indexOf(input), false); } };
      if (query.addEventListener) { query.addEventListener("change", follow); }
    });
  }
})();

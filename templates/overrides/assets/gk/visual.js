/*
 * Gereedschapskist, the visual layer's script: the marks at a glance for lists that scripts build
 * (window.gkKenmerken) and the finder answering in place. Every page works without it: the finder is
 * a plain form that opens the overview with its filters. Data is only ever inserted as text.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function icon(cls, box, size) {
    return svg("svg", { "class": "gk-icoon " + cls, viewBox: box, width: size[0], height: size[1],
      "aria-hidden": "true", focusable: "false" });
  }

  // The same drawings as the macros in templates/pages/visual.j2.
  function evidenceIcon(level) {
    var n = parseInt(level, 10) || 0;
    var node = icon("gk-niveau-" + n, "0 0 24 14", [24, 14]);
    for (var i = 1; i <= 5; i += 1) {
      var attrs = { x: (i - 1) * 5 + 0.5, y: 13.5 - 2 - i * 2, width: 3.5, height: 2 + i * 2, rx: 0.5 };
      if (i <= n) { attrs.fill = "currentColor"; } else { attrs.fill = "none"; attrs.stroke = "currentColor"; attrs["stroke-width"] = 1; }
      node.appendChild(svg("rect", attrs));
    }
    return node;
  }

  function piePath(step, steps) {
    var r = 5, c = 6;
    if (step >= steps) { return "M6 1a5 5 0 1 1 0 10a5 5 0 1 1 0 -10z"; }
    var angle = 2 * Math.PI * step / steps;
    var x = (c + r * Math.sin(angle)).toFixed(2), y = (c - r * Math.cos(angle)).toFixed(2);
    return "M6 6V1A5 5 0 " + (step / steps > 0.5 ? 1 : 0) + " 1 " + x + " " + y + "z";
  }

  function statusIcon(stap) {
    var parts = String(stap || "0/1").split("/");
    var node = icon("gk-icoon--status", "0 0 12 12", [14, 14]);
    node.appendChild(svg("circle", { cx: 6, cy: 6, r: 5, fill: "none", stroke: "currentColor", "stroke-width": 1.2 }));
    node.appendChild(svg("path", { d: piePath(+parts[0], +parts[1] || 1), fill: "currentColor" }));
    return node;
  }

  function costIcon(known) {
    var node = icon("gk-icoon--kosten", "0 0 14 14", [14, 14]);
    if (known) {
      node.appendChild(svg("circle", { cx: 7, cy: 7, r: 6.2, fill: "currentColor" }));
      node.appendChild(svg("path", { d: "M9.6 4.3a3.4 3.4 0 1 0 0 5.4M3.2 6.2h4.6M3.2 7.9h4.6", fill: "none",
        stroke: "var(--gk-icoon-op, #fff)", "stroke-width": 1.3 }));
    } else {
      node.appendChild(svg("circle", { cx: 7, cy: 7, r: 6, fill: "none", stroke: "currentColor", "stroke-width": 1.2,
        "stroke-dasharray": "2 1.6" }));
      node.appendChild(svg("path", { d: "M5.2 5.4a1.9 1.9 0 1 1 2.6 1.7c-.6.3-.8.6-.8 1.2v.4M7 10.2v.4", fill: "none",
        stroke: "currentColor", "stroke-width": 1.3 }));
    }
    return node;
  }

  function mark(kind, label, text, drawing) {
    var span = el("span", { "class": "gk-kenmerk gk-kenmerk--" + kind });
    span.appendChild(el("span", { "class": "gk-kenmerk__soort" }, label));
    span.appendChild(document.createTextNode(" " + text + " "));
    span.appendChild(drawing);
    return span;
  }

  /* Marks at a glance from Pagefind metadata (result.meta) or data/keuzehulp.json ("kenmerken"):
     { bewijs, bewijs_niveau, status, status_stap, kosten }. Returns null when the data has none. */
  function kenmerken(meta) {
    if (!meta || !meta.bewijs) { return null; }
    var box = el("span", { "class": "gk-kenmerken" });
    box.appendChild(mark("bewijs", "Bewijs:", meta.bewijs, evidenceIcon(meta.bewijs_niveau)));
    if (meta.status) { box.appendChild(mark("status", "Status:", meta.status, statusIcon(meta.status_stap))); }
    if (meta.kosten) {
      var known = meta.kosten === "bekend";
      var cost = mark("kosten", "Kosten:", meta.kosten, costIcon(known));
      if (!known) { cost.classList.add("gk-kenmerk--onbekend"); }
      box.appendChild(cost);
    }
    return box;
  }
  window.gkKenmerken = kenmerken;

  /* ------------------------------------------------------------------ the finder */
  function initFinder() {
    var form = document.querySelector("[data-gk-keuzehulp]");
    var answer = document.querySelector("[data-gk-keuzehulp-antwoord]");
    if (!form || !answer || !window.fetch || !window.gkSiteBase) { return; }
    var base = window.gkSiteBase(); // from gk.js, loaded before this script
    var data = null;

    function choices() {
      var fase = form.querySelector("input[name=fase]:checked");
      var wie = form.querySelector("input[name=doelgroep]:checked");
      return {
        fase: fase ? fase.value : "",
        themas: Array.prototype.map.call(form.querySelectorAll("input[name=thema]:checked"), function (b) { return b.value; }),
        doelgroepen: wie && wie.value ? (wie.getAttribute("data-doelgroepen") || wie.value).split(" ") : []
      };
    }

    function fits(item, c) {
      var any = function (want, have) { return !want.length || want.some(function (v) { return have.indexOf(v) !== -1; }); };
      return (!c.fase || item.fasen.indexOf(c.fase) !== -1) && any(c.themas, item.themas) && any(c.doelgroepen, item.doelgroepen);
    }

    function overviewLink(c) {
      var query = new URLSearchParams();
      c.themas.forEach(function (t) { query.append("thema", t); });
      c.doelgroepen.forEach(function (d) { query.append("doelgroep", d); });
      if (c.fase) { query.set("fase", c.fase); }
      var url = new URL(form.getAttribute("action"), window.location.href);
      url.search = query.toString();
      return url.href;
    }

    function show(c) {
      var found = data.filter(function (item) { return fits(item, c); });
      answer.textContent = "";
      var heading = el("h2", { tabindex: "-1", id: "uw-antwoord" },
        found.length === 1 ? "1 aanpak past bij uw antwoorden" : found.length + " aanpakken passen bij uw antwoorden");
      answer.appendChild(heading);
      if (!found.length) {
        answer.appendChild(el("p", {}, "Er is nog geen aanpak die bij alle antwoorden past. Laat een vraag open, of kijk op de bewijskaart waar de gereedschapskist nog gaten heeft."));
      } else {
        var list = el("ul");
        found.forEach(function (item) {
          var li = el("li");
          li.appendChild(el("a", { href: new URL("aanpakken/" + item.slug + "/", base).href }, item.titel));
          var marks = kenmerken(item.kenmerken);
          if (marks) { li.appendChild(marks); }
          list.appendChild(li);
        });
        answer.appendChild(list);
      }
      var more = el("p");
      more.appendChild(el("a", { href: overviewLink(c) }, "Bekijk deze keuze in het overzicht met filters"));
      answer.appendChild(more);
      heading.focus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var c = choices();
      if (data) { show(c); return; }
      fetch(new URL("data/keuzehulp.json", base)).then(function (r) { return r.json(); }).then(function (json) {
        data = json.aanpakken;
        show(c);
      }).catch(function () { form.submit(); });  // without the data, the plain form still answers
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", initFinder); } else { initFinder(); }
})();
